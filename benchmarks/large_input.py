"""Peak memory and time of one large input, in a child process: text (parse) and article XML (convert).

The inputs are built from the bench articles (long lines only: one paragraph per line) up to
--size bytes, in a temporary folder. The issue-17 target: under 1 GB for a 50 MB input.

    python benchmarks/large_input.py            # 50 MB
    python benchmarks/large_input.py --size 5MB # quicker
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from convert.limits import human, parse_size

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bench"


def long_lines(size: int) -> bytes:
    """Bench paragraphs of over 200 characters, one per line, repeated until `size` bytes."""
    lines = [line for path in sorted(BENCH.glob("bench-*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 200]
    chunks, total = [], 0
    while total < size:
        for line in lines:
            chunk = (line + "\n").encode("utf-8")
            chunks.append(chunk)
            total += len(chunk)
            if total >= size:
                break
    return b"".join(chunks)


def measured(*args: str) -> tuple[float, int, int]:
    """(seconds, peak resident set in bytes, exit status) of `copydesk ARGS` in a new process."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "convert", *args], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage, not the largest child's so far
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if child.returncode:
        print(f"  copydesk {' '.join(args)}: {stderr.decode()[:300]}", file=sys.stderr)
    return seconds, usage.ru_maxrss * 1024, child.returncode  # ru_maxrss is in KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="50MB", help="input size (default 50MB)")
    args = parser.parse_args()
    if not BENCH.is_dir():
        print(f"no bench corpus at {BENCH}", file=sys.stderr)
        return 1
    size = parse_size(args.size)
    limit = str(size + 10_000_000)
    with tempfile.TemporaryDirectory() as folder:
        text = Path(folder) / "big.txt"
        text.write_bytes(long_lines(size))
        xml = Path(folder) / "big.xml"
        rows = [("parse (text → XML)", *measured("parse", str(text), "-o", str(xml), "--max-size", limit))]
        limit = str(xml.stat().st_size + 10_000_000)
        rows.append(("validate (XML)", *measured("validate", str(xml), "--max-size", limit)))
        rows.append(("convert XML → xml,html,nitf,tei",
                     *measured("convert", str(xml), "-o", str(Path(folder) / "out"), "--to", "xml,html,nitf,tei",
                               "--max-size", limit)))
        print(f"input: {human(text.stat().st_size)} of text, {human(xml.stat().st_size)} of XML")
        for what, seconds, peak, status in rows:
            print(f"{what:34} {seconds:7.1f} s   peak {peak / 2**20:7.0f} MiB" + (f"   exit {status}" if status else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
