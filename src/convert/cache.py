"""An on-disk cache of what one process would otherwise rebuild at every start: which font files a
face name stands for, the code points a font file covers, and the DOCX template of a look.

One command on one article spends most of its time on these (python-docx building the styles,
fontpkg and fontTools finding and reading fonts), and they change only when copydesk, the house
style or the installed fonts change. So each entry is stored under a key that holds everything it
was made from (copydesk's writer sources, the library versions, the arguments, the font files'
sizes and dates, and a stamp of the font folders, the way fontconfig checks its own cache); a
changed input is a new key, never a stale value.

The folder is `$COPYDESK_CACHE_DIR`, else `$XDG_CACHE_HOME/copydesk`, else `~/.cache/copydesk`;
`COPYDESK_CACHE_DIR=off` turns the cache off. An entry that cannot be read or written is simply
rebuilt (a read-only home still works, only slower). Entries are written whole: a temporary file
in the folder, then renamed; each kind keeps its KEPT_PER_KIND newest entries.

Why not a library: diskcache (SQLite) or joblib.Memory cost more start-up time to import than this
cache saves on small entries, and pickle is not needed: entries are JSON or bytes.
"""

import hashlib
import json
import logging
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)
FORMAT = 1  # bump when an entry's layout changes
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts",
                "/var/cache/fontconfig", "/etc/fonts/conf.d")
PACKAGE_FOLDERS = ("site-packages", "dist-packages")  # where pip and Debian install fontpkg packages
FOLDER_DEPTH = 2
KEPT_PER_KIND = 64  # entries of one kind kept (the newest): a house style or font edit adds one  # fontconfig packages add a folder two levels down (/usr/share/fonts/truetype/amiri)


def folder() -> Path | None:
    """The cache folder, or None when the cache is off."""
    chosen = os.environ.get("COPYDESK_CACHE_DIR")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or "~/.cache"
    return Path(base).expanduser() / "copydesk"


def key(kind: str, *parts) -> str:
    """The name of an entry: its kind and a digest of everything it is made from."""
    digest = hashlib.sha256(repr((FORMAT, parts)).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{kind}-{digest}"


def read(name: str) -> bytes | None:
    place = folder()
    if place is None:
        return None
    try:
        return (place / name).read_bytes()
    except OSError:
        return None


def write(name: str, data: bytes) -> None:
    """Store an entry whole, or not at all (a cache that cannot be written is no error)."""
    place = folder()
    if place is None:
        return
    try:
        place.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=place, prefix=f".{name}.", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, place / name)
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(place, name.partition("-")[0])
    except OSError as err:
        log.debug("cache %s not written: %s", name, err)


def _prune(place: Path, kind: str) -> None:
    """Keep the KEPT_PER_KIND newest entries of a kind: old copydesk versions' and edited house
    styles' entries go (a removed entry is only made again)."""
    entries = sorted((entry for entry in os.scandir(place) if entry.name.startswith(f"{kind}-")),
                     key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
    for entry in entries[KEPT_PER_KIND:]:
        try:
            os.unlink(entry.path)
        except OSError:
            pass


def read_json(name: str):
    data = read(name)
    if data is None:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


def write_json(name: str, value) -> None:
    write(name, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def remembered(kind: str, parts: tuple, make, encode=None, decode=None):
    """make()'s value, from the entry of (kind, parts) when there is one, else made and stored
    (encode/decode turn it into JSON and back)."""
    name = key(kind, *parts)
    stored = read_json(name)
    if stored is not None:
        try:
            return decode(stored) if decode else stored
        except (TypeError, ValueError, KeyError):
            log.debug("cache %s unreadable: rebuilt", name)
    value = make()
    write_json(name, encode(value) if encode else value)
    return value


def file_stamp(path) -> tuple:
    """What says a file is the same file: its resolved path, size and modification time."""
    if path is None:
        return (None,)
    try:
        status = os.stat(path)
    except OSError:
        return (str(path), None)
    return (str(path), status.st_size, status.st_mtime_ns)


@lru_cache(maxsize=None)
def fonts_stamp() -> tuple:
    """The state of everything a font lookup reads: the folders Python packages are installed in
    (a fontpkg package added or removed changes them; not the script's folder, sys.path[0]) and
    the system font folders to two levels."""
    stamps = [_folder_stamp(Path(entry)) for entry in sys.path if os.path.basename(entry) in PACKAGE_FOLDERS]
    for root in FONT_FOLDERS:
        stamps += _tree_stamps(Path(root).expanduser(), FOLDER_DEPTH)
    return tuple(stamps)


def _tree_stamps(root: Path, depth: int) -> list:
    stamps = [_folder_stamp(root)]
    if depth and stamps[0][1] is not None:
        try:
            children = sorted(entry.path for entry in os.scandir(root) if entry.is_dir())
        except OSError:
            return stamps
        for child in children:
            stamps += _tree_stamps(Path(child), depth - 1)
    return stamps


def _folder_stamp(path: Path) -> tuple:
    try:
        return (str(path), os.stat(path).st_mtime_ns)
    except OSError:
        return (str(path), None)


@lru_cache(maxsize=None)
def module_stamp(name: str) -> tuple:
    """A library's installed version, told by its top module's file (found without importing it)."""
    from importlib.util import find_spec

    try:
        spec = find_spec(name)
    except (ImportError, ValueError):
        return (name, None)
    return (name, *file_stamp(spec.origin if spec else None))


@lru_cache(maxsize=None)
def sources_stamp(*packages: str) -> tuple:
    """The sources of copydesk's modules that make an entry: an edited writer is a new key even
    when the version number is not changed (a development checkout)."""
    from convert.version import __version__

    here = Path(__file__).parent
    stamps = [__version__]
    for package in packages:
        target = here.joinpath(*package.split("."))
        files = sorted(target.rglob("*.py")) if target.is_dir() else [target.with_suffix(".py")]
        stamps += [file_stamp(path)[1:] + (path.name,) for path in files]
    return tuple(stamps)
