"""The local process pool: inputs converted in order, also when the calling program runs threads
(then workers start from a fresh interpreter instead of a fork, which could deadlock)."""

import threading
from pathlib import Path

from conftest import EXAMPLES
from convert import ReadOptions
from convert.pipeline import convert_files


def test_a_batch_in_two_processes_while_another_thread_runs(tmp_path):
    sources = []
    for number in range(4):
        source = tmp_path / "in" / f"story-{number}.txt"
        source.parent.mkdir(exist_ok=True)
        source.write_bytes((EXAMPLES / "seed-ar.txt").read_bytes())
        sources.append(str(source))
    stop = threading.Event()
    busy = threading.Thread(target=stop.wait)
    busy.start()
    try:
        results = list(convert_files(sources, tmp_path / "out", ["xml", "docx"], ReadOptions(), jobs=2))
    finally:
        stop.set()
        busy.join()
    assert [source for source, _, _ in results] == sources
    assert [error for _, _, error in results] == [None] * 4
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{Path(s).stem}.{ext}" for s in sources for ext in ("xml", "docx"))
