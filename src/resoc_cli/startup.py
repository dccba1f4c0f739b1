"""Start-up: the cyclic garbage collector is paused while the modules load.

Importing Typer, Click and a command module allocates tens of thousands of objects, and the
collector would walk them again and again (about 20 ms of a 150 ms command, measured). The
entry point pauses it; once the command's module is loaded, ``resume()`` moves everything
loaded so far out of the collector's sight (it lives until the process ends anyway) and turns
it back on, so a long import or export collects its garbage as usual.
"""

import gc


def pause() -> None:
    gc.disable()


def resume() -> None:
    """Back to normal collection (a no-op when it was never paused, as in tests)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
