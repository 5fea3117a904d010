"""Child-process timing for the benchmarks: CPU seconds (user + system, the child and everything it
waited for), wall seconds and peak memory of one command, and the median of several runs.

Both copydesk and its peers are measured with the same function in the same run, so the ratios
hold even on a busy machine where the absolute figures do not.
"""

import compileall
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
BENCH = SHARED / "corpus" / "bench"
SEED = REPO / "examples" / "seed-ar.txt"
COPYDESK = [sys.executable, "-m", "convert"]


@dataclass(frozen=True)
class Timing:
    cpu: float
    wall: float
    peak_mb: float

    def __str__(self) -> str:
        return f"cpu {self.cpu:7.3f} s  wall {self.wall:7.3f} s  peak {self.peak_mb:6.0f} MB"


def environment() -> dict:
    """The environment a user has: bytecode written and read (an installed package has its .pyc)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_sources() -> None:
    """Byte-compile copydesk once, as pip does on install, so start-up is not charged for compiling."""
    compileall.compile_dir(str(REPO / "src"), quiet=1)


def run(command: list[str], cwd=None) -> Timing:
    """One run of a command, its output discarded; raises if it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment(), cwd=cwd)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if process.returncode:
        raise RuntimeError(f"{' '.join(map(str, command[:6]))} … failed ({process.returncode}): {error[-500:]}")
    return Timing(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


def median(command: list[str], repeat: int, cwd=None) -> Timing:
    runs = [run(command, cwd) for _ in range(repeat)]
    return Timing(statistics.median(r.cpu for r in runs), statistics.median(r.wall for r in runs),
                  statistics.median(r.peak_mb for r in runs))


def row(label: str, ours: Timing, peer: Timing | None, peer_label: str = "") -> str:
    """One line: ours, the peer, and the CPU and wall ratios (peer / ours: above 1 means we are faster)."""
    line = f"{label:44} copydesk {ours}"
    if peer is not None:
        line += (f"\n{'':44} {peer_label:8} {peer}"
                 f"\n{'':44} ratio peer/copydesk: cpu {peer.cpu / ours.cpu:5.2f}×  wall {peer.wall / ours.wall:5.2f}×")
    return line


def bench_files(count: int) -> list[Path]:
    files = sorted(BENCH.glob("bench-*.txt"))
    if not files:
        sys.exit(f"no bench-*.txt in {BENCH}: the shared corpus is needed")
    return (files * (count // len(files) + 1))[:count]
