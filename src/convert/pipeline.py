"""Input files → article trees → output files: the steps the CLI and the Python API share."""

import logging
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from convert.document import validate
from convert.errors import CopydeskError, InputError, InvalidDocument, OutputError
from convert.readers import reader_for
from convert.readers.text import ReadOptions
from convert.writers import RECYCLE_AFTER, WriteOptions, extension, prepare, writer_for

log = logging.getLogger(__name__)


def read_input(path: str) -> bytes:
    """The bytes of a file, or of standard input for '-'."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; give the article files inside it") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None


def load_article(data: bytes, options: ReadOptions = ReadOptions()):
    """Bytes of a text or article-XML file → a validated article tree."""
    tree = reader_for(options.name, data)(data, options)
    validate(tree, options.name)  # validate once, where the reader hands over
    return tree


def write(tree, fmt: str, options: WriteOptions = WriteOptions()) -> bytes:
    """An article tree in one output format."""
    return writer_for(fmt)(tree, options)


def output_path(source: str, out_dir: Path, fmt: str) -> Path:
    stem = "stdin" if source == "-" else Path(source).stem
    return out_dir / f"{stem}.{extension(fmt)}"


def convert_file(source: str, out_dir: Path, formats: list[str], read_options: ReadOptions,
                 write_options: WriteOptions = WriteOptions(), force: bool = False) -> list[Path]:
    """Convert one input into each format under out_dir; returns the paths written."""
    for fmt in formats:
        writer_for(fmt)  # fail early on a format that is unknown or not available
    targets = [output_path(source, out_dir, fmt) for fmt in formats]
    if not force:
        existing = [str(t) for t in targets if t.exists()]
        if existing:
            raise OutputError(f"{existing[0]} exists; pass --force to overwrite it")
    tree = load_article(read_input(source), read_options)
    # every format is made before any is written: a writer's error leaves no partial set behind
    outputs = [(target, write(tree, fmt, write_options)) for fmt, target in zip(formats, targets)]
    for target, data in outputs:
        atomic_write(target, data)
        log.info("wrote %s", target)
    return [target for target, _ in outputs]


def convert_files(sources: list[str], out_dir: Path, formats: list[str], read_options: ReadOptions,
                  write_options: WriteOptions = WriteOptions(), force: bool = False, jobs: int = 1):
    """Convert many inputs, in `jobs` worker processes; yields (source, paths written, error) in input order.

    Each worker imports the writers' libraries once and keeps their caches (WeasyPrint's fonts)
    for every document it converts. Raises OutputError at once when two inputs share a name.
    """
    targets = [output_path(source, out_dir, "xml") for source in sources]
    clash = next((t for t in targets if targets.count(t) > 1), None)
    if clash is not None:
        raise OutputError(f"two inputs are named {clash.stem!r} and would write the same files in {out_dir}; "
                          f"convert them into different -o folders")
    tasks = [(source, out_dir, formats, replace(read_options, name=source), write_options, force) for source in sources]
    return _results(tasks, jobs, formats)


def _results(tasks, jobs: int, formats):
    """In this process for a short batch; else in pools of `jobs` workers forked from this process
    once the writers are prepared, each pool replaced after RECYCLE_AFTER inputs a worker."""
    if len(tasks) <= 1 or (jobs <= 1 and len(tasks) <= RECYCLE_AFTER):
        yield from map(_convert_task, tasks)
        return
    from concurrent.futures import ProcessPoolExecutor  # 14 ms of imports a one-article run does not need

    prepare(formats)
    jobs = max(1, jobs)
    step = RECYCLE_AFTER * jobs
    for start in range(0, len(tasks), step):
        chunk = tasks[start:start + step]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from pool.map(_convert_task, chunk, chunksize=max(1, min(16, len(chunk) // (jobs * 4))))


def _convert_task(task) -> tuple[str, list[Path], str | None]:
    source = task[0]
    try:
        return source, convert_file(*task), None
    except InvalidDocument as err:
        more = f" (and {len(err.problems) - 1} more; copydesk validate lists them)" if len(err.problems) > 1 else ""
        return source, [], f"{err.name}:{err.problems[0]}{more}"
    except CopydeskError as err:
        return source, [], str(err)


def atomic_write(target: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so no half-written output is ever left behind."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as err:
        raise OutputError(f"{target.parent}: cannot write there ({err.strerror}); choose another -o") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except OSError as err:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write ({err.strerror}); nothing was written") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
