"""Jobs → results in input order, from supervised worker processes that each run one job at a time.

Unlike ProcessPoolExecutor (whose BrokenProcessPool ends the whole batch when one worker dies),
a dead worker here costs only the job it held: that job is reported as lost and a fresh worker
takes its place. Workers ask the kernel to kill them when their parent dies (PR_SET_PDEATHSIG), and
leave Ctrl-C to the parent, which stops them all within a second.
"""

import ctypes
import multiprocessing
import os
import signal
import time
from collections import deque
from multiprocessing.connection import wait

STOP_GRACE = 0.5  # seconds a worker gets to remove its temporary file before it is killed
_PR_SET_PDEATHSIG = 1
_CONTEXT = multiprocessing.get_context("fork")  # workers inherit the imported writers: no start-up cost


class ProcessPool:
    """`workers` processes running `function(job)`; `on_lost(job, why)` stands in for a job whose worker died."""

    def __init__(self, workers: int, function, on_lost, recycle_after: int | None = None,
                 time_limit: float | None = None):
        self.size, self.function, self.on_lost = workers, function, on_lost
        self.time_limit = time_limit  # seconds one job may take before its worker is killed (it fails alone)
        self.recycle_after = recycle_after  # jobs a worker runs before a fresh one replaces it (memory stays flat)
        self.workers: list[_Worker] = []

    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace) -> None:
        self.close(now=kind is not None)

    def start(self) -> None:
        """Start every worker now (before, say, a file watcher's threads exist)."""
        while len(self.workers) < self.size:
            self.workers.append(_Worker(self.function))

    def map(self, jobs):
        """The function's result for each job, in input order, as soon as each is next in line."""
        jobs = list(jobs)
        waiting, done, next_out = deque(range(len(jobs))), {}, 0
        while next_out < len(jobs):
            self._assign(waiting, jobs)
            for worker in self._ready():
                index, result = worker.collect()
                done[index] = result if result is not None else self.on_lost(jobs[index], worker.why())
                worker.done += 1
                if result is None:
                    self._replace(worker)
                elif self.recycle_after and worker.done >= self.recycle_after:
                    self._retire(worker)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1

    def _assign(self, waiting, jobs) -> None:
        self.start()
        for worker in self.workers:
            if worker.index is None and waiting:
                index = waiting.popleft()
                if not worker.give(index, jobs[index]):
                    waiting.appendleft(index)  # it died while idle: a fresh one takes the job
                    self._replace(worker)

    def _ready(self):
        busy = [w for w in self.workers if w.index is not None]
        if not busy:
            return []
        timeout = None
        if self.time_limit:
            timeout = max(0.0, min(w.started for w in busy) + self.time_limit - time.monotonic())
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout))
        if self.time_limit:
            for worker in busy:  # over its time: killed, so collect() finds no result
                if worker.conn not in ready and time.monotonic() - worker.started >= self.time_limit:
                    worker.overtime = True
                    worker.kill_process()
                    ready.add(worker.process.sentinel)
        return [w for w in busy if w.conn in ready or w.process.sentinel in ready]

    def _retire(self, worker) -> None:
        """An idle worker that has done its share stops, and a fresh one takes its place."""
        worker.stop(now=False)
        worker.process.join(STOP_GRACE)
        self._replace(worker)

    def _replace(self, worker) -> None:
        worker.kill()
        self.workers[self.workers.index(worker)] = _Worker(self.function)

    def close(self, now: bool = False) -> None:
        """Stop every worker: after its current job, or (now) at once, removing what it left half-made."""
        for worker in self.workers:
            worker.stop(now)
        for worker in self.workers:
            worker.process.join(STOP_GRACE)
        for worker in self.workers:
            if worker.process.is_alive():
                worker.kill()
            if now and worker.index is not None:
                self.on_lost(worker.job, "was stopped")
        self.workers = []


class _Worker:
    def __init__(self, function):
        self.conn, child = _CONTEXT.Pipe()
        self.index, self.job, self.done = None, None, 0
        self.started, self.overtime = 0.0, False
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:  # the child must not run the parent's handlers before it has set its own
            self.process = _CONTEXT.Process(target=_serve, args=(child, function, os.getpid()), daemon=True)
            self.process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        child.close()

    def give(self, index, job) -> bool:
        try:
            self.conn.send((index, job))
        except (BrokenPipeError, OSError):
            return False
        self.index, self.job, self.started = index, job, time.monotonic()
        return True

    def collect(self):
        """(index, result) of the current job; result None when the worker died instead."""
        index, self.index, self.job = self.index, None, None
        try:
            if self.conn.poll():
                return self.conn.recv()
        except (EOFError, OSError):
            pass
        return index, None

    def why(self) -> str:
        self.process.join(STOP_GRACE)
        if self.overtime:
            return "took longer than the time limit (--time-limit) and was stopped"
        code = self.process.exitcode
        if code is not None and code < 0:
            return f"was killed by {signal.Signals(-code).name}"
        return f"exited with status {code}" if code is not None else "stopped answering"

    def stop(self, now: bool) -> None:
        try:
            if now:
                self.process.terminate()
            else:
                self.conn.send(None)
        except (BrokenPipeError, OSError, AttributeError):
            pass

    def kill_process(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def _serve(conn, function, parent: int) -> None:
    """A worker's life: run jobs until told to stop, the parent goes away, or a signal ends it."""
    _die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent decides
    signal.signal(signal.SIGTERM, _exit_now)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, job = message
        conn.send((index, function(job)))


def _exit_now(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through atomic_write, which removes its temporary file


def _die_with(parent: int) -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the parent's close() is the only guard
        pass
    if os.getppid() != parent:  # it died before prctl took effect
        os._exit(1)
