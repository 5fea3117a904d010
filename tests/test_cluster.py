"""Batches on a real Dask cluster: a scheduler and two workers as separate processes on 127.0.0.1,
started and stopped here. The same outputs as a local run, a killed worker costs no article, a
corrupt file fails alone; fsspec URLs for inputs and outputs."""

import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from convert import ReadOptions
from convert.document import parse_xml, problems
from convert.errors import CopydeskError
from convert.pipeline import convert_files

distributed = pytest.importorskip("distributed", reason="the cluster extra (dask.distributed) is not installed")

from conftest import SHARED  # noqa: E402
from dask_processes import DASK, Cluster, free_port  # noqa: E402

BENCH = SHARED / "corpus" / "bench"
FORMATS = ["xml", "docx", "pdf"]


@pytest.fixture
def cluster():
    if not DASK.exists():
        pytest.skip(f"no dask command at {DASK}")
    running = Cluster(workers=2)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def bench_files():
    files = sorted(BENCH.glob("bench-*.txt"))[:200]
    if len(files) < 200:
        pytest.skip(f"the bench corpus is not at {BENCH} (a fresh clone without ../shared)")
    return [str(f) for f in files]


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def assert_valid(path: Path) -> None:
    if path.suffix == ".xml":
        assert problems(parse_xml(path.read_bytes(), path.name)) == [], path
    elif path.suffix == ".docx":
        assert zipfile.ZipFile(path).testzip() is None, path
    elif path.suffix == ".pdf":
        assert path.read_bytes().startswith(b"%PDF-") and b"%%EOF" in path.read_bytes()[-1024:], path


def test_a_batch_on_the_cluster_gives_the_same_bytes_as_a_local_run(cluster, bench_files, tmp_path):
    local, remote = tmp_path / "local", tmp_path / "remote"
    options = ReadOptions()
    list(convert_files(bench_files, local, FORMATS, options, jobs=1))
    results = list(convert_files(bench_files, remote, FORMATS, options, scheduler=cluster.address))
    assert [source for source, _, _ in results] == bench_files  # reported in input order
    assert [error for _, _, error in results if error] == []
    assert outputs(remote) == outputs(local)
    assert len(outputs(remote)) == 3 * len(bench_files)


def test_a_worker_killed_mid_batch_costs_no_article(cluster, bench_files, tmp_path):
    results, killed = [], False
    for result in convert_files(bench_files[:120], tmp_path, ["xml", "docx"], ReadOptions(), scheduler=cluster.address):
        results.append(result)
        if len(results) == 20 and not killed:
            cluster.kill(cluster.workers[0])
            killed = True
    assert killed
    assert [error for _, _, error in results if error] == []
    written = sorted(tmp_path.iterdir())
    assert len(written) == 2 * 120
    for path in written:
        assert_valid(path)


def test_a_corrupt_file_fails_alone_on_the_cluster(cluster, bench_files, tmp_path):
    corrupt = tmp_path / "in" / "corrupt.txt"
    corrupt.parent.mkdir()
    corrupt.write_bytes(b"\x00\x01\x02binary\xff\xfe" * 100)
    sources = bench_files[:5] + [str(corrupt)] + bench_files[5:10]
    results = list(convert_files(sources, tmp_path / "out", ["xml"], ReadOptions(), scheduler=cluster.address))
    failed = [(source, error) for source, _, error in results if error]
    assert [source for source, _ in failed] == [str(corrupt)]
    assert "corrupt.txt" in failed[0][1]
    assert len(list((tmp_path / "out").iterdir())) == 10


def test_a_local_cluster_for_trying_it_out(tmp_path):
    source = Path(__file__).resolve().parents[1] / "examples" / "seed-ar.txt"
    results = list(convert_files([str(source)], tmp_path, ["xml", "html"], ReadOptions(), scheduler="local:1"))
    assert [error for _, _, error in results] == [None]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed-ar.html", "seed-ar.xml"]


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path):
    source = Path(__file__).resolve().parents[1] / "examples" / "seed-ar.txt"
    with pytest.raises(CopydeskError, match="cannot reach the Dask scheduler"):
        list(convert_files([str(source)], tmp_path, ["xml"], ReadOptions(), scheduler=f"tcp://127.0.0.1:{free_port()}"))


def test_inputs_and_outputs_may_be_fsspec_urls(tmp_path):
    fsspec = pytest.importorskip("fsspec")
    memory = fsspec.filesystem("memory")
    seed = (Path(__file__).resolve().parents[1] / "examples" / "seed-ar.txt").read_bytes()
    memory.pipe("/wire/seed-ar.txt", seed)
    results = list(convert_files(["memory://wire/seed-ar.txt"], "memory://out", ["xml", "docx"], ReadOptions()))
    assert [error for _, _, error in results] == [None]
    assert sorted(memory.ls("/out", detail=False)) == ["/out/seed-ar.docx", "/out/seed-ar.xml"]
    xml = memory.cat("/out/seed-ar.xml")
    assert problems(parse_xml(xml, "seed-ar.xml")) == []
    local = list(convert_files([f"file://{tmp_path}/../{tmp_path.name}/x.txt"], tmp_path, ["xml"], ReadOptions()))
    assert "no such file" in local[0][2]
    shutil.rmtree(tmp_path, ignore_errors=True)


def worker_pid(task) -> int:
    import os

    return os.getpid()


def test_workers_are_recycled_after_a_number_of_articles():
    cloudpickle = pytest.importorskip("cloudpickle")
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this test module
    from convert.cluster import cluster_results

    pids = list(cluster_results(range(30), "local:1", worker_pid, lambda task, message: message,
                                window=2, recycle_after=10))
    assert all(isinstance(pid, int) for pid in pids), pids  # every task ran, none was lost
    assert len(set(pids)) >= 2  # one worker, replaced by its nanny after 10 articles
