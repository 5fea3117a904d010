"""Writing outputs: all of an article's formats or none, no clash between inputs over any format,
temporary files of killed runs cleaned, the umask honoured."""

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from convert import ReadOptions, storage
from convert.errors import OutputError
from convert.pipeline import convert_files

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed-ar.txt"


def test_two_inputs_clash_when_any_format_would_write_the_same_file(tmp_path):
    (tmp_path / "in").mkdir()
    first, second = tmp_path / "in" / "x.tei.txt", tmp_path / "in" / "x.txt"
    first.write_bytes(SEED.read_bytes())
    second.write_bytes(SEED.read_bytes())
    with pytest.raises(OutputError, match=r"x\.tei\.xml: two inputs would write this file"):
        list(convert_files([str(first), str(second)], tmp_path / "out", ["xml", "tei"], ReadOptions(), force=True))
    assert not (tmp_path / "out").exists()


def test_a_failed_write_leaves_none_of_the_articles_formats(tmp_path):
    (tmp_path / "seed-ar.html").mkdir()  # the HTML cannot be moved into place: a directory is in the way
    (result,) = convert_files([str(SEED)], tmp_path, ["xml", "docx", "html"], ReadOptions(), force=True)
    assert result[2] and "seed-ar.html" in result[2]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed-ar.html"]  # no xml, no docx, no .part
    assert list((tmp_path / "seed-ar.html").iterdir()) == []


def test_a_failure_while_staging_leaves_no_temporary_file(tmp_path, monkeypatch):
    real_stage, calls = storage._stage, []

    def full_disk_on_second(target, data):
        calls.append(target)
        if len(calls) == 2:
            raise OutputError(f"{target}: cannot write (No space left on device); nothing was written")
        return real_stage(target, data)

    monkeypatch.setattr(storage, "_stage", full_disk_on_second)
    (result,) = convert_files([str(SEED)], tmp_path, ["xml", "docx", "html"], ReadOptions())
    assert "No space left on device" in result[2]
    assert list(tmp_path.iterdir()) == []


def test_temporary_files_of_killed_runs_are_cleaned_at_start(tmp_path):
    dead = tmp_path / ".seed-ar.pdf.999999999.k2j3h4g5.part"
    living = tmp_path / f".other.pdf.{os.getpid()}.a1b2c3d4.part"  # a run still writing: left alone
    dead.write_bytes(b"%PDF-1.7 half")
    living.write_bytes(b"%PDF-1.7 half")
    list(convert_files([str(SEED)], tmp_path, ["xml"], ReadOptions()))
    assert not dead.exists()
    assert living.exists()


def test_outputs_honour_the_umask(tmp_path):
    previous = os.umask(0o022)
    try:
        list(convert_files([str(SEED)], tmp_path, ["xml", "html"], ReadOptions()))
    finally:
        os.umask(previous)
    for path in tmp_path.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_a_stop_during_the_moves_waits_until_every_format_is_in_place(tmp_path, monkeypatch):
    import signal

    def stop(signum, frame):
        raise SystemExit(143)

    previous = signal.signal(signal.SIGTERM, stop)
    real_move = storage._move

    def move_then_stop(temporary, target):
        real_move(temporary, target)
        os.kill(os.getpid(), signal.SIGTERM)  # the stop arrives between one format's move and the next

    monkeypatch.setattr(storage, "_move", move_then_stop)
    targets = [str(tmp_path / "a.xml"), str(tmp_path / "a.html")]
    try:
        with pytest.raises(SystemExit):
            storage.write_all([(target, b"x") for target in targets])
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert all(Path(target).read_bytes() == b"x" for target in targets)  # both, not the first only
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "a.xml"]


def test_a_stop_during_the_moves_waits_even_when_other_threads_run(tmp_path, monkeypatch):
    import threading

    idle = threading.Event()
    other = threading.Thread(target=idle.wait, daemon=True)  # a thread that could take the signal
    other.start()
    try:
        test_a_stop_during_the_moves_waits_until_every_format_is_in_place(tmp_path, monkeypatch)
    finally:
        idle.set()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="zombies are told apart through /proc (Linux)")
def test_a_killed_process_not_yet_reaped_is_not_alive(tmp_path):
    """A cluster worker killed while writing may stay a zombie until its parent reaps it: its
    .part files are stale all the same (a test run once left two behind)."""
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        deadline = time.time() + 10
        while not storage._is_zombie(finished.pid) and time.time() < deadline:
            time.sleep(0.05)  # exited, not yet reaped: a zombie
        assert storage.process_alive(running.pid)
        assert not storage.process_alive(finished.pid)
        part = tmp_path / f".story.xml.{finished.pid}.abc123.part"
        part.write_text("half")
        assert storage.remove_stale_parts(str(tmp_path)) == 1 and not part.exists()
    finally:
        running.kill()
        running.wait()
        finished.wait()
