"""The process around a command: its standard streams, its signals, its arguments.

Standard library only, and nothing happens on import: the entry point calls ``prepare``
before anything else, so that a closed stdout, a ``SIGTERM`` (``timeout``, a shutdown) or
a Ctrl-C at any moment ends in one line and the usual clean-up (a temporary file removed,
a transaction rolled back), never a traceback.
"""

import errno
import os
import sys

#: Exit status of a command stopped by a signal, as a shell reports it (128 + the signal).
#: Literals: ``signal`` (and ``enum`` under it) load only in ``prepare``, so that the window
#: before the handlers are in, where Ctrl-C would print Python's traceback, stays short.
INTERRUPTED = 128 + 2  # SIGINT
TERMINATED = 128 + 15  # SIGTERM
#: Exit status when the reader of a pipe went away (``resoc ... | head -c1``): what a shell
#: reports for a program that ``SIGPIPE`` ended, so that ``set -o pipefail`` sees the same
#: as with ``yes | head -c1``. Nothing is printed: the reader asked for no more.
BROKEN_PIPE = 128 + 13  # 141


class Stopped(KeyboardInterrupt):
    """A ``SIGTERM`` (or another stopping signal) arrived: unwinds like Ctrl-C, so every
    ``finally`` and ``except BaseException`` clean-up runs; ``code`` is the exit status."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.code = 128 + signum


class _ClosedStream:
    """``sys.stdout`` when the process was started with it closed (``resoc ... >&-``):
    every write fails as a write to a closed descriptor does, so the command reports it
    once, as any other refused output."""

    encoding = "utf-8"
    errors = "strict"

    def _refuse(self, *args, **kwargs):
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    write = writelines = _refuse

    def flush(self) -> None:
        pass  # nothing was written, nothing is lost

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    @property
    def buffer(self):  # a binary writer (an export to stdout) is refused the same way
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def _stop(signum, frame) -> None:
    import signal

    # One signal is enough: the clean-up that follows must not be interrupted by a second.
    for other in _signals():
        signal.signal(other, signal.SIG_IGN)
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Stopped(signum)


def _signals() -> tuple:
    import signal

    names = ("SIGINT", "SIGTERM", "SIGHUP")
    return tuple(getattr(signal, name) for name in names if hasattr(signal, name))


def prepare() -> None:
    """Make the process safe to run a command in: descriptors 0-2 open (a file opened later
    must never become "stdout"), a closed stdout that refuses writes, and ``SIGTERM``,
    ``SIGHUP`` and ``SIGINT`` raised as exceptions that unwind through the clean-up."""
    closed = []
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.append(fd)
    for _fd in closed:  # the lowest free descriptor is the one just found closed
        os.open(os.devnull, os.O_RDWR)
    if 1 in closed or sys.stdout is None:
        sys.stdout = _ClosedStream()
    if 2 in closed or sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process
    if 0 in closed or sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - for the process
    _tolerant_console()
    import signal

    for signum in _signals():
        try:
            if signal.getsignal(signum) is not signal.SIG_IGN:  # nohup's choice stands
                signal.signal(signum, _stop)
        except (OSError, ValueError):  # not the main thread, or not on this system
            pass
    global _unraisable_before
    _unraisable_before = sys.unraisablehook
    sys.unraisablehook = _stop_again


_unraisable_before = None


def _stop_again(unraisable) -> None:
    """A stop whose handler ran where Python cannot raise (a weakref callback inside an
    import, a ``__del__``): rather than "Exception ignored" and a command that goes on, the
    stop is delivered again a moment later (an alarm), where the command itself runs."""
    import signal

    stop = unraisable.exc_value
    if isinstance(stop, KeyboardInterrupt) and hasattr(signal, "setitimer"):
        global _pending
        _pending = stop
        try:
            signal.signal(signal.SIGALRM, _deliver)
            signal.setitimer(signal.ITIMER_REAL, 0.005)
            return
        except (OSError, ValueError):  # not the main thread
            pass
    (_unraisable_before or sys.__unraisablehook__)(unraisable)


_pending: BaseException | None = None


def _deliver(signum, frame) -> None:
    raise _pending if _pending is not None else KeyboardInterrupt


def utf8(stream) -> bool:
    """Whether ``stream`` writes UTF-8 (a Windows console may be cp1250 or cp1252)."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    return encoding in ("utf-8", "utf8", "utf-8-sig")


def _tolerant_console() -> None:
    """On a console that is not UTF-8 (``PYTHONIOENCODING=cp1250``, an old Windows console),
    a letter it cannot show (Ø in cp1250, Č in cp1252) becomes "?" in tables and messages
    instead of ending the command; JSON and CSV go out as UTF-8 bytes (render.machine)."""
    for stream in (sys.stdout, sys.stderr):
        if not utf8(stream) and hasattr(stream, "reconfigure"):
            try:  # noqa: SIM105 - contextlib is not loaded on the way here
                stream.reconfigure(errors="replace")
            except (OSError, ValueError):  # a stream that cannot change: leave it as it is
                pass


def exit_code(exc: KeyboardInterrupt) -> int:
    return exc.code if isinstance(exc, Stopped) else INTERRUPTED


def silence_stdout() -> None:
    """The reader of stdout is gone: what is still buffered goes nowhere, quietly (Python
    would otherwise report the failed flush at exit)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        sys.stdout = _ClosedStream()


def undecodable(argv: list[str]) -> int | None:
    """The position (from 1) of the first argument that is not valid text in the terminal's
    encoding (Python keeps its bytes as surrogate escapes), or None."""
    for position, arg in enumerate(argv, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return position
    return None
