"""A path (or standard input) → its bytes, never more than a size limit: regular files only.

A news article is a few kilobytes; the default limit (50 MB) is generous on purpose and exists so
that /dev/zero, a runaway pipe or a mistaken archive cannot exhaust memory. Reading stops at the
limit + 1 byte, whatever the file claims to be. FIFOs, devices and sockets are refused before they
are opened (os.stat), so a FIFO without a writer cannot block the program; the file is then opened
with O_NONBLOCK and checked again, in case it was swapped between the two calls.
"""

import os
import re
import stat
import sys

from convert.errors import InputError, UsageError

DEFAULT_MAX_SIZE = 50_000_000
ENVIRONMENT = "COPYDESK_MAX_SIZE"
CHUNK = 1 << 20  # one read's worth: memory stays near the data read, however large the limit
_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9, "gb": 10**9,
          "kib": 2**10, "mib": 2**20, "gib": 2**30}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", re.I)


def parse_size(text: str, what: str = "--max-size") -> int:
    """'200MB', '1.5GB', '500k', '1000' (bytes) → bytes; decimal units (MB = 10^6), MiB for 2^20."""
    match = _SIZE.fullmatch(str(text))
    unit = match.group(2).lower() if match else None
    if not match or unit not in _UNITS or float(match.group(1)) * _UNITS[unit] < 1:
        raise UsageError(f"{what} {text!r}: give a size such as 50MB, 200MB or 1GB")
    return int(float(match.group(1)) * _UNITS[unit])


def max_size(given: int | None = None) -> int:
    """The limit in force: the one given, else COPYDESK_MAX_SIZE, else 50 MB."""
    if given is not None:
        return given
    configured = os.environ.get(ENVIRONMENT)
    return parse_size(configured, ENVIRONMENT) if configured else DEFAULT_MAX_SIZE


def human(size: int) -> str:
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= factor:
            return f"{size / factor:.3g} {unit}"
    return f"{size} bytes"


def too_large(name: str, limit: int, size: int | None = None) -> InputError:
    found = f"is {human(size)}, over" if size is not None else "is over"
    return InputError(f"{name}: the input {found} the maximum input size of {human(limit)}; "
                      f"if it really is one article, raise the limit with --max-size (or {ENVIRONMENT})")


def check_size(name: str, data: bytes, limit: int | None = None) -> None:
    """Refuse bytes already in memory that are over the limit (the Python API's inputs)."""
    limit = max_size(limit)
    if len(data) > limit:
        raise too_large(name, limit, len(data))


def read_limited(path: str, limit: int | None = None, what: str = "") -> bytes:
    """The bytes of a regular file, or of standard input for '-', refusing more than `limit` bytes.

    `what` names the file in messages when it is not an input article (e.g. '--css').
    """
    limit = max_size(limit)
    name = f"{what} {path}".strip()
    if path == "-":
        return _read_stream(sys.stdin.buffer, name, limit)
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror})") from None
    _check_regular(name, status)
    if status.st_size > limit:
        raise too_large(name, limit, status.st_size)
    return _read_file(path, name, limit)


def _check_regular(name: str, status: os.stat_result) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise InputError(f"{name}: is a directory; give the article files inside it")
    if not stat.S_ISREG(status.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(status.st_mode) else
                "a device" if stat.S_ISCHR(status.st_mode) or stat.S_ISBLK(status.st_mode) else
                "a socket" if stat.S_ISSOCK(status.st_mode) else "not a regular file")
        raise InputError(f"{name}: is {kind}, not a regular file; save it to a file first"
                         + ("" if name.startswith("--") else ", or pipe it to standard input as -"))


def _read_file(path: str, name: str, limit: int) -> bytes:
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror})") from None
    with open(descriptor, "rb", buffering=0) as stream:
        _check_regular(name, os.fstat(descriptor))  # the path may have been swapped since os.stat
        return _read_stream(stream, name, limit)


def _read_stream(stream, name: str, limit: int) -> bytes:
    chunks, total = [], 0
    try:
        while total <= limit:
            chunk = stream.read(min(CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror})") from None
    if total > limit:
        raise too_large(name, limit)
    return b"".join(chunks)
