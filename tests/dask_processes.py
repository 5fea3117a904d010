"""A Dask cluster as real processes on 127.0.0.1 (`dask scheduler`, `dask worker`), for the tests
and the cluster benchmark: each process in its own group, so a kill takes the nanny too."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import distributed

DASK = Path(sys.executable).with_name("dask")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """`dask scheduler` and `dask worker` processes, each in its own process group. A cluster that
    does not come up in time is stopped and started once more on a new port (a port picked free
    can be taken before the scheduler binds it); the error of a second failure ends with what
    each process wrote to stderr."""

    def __init__(self, workers: int, memory_limit: str = "4GiB", attempts: int = 2):
        for attempt in range(1, attempts + 1):
            self._logs = tempfile.TemporaryDirectory(prefix="copydesk-dask-")
            self.address = f"tcp://127.0.0.1:{free_port()}"
            self.processes = [self._start("scheduler", "--host", "127.0.0.1", "--port",
                                          self.address.rsplit(":", 1)[1], "--no-dashboard")]
            self.workers = [self._start("worker", self.address, "--host", "127.0.0.1", "--nthreads", "1",
                                        "--no-dashboard", "--name", f"w{i}", "--memory-limit", memory_limit)
                            for i in range(workers)]
            self.processes += self.workers
            try:
                self.wait_for_workers(workers)
                return
            except RuntimeError as error:  # a cluster that did not come up leaves no process behind
                self.stop()
                if attempt == attempts:
                    raise RuntimeError(f"{error}; stderr: {self._stderr_tails()}") from None
            except BaseException:
                self.stop()
                raise

    def _start(self, *args):
        log = Path(self._logs.name) / f"{args[0]}-{time.monotonic_ns()}.log"
        with log.open("wb") as stderr:
            return subprocess.Popen([str(DASK), *args], stdout=subprocess.DEVNULL, stderr=stderr,
                                    start_new_session=True)

    def _stderr_tails(self) -> str:
        return " | ".join(f"{log.name}: {log.read_text(errors='replace')[-400:]!r}"
                          for log in sorted(Path(self._logs.name).iterdir()))

    def wait_for_workers(self, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with distributed.Client(self.address, timeout="5s") as client:
                    if len(client.scheduler_info()["workers"]) >= count:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the cluster at {self.address} did not get {count} workers")

    def kill(self, process) -> None:
        os.killpg(process.pid, signal.SIGKILL)  # the worker and its nanny: gone for good
        process.wait()

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
