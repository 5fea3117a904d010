"""Writers that fail on purpose, registered in WRITERS by the batch tests (a format is one module + one line)."""

import os
import signal

from convert.document import names


def _text(tree) -> str:
    return "".join(tree.getroot().find(names.BODY).itertext())


def crash(tree, options) -> bytes:
    """Kills its own process when the article says CRASH: a worker dying under one article."""
    if "CRASH" in _text(tree):
        os.kill(os.getpid(), signal.SIGKILL)
    return b"fine\n"


def bug(tree, options) -> bytes:
    """Raises an unexpected exception when the article says BUG: an internal error of ours."""
    if "BUG" in _text(tree):
        raise RuntimeError("a handler is missing")
    return b"fine\n"


def hang(tree, options) -> bytes:
    """Never finishes when the article says HANG: an article that would hold a batch forever."""
    if "HANG" in _text(tree):
        import time

        time.sleep(3600)
    return b"fine\n"
