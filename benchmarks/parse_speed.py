"""Reader throughput: all of ../shared/corpus/bench in one process, and synthetic inputs of 10 KB,
100 KB, 1 MB and 5 MB in each shape of benchmarks/shapes.py (time per KB should stay flat).

Also times pandoc reading the same 1 MB text to HTML, when pandoc is installed, for comparison.

    python benchmarks/parse_speed.py [--corpus ../shared/corpus/bench] [--no-attributions]
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from convert import ReadOptions, read_text, serialize, validate

sys.path.insert(0, str(Path(__file__).resolve().parent))
import shapes  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bench"


def parse_all(files: list[Path], attributions: bool) -> float:
    start = time.perf_counter()
    for path in files:
        tree = read_text(path.read_bytes(), ReadOptions(name=path.name, attributions=attributions))
        validate(tree, path.name)
        serialize(tree)
    return time.perf_counter() - start


def sized_input(files: list[Path], size: int) -> bytes:
    """Bench articles' bodies run together (no blank line between) until `size` bytes."""
    chunks, total = [], 0
    for path in files * 50:
        body = path.read_bytes().split(b"\n\n", 1)[-1]
        chunks.append(body)
        total += len(body)
        if total >= size:
            break
    return b"".join(chunks)[:size].rsplit(b"\n", 1)[0] + b"\n"


def time_one(data: bytes, attributions: bool) -> float:
    start = time.perf_counter()
    tree = read_text(data, ReadOptions(name="big.txt", attributions=attributions))
    validate(tree)
    serialize(tree)
    return time.perf_counter() - start


SIZES = (("10 KB", 10_000), ("100 KB", 100_000), ("1 MB", 1_000_000), ("5 MB", 5_000_000))


def print_scaling(tagging: bool) -> None:
    """Seconds and µs per byte for each shape and size (read, validate, serialize)."""
    print("shape      " + "".join(f"{label:>22}" for label, _ in SIZES))
    for shape in shapes.SHAPES:
        cells = []
        for _, size in SIZES:
            data = shapes.make(shape, size)
            seconds = min(time_one(data, tagging) for _ in range(3 if size <= 100_000 else 1))
            cells.append(f"{seconds:8.3f} s {seconds / len(data) * 1e6:6.2f} µs/B")
        print(f"{shape:10} " + "".join(f"{cell:>22}" for cell in cells))


def time_pandoc(data: bytes) -> float | None:
    if not shutil.which("pandoc"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".txt") as source:
        source.write(data)
        source.flush()
        start = time.perf_counter()
        subprocess.run(["pandoc", "-f", "markdown", "-t", "html", source.name, "-o", "/dev/null"], check=True)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--no-attributions", action="store_true")
    args = parser.parse_args()
    files = sorted(args.corpus.glob("bench-*.txt"))
    if not files:
        sys.exit(f"parse_speed: no bench-*.txt in {args.corpus}; pass --corpus DIR")
    tagging = not args.no_attributions
    read_text(files[0].read_bytes(), ReadOptions(name="warm-up"))
    total = parse_all(files, tagging)
    size = sum(p.stat().st_size for p in files)
    print(f"bench corpus: {len(files)} articles, {size / 1e6:.2f} MB: {total:.2f} s "
          f"({total / len(files) * 1000:.2f} ms/article, {size / total / 1e6:.2f} MB/s); attributions {'on' if tagging else 'off'}")
    if tagging:
        untagged = parse_all(files, False)
        print(f"  without attributions: {untagged:.2f} s; tagging costs {(total - untagged) / len(files) * 1000:.2f} ms/article")
    print_scaling(tagging)
    pandoc = time_pandoc(sized_input(files, 1_000_000))
    if pandoc is not None:
        print(f"pandoc reading the 1 MB text (markdown → html): {pandoc:.2f} s")


if __name__ == "__main__":
    main()
