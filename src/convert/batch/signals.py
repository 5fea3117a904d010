"""SIGTERM and SIGINT → an exception that unwinds the batch (workers stopped, temporary files removed)."""

import signal
from contextlib import contextmanager


class Interrupted(BaseException):
    """SIGTERM arrived; like KeyboardInterrupt, not an error of the article being converted."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextmanager
def stop_on_signals():
    """Within the block, SIGTERM raises Interrupted (SIGINT already raises KeyboardInterrupt)."""
    def on_term(signum, frame):
        raise Interrupted(signum)

    try:
        previous = signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def exit_status(error: BaseException) -> int:
    """128 + the signal's number, as shells report a process a signal stopped: 130 for Ctrl-C, 143 for SIGTERM."""
    return 128 + (error.signum if isinstance(error, Interrupted) else signal.SIGINT)
