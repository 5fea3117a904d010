"""Batch conversion time: copydesk against pandoc and LibreOffice on the same bench articles, same run.

Each tool turns N plain-text articles into DOCX and into PDF (pandoc's PDF needs a LaTeX engine,
which is not installed here; it is left out and said so). Times are wall-clock for the whole
batch, one process per tool as a user would run it.

    python benchmarks/batch_vs_peers.py [-n 50] [--corpus ../shared/corpus/bench]
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bench"
COPYDESK = [sys.executable, "-m", "convert"]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def run_copydesk(files, out: Path, fmt: str, jobs: int) -> float:
    return timed(COPYDESK + ["convert", *map(str, files), "-o", str(out), "--to", fmt, "--force", "--jobs", str(jobs)])


def run_pandoc(files, out: Path, fmt: str) -> float:
    start = time.perf_counter()
    for path in files:
        subprocess.run(["pandoc", "-f", "markdown", "-M", "dir=rtl", "-M", "lang=ar", str(path),
                        "-o", str(out / f"{path.stem}.{fmt}")], check=True, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def run_libreoffice(files, out: Path, fmt: str) -> float:
    profile = out / "lo-profile"
    return timed(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--infilter=Text (encoded):UTF8,LF,,,",
                  "--convert-to", fmt, "--outdir", str(out), *map(str, files)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="how many bench articles")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    files = sorted(args.corpus.glob("bench-*.txt"))[:args.n]
    if not files:
        sys.exit(f"batch_vs_peers: no bench-*.txt in {args.corpus}")
    print(f"{len(files)} articles, {sum(f.stat().st_size for f in files) / 1e3:.0f} KB")
    for fmt in ("docx", "pdf"):
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder)
            rows = [("copydesk --jobs 1", run_copydesk(files, out / "c1", fmt, 1)),
                    ("copydesk --jobs 2", run_copydesk(files, out / "c2", fmt, 2))]
            if shutil.which("pandoc") and fmt == "docx":
                (out / "p").mkdir()
                rows.append(("pandoc", run_pandoc(files, out / "p", fmt)))
            if shutil.which("soffice"):
                rows.append(("LibreOffice", run_libreoffice(files, out / "lo", fmt)))
            for name, seconds in rows:
                print(f"{fmt:5} {name:18} {seconds:7.2f} s  {seconds / len(files) * 1000:7.1f} ms/article")
    print("pandoc → PDF needs a LaTeX engine (not installed): not measured")


if __name__ == "__main__":
    main()
