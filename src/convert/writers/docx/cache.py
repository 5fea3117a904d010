"""A look's template (the styled, empty DOCX and its style ids) kept on disk between runs, so a
one-article `copydesk convert --to docx` neither imports python-docx nor styles a document again.

The key covers everything the template depends on: the look (direction, fonts, language, page),
copydesk's version, the DOCX writer's own source files and the installed python-docx. The folder is
$COPYDESK_CACHE_DIR, else $XDG_CACHE_HOME/copydesk, else ~/.cache/copydesk; COPYDESK_CACHE_DIR=off
turns the cache off. A missing, unreadable or damaged entry is rebuilt; a folder that cannot be
written is simply not used.
"""

import hashlib
import importlib.util
import json
import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from convert.version import __version__

ENVIRONMENT = "COPYDESK_CACHE_DIR"
log = logging.getLogger(__name__)


def folder() -> Path | None:
    chosen = os.environ.get(ENVIRONMENT)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "copydesk"


def key(look: tuple) -> str:
    digest = hashlib.sha256(repr((__version__, look)).encode())
    digest.update(_dependencies())
    return digest.hexdigest()[:32]


@lru_cache(maxsize=1)
def _dependencies() -> bytes:
    """The writer's sources, and python-docx's files as installed (found, not imported)."""
    ours = sorted(Path(__file__).parent.glob("*.py"))
    found = [path.read_bytes() for path in ours]
    spec = importlib.util.find_spec("docx")
    if spec and spec.origin:
        origin = Path(spec.origin).parent
        for path in (origin / "__init__.py", origin / "templates" / "default.docx"):
            stat = path.stat() if path.exists() else None
            found.append(repr((str(path), stat and stat.st_size, stat and stat.st_mtime_ns)).encode())
    return b"\0".join(found)


def load(look: tuple) -> tuple[bytes, dict] | None:
    """(template DOCX bytes, style ids) for the look, when a good entry is on disk."""
    place = folder()
    if place is None:
        return None
    name = key(look)
    try:
        style_ids = json.loads((place / f"{name}.json").read_text(encoding="utf-8"))
        data = (place / f"{name}.docx").read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(style_ids, dict) or hashlib.sha256(data).hexdigest() != style_ids.pop("sha256", None):
        return None
    return data, style_ids


def store(look: tuple, data: bytes, style_ids: dict) -> None:
    place = folder()
    if place is None:
        return
    name = key(look)
    try:
        place.mkdir(parents=True, exist_ok=True)
        _write(place / f"{name}.docx", data)
        _write(place / f"{name}.json", json.dumps({**style_ids, "sha256": hashlib.sha256(data).hexdigest()}).encode())
    except OSError as err:
        log.debug("template cache not written in %s: %s", place, err)


def _write(target: Path, data: bytes) -> None:
    """Via a temporary file and a rename: a reader never sees half an entry."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
