"""copydesk on a Dask cluster: 1 worker against 2 on this machine, and the scheduler's memory with
10,000 queued inputs against 1,000 (the sliding window keeps it flat).

    python benchmarks/cluster.py [-n 100] [--formats xml,docx,pdf] [--queued 1000,10000]

A scheduler and its workers are started here as processes on 127.0.0.1 and stopped at the end.
"""

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from dask_processes import Cluster  # noqa: E402

from convert import ReadOptions  # noqa: E402
from convert.pipeline import convert_files  # noqa: E402

BENCH = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bench"


def run_batch(sources: list[str], formats: list[str], scheduler: str) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        failed = sum(bool(error) for _, _, error in convert_files(sources, out, formats, ReadOptions(),
                                                                  force=True, scheduler=scheduler))
        return time.perf_counter() - started, failed


def speed_up(sources: list[str], formats: list[str]) -> None:
    timings = {}
    for workers in (1, 2):
        cluster = Cluster(workers)
        try:
            run_batch(sources[:4], formats, cluster.address)  # workers warm, as in a long batch
            seconds, failed = run_batch(sources, formats, cluster.address)
        finally:
            cluster.stop()
        timings[workers] = seconds
        per_hour = len(sources) / seconds * 3600 / workers
        print(f"{workers} worker(s): {len(sources)} articles to {','.join(formats)} in {seconds:.1f} s wall "
              f"({per_hour:,.0f} articles per hour per worker; {failed} failed)")
    print(f"speed-up with 2 workers: {timings[1] / timings[2]:.2f}x (this machine has {psutil.cpu_count()} cores)")


def peak_rss(pid: int, stop: threading.Event, peaks: list[int]) -> None:
    process = psutil.Process(pid)
    while not stop.is_set():
        peaks.append(process.memory_info().rss)
        time.sleep(0.2)


def scheduler_memory(files: list[Path], counts: list[int]) -> None:
    cluster = Cluster(2)
    try:
        with tempfile.TemporaryDirectory() as inputs:
            for count in counts:
                sources = []
                for i in range(count):  # distinct names for the same texts
                    link = Path(inputs) / f"{count}-{i:06d}.txt"
                    link.symlink_to(files[i % len(files)])
                    sources.append(str(link))
                stop, peaks = threading.Event(), []
                sampler = threading.Thread(target=peak_rss, args=(cluster.processes[0].pid, stop, peaks))
                sampler.start()
                seconds, failed = run_batch(sources, ["xml"], cluster.address)
                stop.set()
                sampler.join()
                print(f"{count:>6} queued inputs (xml): scheduler peak RSS {max(peaks) / 2**20:.0f} MiB, "
                      f"{seconds:.1f} s, {failed} failed")
    finally:
        cluster.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100, help="articles for the speed-up (default 100)")
    parser.add_argument("--formats", default="xml,docx,pdf")
    parser.add_argument("--queued", default="1000,10000", help="batch sizes for the scheduler's memory")
    args = parser.parse_args()
    files = sorted(BENCH.glob("bench-*.txt"))
    if not files:
        sys.exit(f"cluster: no bench corpus at {BENCH}")
    speed_up([str(f) for f in files[:args.n]], args.formats.split(","))
    scheduler_memory(files, [int(c) for c in args.queued.split(",")])


if __name__ == "__main__":
    main()
