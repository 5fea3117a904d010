"""Input files → article trees → output files: the steps the CLI and the Python API share."""

import logging
from dataclasses import replace
from pathlib import Path

from convert import storage
from convert.document import validate
from convert.errors import CopydeskError, InvalidDocument, OutputError
from convert.limits import check_size, read_limited
from convert.readers import reader_for
from convert.readers.text import ReadOptions
from convert.writers import RECYCLE_AFTER, WriteOptions, extension, prepare, writer_for

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
        return cluster_results(_claimed(tasks), scheduler, _run_claim, _failed_claim)
    return _results(tasks, jobs, formats)


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


def _claimed(tasks):
    """(task, refusal) for the cluster: Dask runs a task again when its worker dies, even one that
    had written its files, so existing outputs are refused here, on the client, as each task is
    submitted, and on the workers every task overwrites (what an earlier attempt of its own wrote)."""
    for source, out_dir, formats, read_options, write_options, force in tasks:
        targets = [] if force else [output_path(source, out_dir, fmt) for fmt in formats]
        existing = next((target for target in targets if storage.exists(target)), None)
        refusal = f"{existing} exists; pass --force to overwrite it" if existing is not None else None
        yield (source, out_dir, formats, read_options, write_options, True), refusal


def _run_claim(claim) -> tuple[str, list, str | None]:
    task, refusal = claim
    return (task[0], [], refusal) if refusal else _convert_task(task)


def _failed_claim(claim, message: str) -> tuple[str, list, str]:
    return _failed_task(claim[0], message)


def _results(tasks, jobs: int, formats):
    """In this process for a short batch; else in pools of `jobs` workers forked from this process
    once the writers are prepared, each pool replaced after RECYCLE_AFTER inputs a worker."""
    if len(tasks) <= 1 or (jobs <= 1 and len(tasks) <= RECYCLE_AFTER):
        yield from map(_convert_task, tasks)
        return
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor  # 14 ms of imports a one-article run does not need

    # fork shares the prepared writers; with other threads running (a Dask client, a host app)
    # forking can deadlock on a lock one of them holds, so a fresh interpreter is started instead
    forking = threading.active_count() == 1
    context = multiprocessing.get_context("fork" if forking else "forkserver")
    if forking:
        prepare(formats)
    jobs = max(1, jobs)
    step = RECYCLE_AFTER * jobs
    for start in range(0, len(tasks), step):
        chunk = tasks[start:start + step]
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
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


def atomic_write(target, data: bytes) -> None:
    """Write via a temporary file and rename, so no half-written output is ever left behind."""
    storage.write_all([(str(target), data)])
