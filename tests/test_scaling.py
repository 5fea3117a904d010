"""Reading time grows linearly with the input: per KB, 1 MB costs about what 100 KB costs (issue 17).

Each shape once hit a quadratic path (a units.index() per unit, a paragraph re-joined per line, every
quote against every attribution, NFC over a long run of marks). The check is a ratio of two timings
on the same machine, never an absolute time; benchmarks/parse_speed.py prints the figures.
"""

import sys
import time

import pytest

from conftest import REPO
from convert import ReadOptions, read_text
from convert.document import names

sys.path.insert(0, str(REPO / "benchmarks"))
import shapes  # noqa: E402

SMALL, LARGE = 100_000, 1_000_000
MAX_GROWTH = 3.0  # linear time gives ~1x; a quadratic path gives ~10x at ten times the size


def seconds_per_byte(data: bytes, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        read_text(data, ReadOptions(name="big.txt"))
        best = min(best, time.perf_counter() - start)
    return best / len(data)


@pytest.mark.parametrize("shape", shapes.SHAPES)
def test_time_per_kb_is_flat_from_100_kb_to_1_mb(shape):
    small, large = shapes.make(shape, SMALL), shapes.make(shape, LARGE)
    seconds_per_byte(small, 1)  # warm the lexicons and regular expressions
    growth = seconds_per_byte(large, 2) / seconds_per_byte(small, 3)
    assert growth < MAX_GROWTH, f"{shape}: time per KB at 1 MB is {growth:.1f}x that at 100 KB"


def test_the_shapes_are_what_they_say():
    def read(shape):
        return read_text(shapes.make(shape, 20_000), ReadOptions(name="t.txt")).getroot()
    paragraphs = lambda root: ["".join(p.itertext()) for p in root.iter(names.P)]
    lines, wrapped, huge = read("lines"), read("wrapped"), read("huge")
    assert len(paragraphs(huge)) == 1 and len(paragraphs(lines)) > 20
    assert len(paragraphs(wrapped)) == shapes.make("wrapped", 20_000).count(b"\n\n") + 1
    assert next(lines.iter(names.ATTRIBUTION), None) is not None
    assert len(list(read("short").iter())) > 300  # one element per short line
