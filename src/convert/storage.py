"""Where inputs are read and outputs written: local paths, or any fsspec URL (s3://, gs://, memory://, …).

Local paths (and file:// URLs) are written the way a careful tool writes files: into a hidden
temporary file beside the target, then renamed over it, so a reader never sees half a file. Other
URLs go through fsspec, the ecosystem's filesystem layer (a dependency; the
filesystem package for a protocol, such as s3fs, is the user's to install): written to a temporary
name and moved into place where the store allows it. fsspec is imported only when a URL is used.
"""

import os
import re
import signal
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from convert import limits
from convert.errors import InputError, OutputError
from convert.limits import read_limited

URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
PART_SUFFIX = ".part"


def is_url(location: str) -> bool:
    return bool(URL.match(location)) and not location.startswith("file://")


def local_path(location: str) -> Path:
    return Path(location.removeprefix("file://"))


def _filesystem(url: str):
    try:
        import fsspec
    except ImportError:
        raise InputError(f"{url}: URLs need fsspec; pip install fsspec") from None
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as err:
        raise InputError(f"{url}: {err}") from None


def read_bytes(location: str, max_size: int | None = None) -> bytes:
    """The bytes at a path or URL, never more than max_size (convert.limits), or one clear error."""
    if not is_url(location):
        return read_limited(str(local_path(location)), max_size)
    fs, path = _filesystem(location)
    limit = limits.max_size(max_size)
    try:
        with fs.open(path, "rb") as stream:
            data = stream.read(limit + 1)
    except FileNotFoundError:
        raise InputError(f"{location}: no such file") from None
    except OSError as err:
        raise InputError(f"{location}: cannot read ({err})") from None
    if len(data) > limit:
        raise limits.too_large(location, limit)
    return data


def exists(location: str) -> bool:
    if not is_url(location):
        return local_path(location).exists()
    fs, path = _filesystem(location)
    return fs.exists(path)


def join(folder: str, name: str) -> str:
    """A file name inside a folder given as a path or a URL."""
    if is_url(folder):
        return folder.rstrip("/") + "/" + name
    return str(local_path(folder) / name)


def stem(location: str) -> str:
    return PurePosixPath(location).stem if is_url(location) else local_path(location).stem


def write_all(outputs: list[tuple[str, bytes]]) -> None:
    """Write every (location, data) or none: all are staged first, then moved into place.

    A failure while staging leaves every target as it was; a failure while moving removes the
    targets already moved, so an article never ends with some of its formats only. Ctrl-C and
    SIGTERM wait while the staged files are moved (renames: a moment), so a stop cannot fall
    between one format's move and the record of it.
    """
    staged: list[tuple[str, str]] = []
    try:
        for target, data in outputs:
            staged.append((target, _stage(target, data)))
    except BaseException:
        for _target, temporary in staged:
            _remove(temporary)
        raise
    moved: list[str] = []
    with _stops_held():  # a stop is acted on when the block ends: after the moves, not undoing them
        try:
            for target, temporary in staged:
                _move(temporary, target)
                moved.append(target)
        except BaseException:
            for target in moved:
                _remove(target)
            for target, temporary in staged[len(moved):]:
                _remove(temporary)
            raise


STOPS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def _stops_held():
    """Ctrl-C and SIGTERM noted, not acted on, until the block ends; then delivered to the handlers
    that were there. (Python runs signal handlers in the main thread only, so a block in another
    thread, a Dask worker's, is never interrupted by one; blocking the signal in this thread would
    not do, as another thread of the process may take it.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted = []
    previous = {stop: signal.signal(stop, lambda signum, frame: noted.append(signum)) for stop in STOPS}
    try:
        yield
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, signal.SIG_DFL if handler is None else handler)
        if noted:
            signal.raise_signal(noted[0])


def _stage(target: str, data: bytes) -> str:
    if is_url(target):
        fs, path = _filesystem(target)
        temporary = f"{path}{PART_SUFFIX}"
        try:
            parent = path.rsplit("/", 1)[0]
            if parent and parent != path:
                fs.makedirs(parent, exist_ok=True)
            with fs.open(temporary, "wb") as stream:
                stream.write(data)
        except OSError as err:
            raise OutputError(f"{target}: cannot write ({err}); nothing was written") from None
        return fs.unstrip_protocol(temporary)
    path = local_path(target)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=PART_SUFFIX)
    except OSError as err:
        raise OutputError(f"{path.parent}: cannot write there ({err.strerror}); choose another -o") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())
    except OSError as err:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write ({err.strerror}); nothing was written") from None
    return temporary


def _move(temporary: str, target: str) -> None:
    try:
        if is_url(target):
            fs, path = _filesystem(target)
            fs.mv(_filesystem(temporary)[1], path)
        else:
            os.replace(temporary, local_path(target))
    except OSError as err:
        raise OutputError(f"{target}: cannot write ({err}); nothing was written for this article") from None


def _remove(location: str) -> None:
    try:
        if is_url(location):
            fs, path = _filesystem(location)
            fs.rm(path)
        else:
            local_path(location).unlink(missing_ok=True)
    except OSError:
        pass


STALE_PART = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.\w+\.part")
UNTAGGED_PART_AGE = 3600  # seconds: a .part file without a process id (older copydesk) is stale after an hour


def remove_stale_parts(folder: str) -> int:
    """Remove the temporary files that killed runs left under a local output folder.

    A temporary file names the process that writes it; it is stale when that process is gone
    (a concurrent run's files are left alone). Returns how many were removed."""
    if is_url(folder) or not local_path(folder).is_dir():
        return 0
    removed = 0
    for part in local_path(folder).rglob(f".*{PART_SUFFIX}"):
        tagged = STALE_PART.fullmatch(part.name)
        try:
            stale = (not process_alive(int(tagged["pid"])) if tagged
                     else time.time() - part.stat().st_mtime > UNTAGGED_PART_AGE)
            if stale:
                part.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs (a .part file names the process writing it). A killed
    process its parent has not reaped yet (a zombie) still answers signal 0, but writes nothing more."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] == b"Z"  # the state follows the command's name
    except (OSError, IndexError):
        return False  # no /proc (not Linux): signal 0 is all we know


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
