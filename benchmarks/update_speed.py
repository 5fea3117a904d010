"""--update on an unchanged batch: the first run's time against the rerun's, same articles, same run.

Converts N bench articles (default 1,000) to XML and HTML into a fresh folder, then runs the same
command with --update (nothing changed: nothing should be converted), then touches one article's
text and runs it again (one should be). Wall-clock times of the whole command, as a user sees them.

    python benchmarks/update_speed.py [-n 1000] [--corpus ../shared/corpus/bench] [--to xml,html]
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bench"
COPYDESK = [sys.executable, "-m", "convert"]


def timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"update_speed: {' '.join(command[:4])}… failed:\n{done.stderr}")
    return seconds, done.stderr.strip().splitlines()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="how many bench articles")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--to", default="xml,html")
    args = parser.parse_args()
    files = sorted(args.corpus.glob("bench-*.txt"))[:args.n]
    if not files:
        sys.exit(f"update_speed: no bench-*.txt in {args.corpus}")
    with tempfile.TemporaryDirectory() as folder:
        wire, out = Path(folder) / "wire", Path(folder) / "out"
        wire.mkdir()
        for path in files:
            (wire / path.name).write_bytes(path.read_bytes())
        command = COPYDESK + ["convert", str(wire), "-o", f"{out}/", "--to", args.to]
        first, first_line = timed(command)
        again, again_line = timed(command + ["--update"])
        edited = wire / files[len(files) // 2].name
        edited.write_bytes(edited.read_bytes() + b"\n(Edited.)\n")
        one, one_line = timed(command + ["--update"])
    print(f"{len(files)} articles → {args.to}")
    print(f"first run          {first:7.2f} s   {first_line}")
    print(f"--update unchanged {again:7.2f} s   {again_line}   ({again / first:.1%} of the first run)")
    print(f"--update one edit  {one:7.2f} s   {one_line}")


if __name__ == "__main__":
    main()
