"""Input files → article trees → output files: the steps the CLI and the Python API share."""

import hashlib
import logging
import os
import sys
import traceback
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from time import perf_counter

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


def output_path(source: str, out_dir, fmt: str):
    """out_dir/<stem>.<ext>: a Path for a local folder, a string for a URL."""
    stem = "stdin" if source == "-" else storage.stem(source)
    location = storage.join(str(out_dir), f"{stem}.{extension(fmt)}")
    return location if storage.is_url(location) else Path(location)


@dataclass(frozen=True)
class Job:
    """One article to convert: its source and, per format, where to write it (a Path, a URL string,
    or None for standard output)."""

    source: str
    targets: tuple[tuple[str, Path | str | None], ...]
    read_options: ReadOptions = ReadOptions()
    write_options: WriteOptions = WriteOptions()
    force: bool = False
    key: str = ""  # the job's name in an output folder's manifest (its targets' common stem)


@dataclass
class Result:
    """What became of one job: written paths, or one line of error (and, for a bug, its traceback)."""

    source: str
    written: list = field(default_factory=list)  # Paths, or URL strings
    error: str | None = None
    traceback: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # "read" and each format
    sha256: str | None = None  # of the bytes that were converted
    status: str = "converted"  # converted · failed · skipped
    pid: int | None = None  # the process that converted it


def convert_job(job: Job) -> Result:
    """Convert one article into each of its targets; never raises for a problem of this article."""
    result = Result(job.source, pid=os.getpid())
    try:
        result.written = _convert(job, result)
    except InvalidDocument as err:
        more = f" (and {len(err.problems) - 1} more; copydesk validate lists them)" if len(err.problems) > 1 else ""
        result.error = f"{err.name}:{err.problems[0]}{more}"
    except CopydeskError as err:
        result.error = str(err)
    except Exception as err:  # a bug of ours: this article fails, the batch goes on
        first = str(err).splitlines()[0] if str(err) else ""
        result.error = (f"{job.source}: internal error: {err.__class__.__name__}: {first} "
                        f"(please report it with the input file; -v shows the traceback)")
        result.traceback = traceback.format_exc()
    if result.error:
        result.status = "failed"
    return result


def _convert(job: Job, result: Result) -> list[Path]:
    for fmt, _ in job.targets:
        writer_for(fmt)  # fail early on a format that is unknown or not available
    if not job.force:
        existing = [str(t) for _, t in job.targets if t is not None and storage.exists(str(t))]
        if existing:
            raise OutputError(f"{existing[0]} exists; pass --force to overwrite it, or --update to convert only what changed")
    start = perf_counter()
    data = read_input(job.source, job.read_options.max_size)
    result.sha256 = hashlib.sha256(data).hexdigest()
    tree = load_article(data, job.read_options)
    result.seconds["read"] = perf_counter() - start
    outputs = []  # every format is made before any is written: a writer's error leaves no partial set
    for fmt, target in job.targets:
        start = perf_counter()
        outputs.append((target, write(tree, fmt, job.write_options)))
        result.seconds[fmt] = perf_counter() - start
    return _write_all(outputs)


def _write_all(outputs) -> list:
    files = [(str(target), data) for target, data in outputs if target is not None]
    storage.write_all(files)  # every format of the article, or none
    for target, data in outputs:
        if target is None:
            write_stdout(data)
        else:
            log.info("wrote %s", target)
    return [target for target, _ in outputs if target is not None]


def write_stdout(data: bytes) -> None:
    """Standard output that cannot take the data (a full disk, /dev/full, a closed pipe) is a user's error."""
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except OSError as err:
        _detach_stdout()
        raise OutputError(f"cannot write to standard output ({err.strerror or err}); "
                          f"write to a file with -o instead") from None


def _detach_stdout() -> None:
    """Point stdout at /dev/null so that Python's flush at exit does not fail a second time."""
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (e.g. a test runner's buffer)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def remove_partial(job: Job) -> None:
    """Remove the temporary files that dead processes left beside this job's local targets."""
    for _, target in job.targets:
        if isinstance(target, Path) and target.parent.is_dir():
            for stale in target.parent.glob(f".{target.name}.*{storage.PART_SUFFIX}"):
                tagged = storage.STALE_PART.fullmatch(stale.name)
                if tagged is None or not storage.process_alive(int(tagged["pid"])):
                    stale.unlink(missing_ok=True)


def convert_file(source: str, out_dir: Path, formats: list[str], read_options: ReadOptions,
                 write_options: WriteOptions = WriteOptions(), force: bool = False) -> list[Path]:
    """Convert one input into each format under out_dir; returns the paths written."""
    job = Job(source, tuple((fmt, output_path(source, out_dir, fmt)) for fmt in formats),
              replace(read_options, name=source), write_options, force)
    return _convert(job, Result(source))


def convert_files(sources: list[str], out_dir, formats: list[str], read_options: ReadOptions,
                  write_options: WriteOptions = WriteOptions(), force: bool = False, jobs: int | None = 1,
                  scheduler: str | None = None, time_limit: float | None = None):
    """Convert many inputs into out_dir (a path or fsspec URL), in `jobs` worker processes (None: one
    per core) or on a Dask cluster (`scheduler`: an address, or local:N); yields (source, written,
    error) in input order. `time_limit`: seconds an article of a local batch may take (None: none).

    Raises OutputError at once for an unknown format or when two inputs would write the same file.
    """
    from convert.batch import check_clashes, convert_batch

    for fmt in formats:
        writer_for(fmt)  # an unknown format is refused before anything else
    batch = [Job(source, tuple((fmt, output_path(source, out_dir, fmt)) for fmt in formats),
                 replace(read_options, name=source), write_options, force) for source in sources]
    check_clashes(batch)
    removed = storage.remove_stale_parts(str(out_dir))
    if removed:
        log.info("removed %d temporary files that an interrupted run left in %s", removed, out_dir)
    with closing(convert_batch(batch, jobs, scheduler=scheduler, time_limit=time_limit)) as results:
        for result in results:
            yield result.source, result.written, result.error


def atomic_write(target, data: bytes) -> None:
    """Write via a temporary file and rename, so no half-written output is ever left behind."""
    storage.write_all([(str(target), data)])
