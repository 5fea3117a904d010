"""Parse and each writer, linear in input size: one article of 10 KB, 100 KB and 1 MB (bench articles'
bodies run together), CPU seconds of each step in this process, and µs per input byte.

The last column divides the 1 MB cost per byte by the 10 KB one: 1.0 is linear, 10 would be quadratic
over that range. pandoc reading the same texts (markdown → HTML) is printed alongside.

    python benchmarks/linearity.py [--formats xml,html,docx,nitf,tei,pdf] [--no-pdf]
"""

import argparse
import shutil
import tempfile
import time

from measure import BENCH, Timing, run
from parse_speed import sized_input  # the same inputs as the parse benchmark

SIZES = (("10 KB", 10_000), ("100 KB", 100_000), ("1 MB", 1_000_000))


def cpu(function) -> tuple[float, object]:
    start = time.process_time()
    result = function()
    return time.process_time() - start, result


def pandoc(data: bytes) -> Timing | None:
    if not shutil.which("pandoc"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".txt") as source:
        source.write(data)
        source.flush()
        return run(["pandoc", "-f", "markdown", "-t", "html", source.name, "-o", "/dev/null"])


def main() -> None:
    from convert import ReadOptions, load_article, write

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", default="xml,html,docx,nitf,tei,pdf")
    parser.add_argument("--no-pdf", action="store_true", help="leave out PDF (the 1 MB PDF is ~300 pages)")
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if not (args.no_pdf and f == "pdf")]
    files = sorted(BENCH.glob("bench-*.txt"))
    inputs = {label: sized_input(files, size) for label, size in SIZES}
    warm = load_article(inputs["10 KB"], ReadOptions(name="warm.txt"))
    for fmt in formats:
        write(warm, fmt)  # libraries, templates and fonts loaded before anything is timed
    rows = {"parse + validate": []} | {f"write {fmt}": [] for fmt in formats} | {"pandoc markdown → html": []}
    for label, data in inputs.items():
        seconds, tree = cpu(lambda: load_article(data, ReadOptions(name="big.txt")))
        rows["parse + validate"].append((seconds, len(data)))
        for fmt in formats:
            rows[f"write {fmt}"].append((cpu(lambda: write(tree, fmt))[0], len(data)))
        peer = pandoc(data)
        rows["pandoc markdown → html"].append((peer.cpu, len(data)) if peer else (None, len(data)))
    print(f"{'CPU seconds (µs/byte)':24}" + "".join(f"{label:>20}" for label, _ in SIZES) + "   1 MB/10 KB per byte")
    for name, cells in rows.items():
        if cells[0][0] is None:
            continue
        text = "".join(f"{s:9.3f} s ({s / n * 1e6:5.2f})" for s, n in cells)
        growth = (cells[-1][0] / cells[-1][1]) / (cells[0][0] / cells[0][1]) if cells[0][0] else float("nan")
        print(f"{name:24}{text}   {growth:6.2f}")


if __name__ == "__main__":
    main()
