"""Batches on a Dask cluster: the engine archives and agencies already run (dask.distributed).

`cluster_results(tasks, scheduler, run)` runs `run(task)` for every task on the cluster and
yields the results in input order, like the local process pool. What Dask gives us and we do not
rewrite: scheduling, data locality, moving a lost worker's tasks elsewhere (a task that has killed
`distributed.scheduler.allowed-failures` workers fails alone, as `KilledWorker`), nannies that
restart dead workers. What this module adds:

- a sliding window of submitted tasks (`window`), so a million inputs never sit in the
  scheduler's memory at once: a new task is submitted only as an earlier one finishes;
- `plugin.WarmWorker`, a worker plugin that imports the writers and makes one small article in each
  heavy format when a worker starts, so fonts, parsed stylesheets and the DOCX template are warm
  for every article after, and that retires the worker (its nanny starts a fresh process) after
  `recycle_after` articles of a batch that makes PDF, which keeps memory flat (WeasyPrint grows in
  long loops; the other writers do not, and their workers are never retired);
- `scheduler` strings: `tcp://HOST:PORT` (or any address Dask's Client takes) or `local:N`, a
  LocalCluster of N single-threaded worker processes on 127.0.0.1 for trying it out.

dask.distributed is imported only when a scheduler is given (the `cluster` extra installs it).
"""

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from convert.errors import CopydeskError
from convert.writers import RECYCLE_AFTER  # inputs a worker process converts before it is replaced (every pool)

log = logging.getLogger(__name__)

WINDOW_PER_THREAD = 4  # in-flight tasks per worker thread: enough to hide scheduling latency
BUFFER_PER_WINDOW = 4  # finished results held for in-order reporting, in windows
SCHEDULER_ENV = "COPYDESK_SCHEDULER"


def _distributed():
    try:
        import distributed
    except ImportError:
        raise CopydeskError("--scheduler needs dask.distributed; pip install 'copydesk[cluster]'") from None
    return distributed


@contextmanager
def connect(scheduler: str, recycle_after: int | None = RECYCLE_AFTER):
    """A Client for a scheduler address or `local:N`, with the copydesk plugin on every worker."""
    distributed = _distributed()
    cluster = None
    try:
        if scheduler.startswith("local:"):
            count = scheduler.removeprefix("local:")
            if not count.isdigit() or int(count) < 1:
                raise CopydeskError(f"--scheduler {scheduler!r}: say local:N with N workers, e.g. local:2")
            cluster = distributed.LocalCluster(n_workers=int(count), threads_per_worker=1, processes=True,
                                               host="127.0.0.1", dashboard_address=None)
            client = distributed.Client(cluster)
        else:
            client = distributed.Client(scheduler, timeout="10s")
    except OSError as err:
        if cluster is not None:
            cluster.close()
        raise CopydeskError(f"cannot reach the Dask scheduler at {scheduler} ({err}); "
                            f"start one with `dask scheduler` or pass --scheduler local:N") from None
    try:
        from convert.cluster.plugin import WarmWorker

        client.register_plugin(WarmWorker(recycle_after), name=WarmWorker.name)
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def cluster_results(tasks: Iterable, scheduler: str, run: Callable, failed: Callable,
                    window: int | None = None, recycle_after: int | None = RECYCLE_AFTER) -> Iterator:
    """run(task) for every task on the cluster, results in input order.

    `failed(task, message)` makes the result for a task the cluster could not finish (its worker
    died too often, or the task raised): that article fails alone and the batch goes on.
    """
    with connect(scheduler, recycle_after) as client:
        threads = sum(client.nthreads().values()) or 1
        yield from _ordered(client, iter(tasks), run, failed, window or WINDOW_PER_THREAD * threads)


def _ordered(client, tasks: Iterator, run: Callable, failed: Callable, window: int) -> Iterator:
    distributed = _distributed()
    batch = uuid.uuid4().hex[:8]
    pending = distributed.as_completed()
    index_of, task_of, finished = {}, {}, {}
    submitted = reported = 0
    exhausted = False

    def submit_more() -> None:
        nonlocal submitted, exhausted
        while not exhausted and pending.count() < window and submitted - reported < BUFFER_PER_WINDOW * window:
            task = next(tasks, None)
            if task is None:
                exhausted = True
                return
            future = client.submit(run, task, key=f"copydesk-{batch}-{submitted}", pure=False)
            index_of[future.key], task_of[future.key] = submitted, task
            pending.add(future)
            submitted += 1

    submit_more()
    while reported < submitted:
        future = next(pending)
        index, task = index_of.pop(future.key), task_of.pop(future.key)
        finished[index] = _outcome(future, task, failed, distributed)
        future.release()
        while reported in finished:
            yield finished.pop(reported)
            reported += 1
        submit_more()


def _outcome(future, task, failed: Callable, distributed):
    try:
        return future.result()
    except distributed.KilledWorker:
        return failed(task, "the worker converting it died (more than once); it was not converted")
    except Exception as err:  # the task raised: a bug of ours on this input, reported as its failure
        return failed(task, f"internal error on a worker: {err.__class__.__name__}: {err}")
