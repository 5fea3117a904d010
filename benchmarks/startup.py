"""Start-up: one article in one command, copydesk against pandoc, CPU and wall, in the same run; and
which libraries each command imports (only what it needs: no writer library for `parse`).

copydesk keeps what a process would rebuild (font lookups, the DOCX template) in its cache
(convert.cache); the runs here use a cache folder of their own, so the first run of each command
is the first run after installing (printed as "cold cache") and the medians are the runs after it.

    python benchmarks/startup.py [--repeat 7] [--source examples/seed-ar.txt]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import COPYDESK, SEED, compile_sources, environment, median, row, run

HEAVY = ("typer", "pydantic", "rich", "lxml.etree", "docx", "weasyprint", "convert.readers.text",
         "convert.document.validate", "concurrent.futures.process")


def imported(command: list[str]) -> list[str]:
    """The heavy top-level modules a command imports (python -X importtime)."""
    done = subprocess.run([sys.executable, "-X", "importtime", *command[1:]], capture_output=True, text=True,
                          env=environment())
    names = set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \| \s*(\S+)$", done.stderr, re.M))
    return [name for name in HEAVY if name in names]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--source", type=Path, default=SEED)
    args = parser.parse_args()
    compile_sources()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        os.environ["COPYDESK_CACHE_DIR"] = str(out / "cache")  # measure.run passes the environment on
        source = str(args.source)
        jobs = {
            "copydesk --version": (COPYDESK + ["--version"], None),
            "parse → XML": (COPYDESK + ["parse", source, "-o", str(out / "a.xml"), "--force"], None),
            "convert → DOCX": (COPYDESK + ["convert", source, "-o", str(out), "--to", "docx", "--force"],
                               ["pandoc", source, "-o", str(out / "p.docx")]),
            "convert → HTML": (COPYDESK + ["convert", source, "-o", str(out), "--to", "html", "--force"],
                               ["pandoc", source, "-s", "--metadata", "title=t", "-o", str(out / "p.html")]),
        }
        print(f"one article ({args.source.name}, {args.source.stat().st_size / 1e3:.1f} KB), "
              f"median of {args.repeat} runs, CPU = user + system seconds")
        for label, (ours, peer) in jobs.items():
            peer = peer if peer and shutil.which(peer[0]) else None
            cold = run(ours)  # the cache is empty for this command's look
            # alternate the two tools so both see the same load
            timings = [(median(ours, 1), median(peer, 1) if peer else None) for _ in range(args.repeat)]
            mine = sorted(timings, key=lambda t: t[0].cpu)[len(timings) // 2][0]
            theirs = sorted((t[1] for t in timings if t[1]), key=lambda t: t.cpu)[len(timings) // 2] if peer else None
            print(row(label, mine, theirs, "pandoc"))
            print(f"{'':44} cold cache (first run): cpu {cold.cpu:6.3f} s  wall {cold.wall:6.3f} s")
            if theirs:
                print(f"{'':44} copydesk/pandoc cpu {mine.cpu / theirs.cpu:5.2f}× (goal ≤ 2×)")
            print(f"{'':44} imports: {', '.join(imported(ours)) or '-'}")
        floor(args.repeat, jobs["convert → DOCX"][1])


# What a one-article command costs before any copydesk code runs: the interpreter, then the
# libraries the design fixes (typer for the command line, lxml for the document).
FLOOR = (("python alone", "pass"), ("python + typer", "import typer"),
         ("python + typer + lxml", "import typer, lxml.etree"))


def floor(repeat: int, pandoc: list[str]) -> None:
    if not shutil.which(pandoc[0]):
        return
    print("before any copydesk code (the same runs, alternated with pandoc → DOCX):")
    for label, code in FLOOR:
        timings = [(median([sys.executable, "-c", code], 1), median(pandoc, 1)) for _ in range(repeat)]
        mine = sorted(timings, key=lambda t: t[0].cpu)[len(timings) // 2][0]
        theirs = sorted((t[1] for t in timings), key=lambda t: t.cpu)[len(timings) // 2]
        print(f"  {label:42} cpu {mine.cpu:6.3f} s   pandoc cpu {theirs.cpu:6.3f} s   = {mine.cpu / theirs.cpu:4.2f}× pandoc")


if __name__ == "__main__":
    main()
