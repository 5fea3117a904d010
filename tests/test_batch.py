"""Batches: --update, workers that die, signals, the default --jobs, the progress bar, the hot folder."""

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from batch_help import alive, articles, copydesk_env, descendants, partial_files
from conftest import EXAMPLES
from convert import parse_xml
from convert.batch import default_jobs
from convert.cli import app
from convert.document import problems
from convert.writers import WRITERS

runner = CliRunner()
COPYDESK = [sys.executable, "-m", "convert"]
SEED_TEXT = (EXAMPLES / "seed-ar.txt").read_text(encoding="utf-8")


def run(*args, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


def statuses(log: Path) -> list[str]:
    return [json.loads(line)["status"] for line in log.read_text(encoding="utf-8").splitlines()]


def test_update_converts_only_what_changed(tmp_path):
    sources = articles(tmp_path / "in", 5)
    out, log = f"{tmp_path / 'out'}/", tmp_path / "run.jsonl"
    assert run("convert", tmp_path / "in", "-o", out, "--to", "xml,html", "-j", "1").exit_code == 0
    unchanged = run("convert", tmp_path / "in", "-o", out, "--to", "xml,html", "--update", "--log", log)
    assert unchanged.exit_code == 0 and unchanged.stdout == ""
    assert "converted 0 of 5 inputs" in unchanged.stderr and "5 up to date" in unchanged.stderr
    sources[2].write_text(sources[2].read_text(encoding="utf-8") + "\nوأضاف سطرا جديدا.\n", encoding="utf-8")
    one = run("convert", tmp_path / "in", "-o", out, "--to", "xml,html", "--update", "--log", log, "-j", "1")
    assert one.exit_code == 0 and one.stdout.split() == [f"{out}story0002.xml", f"{out}story0002.html"]
    assert "سطرا جديدا" in (tmp_path / "out" / "story0002.xml").read_text(encoding="utf-8")
    assert statuses(log) == ["skipped"] * 5 + ["skipped", "skipped", "converted", "skipped", "skipped"]


def test_update_converts_again_when_options_change_or_outputs_go(tmp_path):
    articles(tmp_path / "in", 3)
    out = f"{tmp_path / 'out'}/"
    assert run("convert", tmp_path / "in", "-o", out, "-j", "1").exit_code == 0
    more = run("convert", tmp_path / "in", "-o", out, "--to", "xml,html", "--update", "-j", "1")
    assert more.exit_code == 0 and len(more.stdout.splitlines()) == 3, "another format: every input again"
    (tmp_path / "out" / "story0001.html").unlink()
    gone = run("convert", tmp_path / "in", "-o", out, "--to", "xml,html", "--update", "-j", "1")
    assert gone.stdout.split() == [f"{out}story0001.xml", f"{out}story0001.html"]
    lang = run("convert", tmp_path / "in", "-o", out, "--to", "xml,html", "--update", "--lang", "ar-EG", "-j", "1")
    assert len(lang.stdout.splitlines()) == 3


def test_update_converts_again_when_a_named_file_changes_at_the_same_path(tmp_path):
    articles(tmp_path / "in", 2)
    out = f"{tmp_path / 'out'}/"
    css, house = tmp_path / "print.css", tmp_path / "house.toml"
    css.write_text("p { color: black }", encoding="utf-8")
    house.write_text('[page]\nsize = "A4"\n', encoding="utf-8")
    options = ("--to", "xml,html", "--css", css, "--house-style", house, "--update", "-j", "1")
    assert len(run("convert", tmp_path / "in", "-o", out, *options).stdout.splitlines()) == 2
    assert run("convert", tmp_path / "in", "-o", out, *options).stdout == "", "nothing changed"
    css.write_text("p { color: navy }", encoding="utf-8")
    assert len(run("convert", tmp_path / "in", "-o", out, *options).stdout.splitlines()) == 2, "the stylesheet changed"
    house.write_text('[page]\nsize = "Letter"\n', encoding="utf-8")
    assert len(run("convert", tmp_path / "in", "-o", out, *options).stdout.splitlines()) == 2, "the house style changed"


def test_a_rerun_without_update_or_force_refuses_and_says_how(tmp_path):
    articles(tmp_path / "in", 2)
    out = f"{tmp_path / 'out'}/"
    assert run("convert", tmp_path / "in", "-o", out, "-j", "1").exit_code == 0
    again = run("convert", tmp_path / "in", "-o", out, "-j", "1")
    assert again.exit_code == 1 and "--force" in again.stderr and "--update" in again.stderr


def test_a_manifest_cut_short_by_a_kill_only_costs_a_conversion(tmp_path):
    articles(tmp_path / "in", 3)
    out = tmp_path / "out"
    assert run("convert", tmp_path / "in", "-o", f"{out}/", "-j", "1").exit_code == 0
    manifest = out / ".copydesk-manifest.jsonl"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    manifest.write_text("\n".join(lines[:2]) + "\n" + lines[2][:40], encoding="utf-8")
    result = run("convert", tmp_path / "in", "-o", f"{out}/", "--update", "-j", "1")
    assert result.exit_code == 0 and result.stdout.split() == [f"{out}/story0002.xml"]


@pytest.fixture
def test_writers(monkeypatch):
    """Two formats that fail on purpose, registered the way every writer is."""
    monkeypatch.setitem(WRITERS, "crash", ("crash_writer", "crash"))
    monkeypatch.setitem(WRITERS, "bug", ("bug_writer", "bug"))
    monkeypatch.setitem(WRITERS, "hang", ("hang_writer", "hang"))


def test_a_killed_worker_costs_only_its_article(tmp_path, test_writers):
    sources = articles(tmp_path / "in", 6)
    sources[3].write_text("عنوان\n\nهذا الخبر فيه CRASH.\n", encoding="utf-8")
    result = run("convert", tmp_path / "in", "-o", f"{tmp_path / 'out'}/", "--to", "xml,crash", "-j", "2")
    assert result.exit_code == 1
    assert "story0003.txt: the worker converting it was killed by SIGKILL; nothing was written for it" in result.stderr
    assert "converted 5 of 6 inputs" in result.stderr
    assert [line.split()[0].rsplit("/", 1)[1] for line in result.stdout.splitlines()] == \
        [f"story000{n}.xml" for n in (0, 1, 2, 4, 5)], "the others converted, reported in input order"
    assert not (tmp_path / "out" / "story0003.xml").exists() and not partial_files(tmp_path / "out")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_article_over_the_time_limit_fails_alone(tmp_path, test_writers, jobs):
    sources = articles(tmp_path / "in", 4)
    sources[1].write_text("عنوان\n\nهذا الخبر فيه HANG.\n", encoding="utf-8")
    started = time.monotonic()
    result = run("convert", tmp_path / "in", "-o", f"{tmp_path / 'out'}/", "--to", "xml,hang", "-j", jobs,
                 "--time-limit", "2")
    assert time.monotonic() - started < 30  # not the hour the article would take
    assert result.exit_code == 1 and "converted 3 of 4 inputs" in result.stderr
    assert "story0001.txt: the worker converting it took longer than the time limit (--time-limit)" in result.stderr
    assert not (tmp_path / "out" / "story0001.xml").exists() and not partial_files(tmp_path / "out")
    assert (tmp_path / "out" / "story0003.xml").exists()


def test_an_internal_error_is_one_line_and_its_traceback_under_verbose(tmp_path, test_writers):
    sources = articles(tmp_path / "in", 3)
    sources[1].write_text("عنوان\n\nهذا الخبر فيه BUG.\n", encoding="utf-8")
    quiet = run("convert", tmp_path / "in", "-o", f"{tmp_path / 'a'}/", "--to", "bug", "-j", "1")
    assert quiet.exit_code == 1 and "converted 2 of 3 inputs" in quiet.stderr
    assert "story0001.txt: internal error: RuntimeError: a handler is missing" in quiet.stderr
    assert "Traceback" not in quiet.stderr
    loud = run("-v", "convert", tmp_path / "in", "-o", f"{tmp_path / 'b'}/", "--to", "bug", "-j", "2")
    assert "Traceback (most recent call last)" in loud.stderr and 'raise RuntimeError("a handler is missing")' in loud.stderr


def test_jobs_default_to_the_cores_and_one_job_stays_in_process(tmp_path):
    articles(tmp_path / "in", 8)
    log = tmp_path / "run.jsonl"
    assert run("convert", tmp_path / "in", "-o", f"{tmp_path / 'a'}/", "--log", log).exit_code == 0
    pids = {json.loads(line)["pid"] for line in log.read_text(encoding="utf-8").splitlines()}
    if default_jobs() > 1:
        assert len(pids) == min(default_jobs(), 8) and os.getpid() not in pids
    log.unlink()
    assert run("convert", tmp_path / "in", "-o", f"{tmp_path / 'b'}/", "--log", log, "-j", "1").exit_code == 0
    assert {json.loads(line)["pid"] for line in log.read_text(encoding="utf-8").splitlines()} == {os.getpid()}


def test_workers_are_replaced_only_in_batches_that_make_pdf(tmp_path, monkeypatch):
    import convert.writers

    monkeypatch.setattr(convert.writers, "RECYCLE_AFTER", 2)
    articles(tmp_path / "in", 8)
    pids = {}
    for formats in ("xml,html,docx", "xml,pdf"):
        log = tmp_path / f"{formats}.jsonl"
        out = tmp_path / formats.replace(",", "-")
        assert run("convert", tmp_path / "in", "-o", f"{out}/", "--to", formats, "--log", log, "-j", "2").exit_code == 0
        pids[formats] = {json.loads(line)["pid"] for line in log.read_text(encoding="utf-8").splitlines()}
    assert len(pids["xml,html,docx"]) == 2  # WeasyPrint grows in long loops; the other writers do not
    assert len(pids["xml,pdf"]) >= 4  # 8 articles, a new worker every 2


def _slow_articles(folder: Path, count: int) -> None:
    """Articles of ~26 KB (the seed four times), so that a batch of 200 lasts a few seconds."""
    folder.mkdir(parents=True)
    for n in range(count):
        (folder / f"s{n:03d}.txt").write_text(f"عنوان الخبر {n}\n\n" + "\n\n".join([SEED_TEXT] * 4), encoding="utf-8")


def _start_batch(tmp_path, count=200):
    _slow_articles(tmp_path / "in", count)
    out = tmp_path / "out"
    process = subprocess.Popen(COPYDESK + ["convert", str(tmp_path / "in"), "-o", f"{out}/", "--to", "xml,html", "-j", "2"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=copydesk_env())
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.xml"))) < 10 or len(descendants(process.pid)) < 2:
        assert process.poll() is None and time.monotonic() < deadline, "the batch ended before it could be stopped"
        time.sleep(0.01)
    return process, out, descendants(process.pid)


def _check_outputs(out: Path) -> int:
    """Every finished output complete and valid, all formats of an article or none; returns how many."""
    assert partial_files(out) == []
    xml, html = {p.stem for p in out.glob("*.xml")}, {p.stem for p in out.glob("*.html")}
    assert xml == html
    for stem in xml:
        assert problems(parse_xml((out / f"{stem}.xml").read_bytes(), stem)) == []
        page = (out / f"{stem}.html").read_text(encoding="utf-8")
        assert page.rstrip().endswith("</html>") and etree.HTML(page).find(".//body") is not None
    return len(xml)


@pytest.mark.parametrize("signum, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_every_worker_within_a_second_and_keeps_what_finished(tmp_path, signum, status):
    process, out, workers = _start_batch(tmp_path)
    process.send_signal(signum)
    stopped = time.monotonic()
    process.wait(timeout=2)
    assert process.returncode == status
    while any(alive(pid) for pid in workers) and time.monotonic() - stopped < 2:
        time.sleep(0.02)
    assert not [pid for pid in workers if alive(pid)], "a worker outlived the batch by 2 s"
    stderr = process.stderr.read().decode()
    assert "interrupted" in stderr and "--update" in stderr and "Traceback" not in stderr
    finished = _check_outputs(out)
    assert 10 <= finished < 200
    rerun = subprocess.run(COPYDESK + ["convert", str(tmp_path / "in"), "-o", f"{out}/", "--to", "xml,html", "--update"],
                           capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert len(rerun.stdout.splitlines()) <= 200 - finished + 2, "the rerun converts the rest, not everything"
    assert _check_outputs(out) == 200


def test_workers_die_with_their_parent(tmp_path):
    process, out, workers = _start_batch(tmp_path)
    process.kill()
    process.wait()
    deadline = time.monotonic() + 2
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not [pid for pid in workers if alive(pid)], "a worker outlived its killed parent by 2 s"


def _run_on_terminal(args) -> tuple[str, str]:
    """Run copydesk with stderr on a pseudo-terminal and stdout on a pipe; returns (terminal text, stdout)."""
    primary, secondary = pty.openpty()
    process = subprocess.Popen(COPYDESK + args, stdout=subprocess.PIPE, stderr=secondary,
                               env={**copydesk_env(), "TERM": "xterm", "COLUMNS": "120"})
    os.close(secondary)
    seen = b""
    while True:
        ready, _, _ = select.select([primary], [], [], 30)
        try:
            chunk = os.read(primary, 65536) if ready else b""
        except OSError:  # the terminal closed: the process is done
            chunk = b""
        if not chunk:
            break
        seen += chunk
    stdout = process.communicate(timeout=30)[0].decode()
    os.close(primary)
    return seen.decode("utf-8", "replace"), stdout


def test_progress_bar_on_a_terminal_and_not_on_a_pipe(tmp_path):
    articles(tmp_path / "in", 30)
    terminal, stdout = _run_on_terminal(["convert", str(tmp_path / "in"), "-o", f"{tmp_path / 'a'}/", "-j", "1"])
    assert "converting" in terminal and "30/30" in terminal and "ETA" in terminal and "/s" in terminal
    assert "converted 30 of 30 inputs" in terminal
    assert len(stdout.splitlines()) == 30, "the list of outputs still goes to stdout"
    piped = subprocess.run(COPYDESK + ["convert", str(tmp_path / "in"), "-o", f"{tmp_path / 'b'}/", "-j", "1"],
                           capture_output=True, text=True, env=copydesk_env())
    assert "converted 30 of 30 inputs" in piped.stderr
    assert "ETA" not in piped.stderr and "30/30" not in piped.stderr and "\x1b[" not in piped.stderr


def test_progress_bar_counts_failures(tmp_path):
    articles(tmp_path / "in", 4)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    terminal, _ = _run_on_terminal(["convert", str(tmp_path / "in"), "-o", f"{tmp_path / 'a'}/", "-j", "1"])
    assert "1 failed" in terminal and "5/5" in terminal


def test_hot_folder_converts_complete_files_survives_bad_ones_and_stops_on_ctrl_c(tmp_path):
    incoming, out = tmp_path / "in", tmp_path / "out"
    articles(incoming, 1, prefix="early")
    process = subprocess.Popen(COPYDESK + ["watch", str(incoming), "-o", str(out), "--to", "xml,html", "--settle", "0.5"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=copydesk_env())
    try:
        assert "watching" in process.stderr.readline()
        assert (out / "early0000.xml").exists(), "what was there first is converted first"
        slow = incoming / "slow.txt"
        with slow.open("w", encoding="utf-8") as stream:  # written in two bursts
            stream.write("عنوان الخبر البطيء\n\nقال مسؤول")
            stream.flush()
            time.sleep(0.3)
            stream.write(" إن الخبر وصل كاملا.\n")
        (incoming / "empty.txt").write_bytes(b"")
        (incoming / "broken.txt").write_bytes(b"%PDF-1.4\n")
        (incoming / "desk").mkdir()
        articles(incoming / "desk", 1, prefix="late")
        deadline = time.monotonic() + 20
        while not ((out / "desk" / "late0000.html").exists() and (out / "slow.xml").exists()):
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.05)
        assert "وصل كاملا" in "".join(parse_xml((out / "slow.xml").read_bytes(), "slow").getroot().itertext())
    finally:
        time.sleep(1.2)  # let the bad files be reported
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=5)
    assert process.returncode == 0
    assert "empty.txt" in stderr and "broken.txt" in stderr and "PDF" in stderr and "Traceback" not in stderr
    assert "stopped watching; 3 converted, 2 failed" in stderr
    assert not partial_files(out)


def test_watch_refuses_what_is_not_a_folder(tmp_path):
    result = run("watch", tmp_path / "nope", "-o", tmp_path / "out")
    assert result.exit_code == 2 and "not a folder" in result.stderr


def test_update_beside_one_output_file_and_not_on_standard_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = articles(tmp_path / "in", 1)[0]
    assert run("convert", source, "-o", "story.html", "--update").exit_code == 0
    again = run("convert", source, "-o", "story.html", "--update")
    assert again.exit_code == 0 and "1 up to date" in again.stderr
    refused = run("convert", source, "--update")
    assert refused.exit_code == 2 and "--update" in refused.stderr


def test_a_log_that_cannot_be_written_is_one_clear_error(tmp_path):
    source = articles(tmp_path / "in", 1)[0]
    result = run("convert", source, "-o", tmp_path / "s.xml", "--log", tmp_path / "no" / "such" / "run.jsonl")
    assert result.exit_code == 1 and "cannot write the log" in result.stderr and "Traceback" not in result.output


def test_hot_folder_stops_cleanly_on_sigterm(tmp_path):
    (tmp_path / "in").mkdir()
    process = subprocess.Popen(COPYDESK + ["watch", str(tmp_path / "in"), "-o", str(tmp_path / "out")],
                               stderr=subprocess.PIPE, text=True, env=copydesk_env())
    assert "watching" in process.stderr.readline()
    process.terminate()
    _, stderr = process.communicate(timeout=5)
    assert process.returncode == 0 and "stopped watching" in stderr and "Traceback" not in stderr
