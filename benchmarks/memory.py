"""Peak memory of one `copydesk convert` to every format: 100 bench articles against 1,000.

Printed: the peak of the whole process tree (the parent and its workers, sampled from /proc every
50 ms), the largest single process (the kernel's ru_maxrss), CPU and wall. Workers are replaced
every RECYCLE_AFTER inputs (convert.writers), so the 1,000-article peak should stay within 1.2× of
the 100-article one.

    python benchmarks/memory.py [--counts 100,1000] [--jobs N] [--formats xml,html,docx,pdf,nitf,tei]
"""

import argparse
import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from measure import COPYDESK, bench_files, compile_sources, environment

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    parents, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * PAGE_KB
        except (OSError, IndexError, ValueError):
            continue
    family, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    return sum(rss.get(pid, 0) for pid in family)


def convert(files, out: Path, formats: str, jobs: int) -> dict:
    start = time.perf_counter()
    process = subprocess.Popen(COPYDESK + ["convert", *map(str, files), "-o", str(out), "--to", formats, "--force",
                                           "--jobs", str(jobs)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment())
    peak, done = [0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss_kb(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    done.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status):
        raise RuntimeError(f"copydesk convert failed ({os.waitstatus_to_exitcode(status)})")
    return {"tree": peak[0] / 1024, "single": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime,
            "wall": time.perf_counter() - start}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="100,1000")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--formats", default="xml,html,docx,pdf,nitf,tei")
    args = parser.parse_args()
    compile_sources()
    counts = [int(n) for n in args.counts.split(",")]
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for count in counts:
            results[count] = convert(bench_files(count), Path(folder) / str(count), args.formats, args.jobs)
            r = results[count]
            print(f"{count:5} articles → {args.formats} (--jobs {args.jobs}): peak {r['tree']:6.0f} MB all processes, "
                  f"{r['single']:6.0f} MB largest process; cpu {r['cpu']:6.1f} s, wall {r['wall']:6.1f} s", flush=True)
    first, last = results[counts[0]], results[counts[-1]]
    print(f"peak {counts[-1]} / peak {counts[0]}: all processes {last['tree'] / first['tree']:.2f}×, "
          f"largest process {last['single'] / first['single']:.2f}× (goal ≤ 1.2×)")


if __name__ == "__main__":
    main()
