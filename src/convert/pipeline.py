"""Input files → article trees → output files: the steps the CLI and the Python API share."""

import logging
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from convert import storage
from convert.document import validate
from convert.errors import CopydeskError, InvalidDocument, OutputError
from convert.limits import check_size, read_limited
from convert.readers import reader_for
from convert.readers.text import ReadOptions
from convert.writers import WriteOptions, extension, writer_for

log = logging.getLogger(__name__)


def read_input(path: str, max_size: int | None = None) -> bytes:
    """The bytes of a file or fsspec URL, or of standard input for '-', up to max_size (convert.limits)."""
    if path == "-":
        return read_limited("-", max_size)
    return storage.read_bytes(path, max_size)


def load_article(data: bytes, options: ReadOptions = ReadOptions()):
    """Bytes of a text or article-XML file → a validated article tree."""
    check_size(options.name, data, options.max_size)
    tree = reader_for(options.name, data)(data, options)
    validate(tree, options.name)  # validate once, where the reader hands over
    return tree


def write(tree, fmt: str, options: WriteOptions = WriteOptions()) -> bytes:
    """An article tree in one output format."""
    return writer_for(fmt)(tree, options)


def output_path(source: str, out_dir, fmt: str) -> str:
    """out_dir/<stem>.<ext>; out_dir and the result are paths or URLs."""
    stem = "stdin" if source == "-" else storage.stem(source)
    return storage.join(str(out_dir), f"{stem}.{extension(fmt)}")


def convert_file(source: str, out_dir: Path, formats: list[str], read_options: ReadOptions,
                 write_options: WriteOptions = WriteOptions(), force: bool = False) -> list[Path]:
    """Convert one input into each format under out_dir; returns the paths written."""
    for fmt in formats:
        writer_for(fmt)  # fail early on a format that is unknown or not available
    targets = [output_path(source, out_dir, fmt) for fmt in formats]
    if not force:
        existing = [t for t in targets if storage.exists(t)]
        if existing:
            raise OutputError(f"{existing[0]} exists; pass --force to overwrite it")
    tree = load_article(read_input(source, read_options.max_size), read_options)
    # every format is made before any is written: a writer's error leaves no partial set behind
    outputs = [(target, write(tree, fmt, write_options)) for fmt, target in zip(formats, targets)]
    storage.write_all(outputs)
    for target, _ in outputs:
        log.info("wrote %s", target)
    return [Path(t) if not storage.is_url(t) else t for t, _ in outputs]


def convert_files(sources: list[str], out_dir: Path, formats: list[str], read_options: ReadOptions,
                  write_options: WriteOptions = WriteOptions(), force: bool = False, jobs: int = 1,
                  scheduler: str | None = None):
    """Convert many inputs, in `jobs` worker processes or on a Dask cluster (`scheduler`: an
    address, or local:N); yields (source, paths written, error) in input order.

    Each worker imports the writers' libraries once and keeps their caches (WeasyPrint's fonts)
    for every document it converts. Raises OutputError at once when two inputs share a name.
    """
    for fmt in formats:
        writer_for(fmt)  # an unknown format is refused before anything else
    clash = _first_clash(sources, out_dir, formats)
    if clash is not None:
        raise OutputError(f"{clash}: two inputs would write this file; convert them into different -o folders")
    removed = storage.remove_stale_parts(str(out_dir))
    if removed:
        log.info("removed %d temporary files that an interrupted run left in %s", removed, out_dir)
    tasks = [(source, out_dir, formats, replace(read_options, name=source), write_options, force) for source in sources]
    if scheduler:
        from convert.cluster import cluster_results
        return cluster_results(tasks, scheduler, _convert_task, _failed_task)
    return _results(tasks, jobs)


def _first_clash(sources: list[str], out_dir, formats: list[str]) -> str | None:
    """An output that two inputs would both write, over every format's target (x.tei.txt as xml
    and x.txt as tei both make x.tei.xml)."""
    seen: set[str] = set()
    for source in sources:
        for target in {output_path(source, out_dir, fmt) for fmt in formats}:
            if target in seen:
                return target
            seen.add(target)
    return None


def _failed_task(task, message: str) -> tuple[str, list, str]:
    return task[0], [], f"{task[0]}: {message}"


def _results(tasks, jobs: int):
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(_convert_task, tasks)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_convert_task, tasks, chunksize=max(1, len(tasks) // (jobs * 4)))


def _convert_task(task) -> tuple[str, list[Path], str | None]:
    source = task[0]
    try:
        return source, convert_file(*task), None
    except InvalidDocument as err:
        more = f" (and {len(err.problems) - 1} more; copydesk validate lists them)" if len(err.problems) > 1 else ""
        return source, [], f"{err.name}:{err.problems[0]}{more}"
    except CopydeskError as err:
        return source, [], str(err)


def atomic_write(target, data: bytes) -> None:
    """Write via a temporary file and rename, so no half-written output is ever left behind."""
    storage.write_all([(str(target), data)])
