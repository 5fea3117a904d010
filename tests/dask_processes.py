"""A Dask cluster as real processes on 127.0.0.1 (`dask scheduler`, `dask worker`), for the tests
and the cluster benchmark: each process in its own group, so a kill takes the nanny too."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import distributed

DASK = Path(sys.executable).with_name("dask")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """`dask scheduler` and `dask worker` processes, each in its own process group."""

    def __init__(self, workers: int, memory_limit: str = "4GiB"):
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.processes = [self._start("scheduler", "--host", "127.0.0.1", "--port", self.address.rsplit(":", 1)[1],
                                      "--no-dashboard")]
        self.workers = [self._start("worker", self.address, "--host", "127.0.0.1", "--nthreads", "1",
                                    "--no-dashboard", "--name", f"w{i}", "--memory-limit", memory_limit) for i in range(workers)]
        self.processes += self.workers
        try:
            self.wait_for_workers(workers)
        except BaseException:  # a cluster that did not come up leaves no process behind
            self.stop()
            raise

    def _start(self, *args):
        return subprocess.Popen([str(DASK), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)

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
