"""The first code of the ``resoc`` program (the console script and ``python -m resoc_cli``).

A Ctrl-C while resoc itself is still loading (on a first run Python compiles it, which takes
long enough to be hit) comes before ``process.prepare`` has put resoc's handlers in: it ends
in one line and exit 130 here, not in Python's traceback. Nothing had begun, so nothing is
undone. Standard library only, and only ``sys``.
"""

import sys

#: Exit status of a command stopped by Ctrl-C (128 + SIGINT), as in process.py.
INTERRUPTED = 130


def main() -> None:
    try:
        from resoc_cli.main import main as run
    except KeyboardInterrupt:
        sys.stderr.write("resoc: interrupted before it began; nothing was done\n")
        raise SystemExit(INTERRUPTED) from None
    run()
