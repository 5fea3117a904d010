"""Batches, copydesk against its peers in the same run, CPU and wall (issue 13's table):

- N bench articles → XML + HTML + DOCX in one `copydesk convert`, against a pandoc loop that makes
  DOCX and HTML of each article (two pandoc runs an article, as a script would);
- M bench articles → PDF: copydesk (one convert, --jobs = the machine's cores) against LibreOffice
  (`soffice --headless --convert-to pdf` of the .txt files, one process, as it runs by default).
  pandoc → PDF needs a LaTeX engine, which is not installed.

CPU = user + system seconds of the tool and every process it waited for.

    python benchmarks/batch_vs_peers.py [-n 100] [-m 40] [--repeat 3] [--only batch|pdf]
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from measure import COPYDESK, Timing, bench_files, compile_sources, run

CORES = os.cpu_count() or 1


def copydesk(files, out: Path, formats: str, jobs: int) -> Timing:
    return run(COPYDESK + ["convert", *map(str, files), "-o", str(out), "--to", formats, "--force", "--jobs", str(jobs)])


def pandoc_loop(files, out: Path) -> Timing:
    """A shell loop: pandoc once for DOCX and once for HTML per article; the times added up."""
    out.mkdir(parents=True, exist_ok=True)
    runs = []
    for path in files:
        runs.append(run(["pandoc", str(path), "-o", str(out / f"{path.stem}.docx")]))
        runs.append(run(["pandoc", str(path), "-s", "--metadata", f"title={path.stem}", "-o", str(out / f"{path.stem}.html")]))
    return Timing(sum(r.cpu for r in runs), sum(r.wall for r in runs), max(r.peak_mb for r in runs))


def libreoffice(files, out: Path) -> Timing:
    profile = out / "lo-profile"  # a fresh profile each time: LibreOffice's first start is part of its cost
    return run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--infilter=Text (encoded):UTF8,LF,,,",
                "--convert-to", "pdf", "--outdir", str(out), *map(str, files)])


def medians(pairs) -> tuple[Timing, Timing]:
    def middle(timings):
        return Timing(statistics.median(t.cpu for t in timings), statistics.median(t.wall for t in timings),
                      statistics.median(t.peak_mb for t in timings))
    return middle([a for a, _ in pairs]), middle([b for _, b in pairs])


def report(title: str, count: int, rows: dict[str, Timing], peer: str, goal: str) -> None:
    print(f"\n{title}")
    for name, t in rows.items():
        print(f"  {name:34} {t}   {t.cpu / count * 1000:6.1f} ms cpu/article  {count / t.wall:6.1f} articles/s wall")
    ours = rows[next(n for n in rows if n.startswith("copydesk"))]
    theirs = rows[peer]
    print(f"  {peer}/copydesk: cpu {theirs.cpu / ours.cpu:5.2f}×  wall {theirs.wall / ours.wall:5.2f}×   ({goal})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100, help="bench articles for XML + HTML + DOCX")
    parser.add_argument("-m", type=int, default=40, help="bench articles for PDF")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each tool; medians are printed")
    parser.add_argument("--only", choices=("batch", "pdf"))
    args = parser.parse_args()
    compile_sources()
    print(f"{CORES} cores; medians of {args.repeat} runs, the tools alternated")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        if args.only in (None, "batch"):
            files = bench_files(args.n)
            pairs = [(copydesk(files, out / "c", "xml,html,docx", CORES), pandoc_loop(files, out / "p"))
                     for _ in range(args.repeat)] if shutil.which("pandoc") else []
            if pairs:
                ours, theirs = medians(pairs)
                single = copydesk(files, out / "c1", "xml,html,docx", 1)
                report(f"{len(files)} bench articles → XML + HTML + DOCX (pandoc: DOCX + HTML)", len(files),
                       {f"copydesk convert --jobs {CORES}": ours, "copydesk convert --jobs 1 (one run)": single,
                        "pandoc loop": theirs}, "pandoc loop", "goal ≥ 10× faster")
            else:
                print("pandoc is not installed: the batch row is not measured", file=sys.stderr)
        if args.only in (None, "pdf"):
            files = bench_files(args.m)
            if shutil.which("soffice"):
                pairs = [(copydesk(files, out / "cp", "pdf", CORES), libreoffice(files, out / f"lo{i}"))
                         for i in range(args.repeat)]
                ours, theirs = medians(pairs)
                report(f"{len(files)} bench articles → PDF", len(files),
                       {f"copydesk convert --jobs {CORES}": ours, "LibreOffice --convert-to pdf": theirs},
                       "LibreOffice --convert-to pdf", "goal: wall ≥ 1×")
            else:
                print("LibreOffice is not installed: the PDF row is not measured", file=sys.stderr)


if __name__ == "__main__":
    main()
