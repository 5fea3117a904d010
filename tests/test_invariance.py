"""A copy reads like its original: a seeded sample of the shared corpus in every variant of
benchmarks/invariance.py (UTF-16, BOM + CRLF, Windows-1256, wrapped at 72 and 60 columns, indented
paragraphs, trailing spaces, NBSP-only blank lines) gives the original's structure.

The benchmark runs every text (python benchmarks/invariance.py); this checks a sample of it.
"""

import random
import sys

import pytest

from conftest import REPO, SHARED

sys.path.insert(0, str(REPO / "benchmarks"))
import invariance  # noqa: E402

SAMPLE = 40
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="module")
def sample():
    files = invariance.corpus_files(CORPUS) if CORPUS.is_dir() else []
    if not files:
        pytest.skip(f"the shared corpus is not at {CORPUS} (a fresh clone without ../shared)")
    return random.Random(17).sample(files, min(SAMPLE, len(files)))


@pytest.mark.parametrize("variant", sorted(invariance.VARIANTS))
def test_every_variant_reads_like_its_original(sample, variant):
    agree, total, misses = invariance.check(sample, [variant], verbose=True)[variant]
    assert total > 0 and misses == []
