"""A hot folder → outputs: each file converted once it is complete, bad files reported, Ctrl-C stops cleanly.

A file counts as complete when its size and modification time have held still for SETTLE seconds
(an agency feed or an editor may write it in several bursts); a file written under a hidden
temporary name and renamed into place is seen once, under its final name. Conversions run in a
worker process, so even a file that crashes a worker costs only itself.
"""

import os
from pathlib import Path
from time import monotonic

from convert.batch import lost_job
from convert.batch.manifest import Manifest
from convert.batch.plan import Input, wanted
from convert.batch.pool import ProcessPool
from convert.pipeline import convert_job

SETTLE = 1.0  # seconds a file must hold still; long enough for a feed's bursts, short enough to feel live
TICK_MS = 200  # how often pending files are looked at, in milliseconds


def watch_folder(folder: Path, out: Path, make_job, on_result, pattern=None, workers: int = 1,
                 settle: float = SETTLE, on_ready=None, stop_event=None) -> None:
    """Convert what is in `folder` and then each file that lands there, until Ctrl-C, SIGTERM or `stop_event`.

    make_job(Input) → Job; on_result(Result) is called for every conversion, in order.
    """
    import logging

    import watchfiles

    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # it logs each Ctrl-C as a warning
    folder = folder.resolve()
    manifest = Manifest(out)
    skip = out.resolve()
    with ProcessPool(max(1, workers), convert_job, on_lost=lost_job) as pool:
        pool.start()
        existing = [Path(root, name) for root, _, names in os.walk(folder) for name in sorted(names)]
        _convert(pool, manifest, [_input(folder, p, pattern, skip) for p in existing], make_job, on_result)
        if on_ready:
            on_ready()
        pending: dict[Path, tuple] = {}
        try:
            for changes in watchfiles.watch(folder, stop_event=stop_event, yield_on_timeout=True, debounce=TICK_MS,
                                            step=50, rust_timeout=TICK_MS, raise_interrupt=False):
                for change, name in changes:
                    if change != watchfiles.Change.deleted:
                        for path in _files(Path(name)):
                            pending.setdefault(path, (None, 0.0))
                ready = _settled(pending, settle)
                _convert(pool, manifest, [_input(folder, p, pattern, skip) for p in ready], make_job, on_result)
        finally:
            manifest.close()


def _files(path: Path) -> list[Path]:
    """The path, or the files in it when it is a new folder (files made in it before it was watched)."""
    if not path.is_dir():
        return [path]
    return [Path(root, name) for root, _, names in os.walk(path) for name in names]


def _input(folder: Path, path: Path, pattern, skip: Path) -> Input | None:
    try:
        relative = path.relative_to(folder)
    except ValueError:
        return None
    if any(part.startswith(".") for part in relative.parts[:-1]) or skip in path.resolve().parents:
        return None
    if not path.is_file() or not wanted(path.name, relative, pattern):
        return None
    return Input(str(path), relative)


def _settled(pending: dict, settle: float) -> list[Path]:
    """The pending files whose size and mtime have not changed for `settle` seconds (removed from pending)."""
    now, ready = monotonic(), []
    for path, (signature, since) in list(pending.items()):
        try:
            stat = path.stat()
        except OSError:
            del pending[path]  # gone again (a temporary file, a move)
            continue
        current = (stat.st_size, stat.st_mtime_ns)
        if current != signature:
            pending[path] = (current, now)
        elif now - since >= settle:
            del pending[path]
            ready.append(path)
    return ready


def _convert(pool, manifest, inputs, make_job, on_result) -> None:
    jobs = [make_job(item) for item in inputs if item is not None]
    stale = [job for job in jobs if not manifest.fresh(job)]
    for job, result in zip(stale, pool.map(stale)):
        manifest.record(job, result)
        on_result(result)

