"""Shared fixtures: the dev corpus in ../shared (tests that need it skip, saying why, when it is absent)."""

import json
import os
import tempfile
from pathlib import Path

import pytest

from convert import ReadOptions, load_article

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEV = SHARED / "corpus" / "dev"
EXAMPLES = REPO / "examples"

needs_shared = pytest.mark.skipif(not DEV.is_dir(), reason=f"the dev corpus is not at {DEV} (a fresh clone without ../shared)")


def require_dev() -> None:
    """Skip the calling test or fixture, saying why, when the dev corpus is absent."""
    if not DEV.is_dir():
        pytest.skip(f"the dev corpus is not at {DEV} (a fresh clone without ../shared)")


def dev_ids() -> list[str]:
    return sorted(p.name.removesuffix(".gold.json") for p in DEV.glob("*.gold.json")) if DEV.is_dir() else []


def gold(article_id: str) -> dict:
    return json.loads((DEV / f"{article_id}.gold.json").read_text(encoding="utf-8"))


def dev_bytes(article_id: str) -> bytes:
    return (DEV / f"{article_id}.txt").read_bytes()


def dev_tree(article_id: str):
    return load_article(dev_bytes(article_id), ReadOptions(name=f"{article_id}.txt"))


def pytest_generate_tests(metafunc):
    if "article_id" in metafunc.fixturenames:
        ids = dev_ids()
        metafunc.parametrize("article_id", ids or [pytest.param(None, marks=needs_shared)])


@pytest.fixture(scope="session")
def seed_tree():
    return load_article((EXAMPLES / "seed-ar.txt").read_bytes(), ReadOptions(name="seed-ar.txt"))


def pytest_configure(config):
    """The run's own cache folder (convert.cache), empty at the start, inherited by the commands the
    tests start: the user's cache is neither read nor filled, and both the building and the cached
    path are exercised."""
    if "COPYDESK_CACHE_DIR" not in os.environ:
        os.environ["COPYDESK_CACHE_DIR"] = tempfile.mkdtemp(prefix="copydesk-test-cache-")


def pytest_addoption(parser):
    parser.addoption("--accept-digests", action="store_true", default=False,
                     help="regenerate tests/golden/output-digests.json from the current outputs")
    parser.addoption("--regen-golden", action="store_true", default=False,
                     help="rewrite tests/fixtures/*.xml from the reader's current output instead of comparing")


@pytest.fixture
def regen_golden(request) -> bool:
    return request.config.getoption("--regen-golden")
