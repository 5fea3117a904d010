"""Many articles → many outputs: the batch runner behind one small interface, and what surrounds it.

A runner is a context manager with ``map(jobs) -> iterator of Results in input order``. Two
backends exist: ``Serial`` (in this process, for one article or ``-j 1``) and ``ProcessPool``
(supervised worker processes: a worker that dies costs only its article, workers die with their
parent). Another backend (a Dask scheduler, say) is one more class with the same two methods.
"""

import logging
import os
from collections import Counter
from dataclasses import replace
from pathlib import Path

from convert import storage
from convert.errors import OutputError
from convert.pipeline import Job, Result, convert_job, load_article, remove_partial, write


class Serial:
    """Runs every job in this process, one after another."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def map(self, jobs):
        for job in jobs:
            try:
                yield convert_job(job)
            except BaseException:
                remove_partial(job)
                raise


def default_jobs() -> int:
    """The number of cores this process may use (the default --jobs for a batch)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


log = logging.getLogger(__name__)
TIME_LIMIT = 600.0  # seconds per article in a batch: generous (a long article takes seconds), never infinite


def runner(jobs: int | None = None, count: int | None = None, scheduler: str | None = None, formats=(),
           time_limit: float | None = None):
    """The backend for `jobs` processes (default: one per core) and `count` articles, or a Dask cluster."""
    from convert.writers import recycle_after

    if scheduler:
        return Cluster(scheduler, recycle_after(formats))
    workers = default_jobs() if jobs is None else jobs
    if count is not None:
        workers = min(workers, count)
    if workers <= 1 and not (time_limit and (count or 0) > 1):  # -j 1 stays in this process unless a
        return Serial()                                          # time limit was asked for (it needs a worker)
    from convert.batch.pool import ProcessPool

    warm_up(formats)  # once, in this process: the forked workers share it
    limit = TIME_LIMIT if time_limit is None else (time_limit or None)  # None: the default; 0: no limit
    return ProcessPool(max(1, workers), convert_job, on_lost=lost_job, recycle_after=recycle_after(formats),
                       time_limit=limit)


WARM_UP_TEXT = "عنوان\n\nنص قصير للتحضير، 28 كلمة.\n"  # Arabic, digits: the common look's fonts


def warm_up(formats) -> None:
    """Load the writers' libraries and make one tiny article in each of the formats, so that what
    every process pays on its first article (WeasyPrint's C types parsed by cffi, fontTools, the
    fonts, a stylesheet, the DOCX template) is paid once: before the workers are forked, or when a
    Dask worker starts. A failure here only leaves the workers cold."""
    from convert.readers.text import ReadOptions
    from convert.writers import prepare

    try:
        prepare(formats)
        tree = load_article(WARM_UP_TEXT.encode(), ReadOptions(name="warm-up.txt"))
        for fmt in formats:
            write(tree, fmt)
    except Exception:  # a cold worker is slower, not wrong; the batch reports the real errors
        log.debug("warm-up failed", exc_info=True)


class Cluster:
    """Runs the jobs on a Dask cluster (convert.cluster): an address, or local:N."""

    def __init__(self, scheduler: str, recycle_after: int | None):
        self.scheduler, self.recycle_after, self.results = scheduler, recycle_after, None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.results is not None:
            self.results.close()  # closes the client (and a local cluster)

    def map(self, jobs):
        from convert.cluster import cluster_results

        self.results = cluster_results(jobs, self.scheduler, convert_job, _failed_on_cluster,
                                       recycle_after=self.recycle_after)
        return self.results


def _failed_on_cluster(job: Job, message: str) -> Result:
    return Result(job.source, error=f"{job.source}: {message}", status="failed")


def lost_job(job: Job, why: str) -> Result:
    """The result of a job whose worker process died under it."""
    remove_partial(job)
    return Result(job.source, error=f"{job.source}: the worker converting it {why}; nothing was written for it",
                  status="failed")


def check_clashes(jobs: list[Job]) -> None:
    """Refuse a batch in which two inputs would write the same file (in any format)."""
    counts = Counter(str(target) for job in jobs for target in {t for _, t in job.targets if t is not None})
    clash = next((target for target, n in counts.items() if n > 1), None)
    if clash is not None:
        owners = [job.source for job in jobs if any(str(t) == clash for _, t in job.targets)]
        raise OutputError(f"{clash}: two inputs would write this file ({' and '.join(owners[:2])}); "
                          f"rename one or convert them into different -o folders")


def convert_batch(jobs: list[Job], workers: int | None = None, folder=None, update: bool = False,
                  scheduler: str | None = None, time_limit: float | None = None):
    """Convert every job (`workers` processes; default one per core); yields a Result per job in input order.

    Outputs that exist are checked here, before anything runs (without --force such a job fails
    alone), so a job that a cluster runs twice (its worker died after writing) is not refused by
    its own first outputs. With a manifest `folder`, each finished article is recorded there; with
    `update`, articles whose record matches (same source bytes, options and version, outputs
    present) are skipped, and the others are converted again over their old outputs.
    """
    from convert.batch.manifest import Manifest

    manifest = Manifest(folder) if folder is not None else None
    early = [_settled_early(job, update, manifest) for job in jobs]
    stale = [replace(job, force=True) for job, result in zip(jobs, early) if result is None]
    remove_stale_parts(stale)
    try:
        formats = sorted({fmt for job in stale for fmt, _ in job.targets})
        with runner(workers, len(stale), scheduler, formats, time_limit) as run:
            converted = run.map(stale)
            for job, result in zip(jobs, early):
                if result is None:
                    result = next(converted)
                    if manifest is not None:
                        manifest.record(job, result)
                yield result
    finally:
        if manifest is not None:
            manifest.close()


def _settled_early(job: Job, update: bool, manifest) -> Result | None:
    """The result of a job decided without running it (up to date, or its outputs exist), else None."""
    if update and manifest is not None and manifest.fresh(job):
        return Result(job.source, status="skipped")
    if job.force or update:
        return None
    existing = next((str(t) for _, t in job.targets if t is not None and storage.exists(str(t))), None)
    if existing is None:
        return None
    return Result(job.source, status="failed",
                  error=f"{existing} exists; pass --force to overwrite it, or --update to convert only what changed")


def remove_stale_parts(jobs: list[Job]) -> None:
    """Remove temporary files that a killed earlier run left beside these jobs' targets."""
    names: dict[Path, set[str]] = {}
    for job in jobs:
        for _, target in job.targets:
            if isinstance(target, Path):
                names.setdefault(target.parent, set()).add(target.name)
    for folder, wanted in names.items():
        try:
            entries = [e for e in os.scandir(folder) if e.name.startswith(".") and e.name.endswith(".part")]
        except OSError:
            continue
        for entry in entries:
            tagged = storage.STALE_PART.fullmatch(entry.name)  # .<name>.<pid>.<random>.part
            if tagged and tagged["name"] in wanted and not storage.process_alive(int(tagged["pid"])):
                Path(entry.path).unlink(missing_ok=True)
