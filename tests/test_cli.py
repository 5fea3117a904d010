"""The copydesk command line, through typer's CliRunner and, for start-up, a real process."""

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import DEV, EXAMPLES, needs_shared
from convert.cli import app

runner = CliRunner()
SEED = str(EXAMPLES / "seed-ar.txt")


@pytest.mark.parametrize("command", [[], ["parse"], ["validate"], ["convert"], ["schema"]])
def test_every_help_has_an_example(command):
    result = runner.invoke(app, command + ["--help"])
    assert result.exit_code == 0
    if command:
        assert "Example" in result.output and f"copydesk {command[0]} " in result.output


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("copydesk ")


def test_parse_prints_valid_xml_that_validate_accepts():
    parsed = runner.invoke(app, ["parse", SEED])
    assert parsed.exit_code == 0
    assert parsed.stdout.startswith('<?xml version=\'1.0\' encoding=\'UTF-8\'?>')
    checked = runner.invoke(app, ["validate", "-"], input=parsed.stdout_bytes)
    assert checked.exit_code == 0, checked.output


def test_parse_says_when_it_derived_a_title():
    result = runner.invoke(app, ["parse", SEED])
    assert "derived a title" in result.stderr


def test_parse_reads_stdin():
    result = runner.invoke(app, ["parse", "-"], input="عنوان الخبر\n\nنص الخبر هنا.\n".encode())
    assert result.exit_code == 0 and "<headline>عنوان الخبر</headline>" in result.stdout


@needs_shared
def test_every_dev_article_parses_and_validates():
    for text in sorted(DEV.glob("*.txt")):
        parsed = runner.invoke(app, ["parse", str(text)])
        assert parsed.exit_code == 0, (text, parsed.stderr)
        assert runner.invoke(app, ["validate", "-"], input=parsed.stdout_bytes).exit_code == 0, text


def test_validate_reports_file_line_and_problem(tmp_path):
    bad = tmp_path / "bad.xml"
    xml = runner.invoke(app, ["parse", SEED]).stdout.replace("<p>", "<para>", 1).replace("</p>", "</para>", 1)
    bad.write_text(xml, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:" in result.stderr and "para" in result.stderr
    assert "Traceback" not in result.output


def test_convert_writes_xml_and_refuses_to_overwrite(tmp_path):
    first = runner.invoke(app, ["convert", SEED, "-o", str(tmp_path), "--to", "xml"])
    assert first.exit_code == 0, first.output
    written = tmp_path / "seed-ar.xml"
    before = written.read_bytes()
    again = runner.invoke(app, ["convert", SEED, "-o", str(tmp_path), "--to", "xml"])
    assert again.exit_code == 1 and "--force" in again.stderr
    assert written.read_bytes() == before
    assert runner.invoke(app, ["convert", SEED, "-o", str(tmp_path), "--to", "xml", "--force"]).exit_code == 0


def test_convert_accepts_article_xml(tmp_path):
    runner.invoke(app, ["convert", SEED, "-o", f"{tmp_path / 'a'}/", "--to", "xml"])
    result = runner.invoke(app, ["convert", str(tmp_path / "a" / "seed-ar.xml"), "-o", f"{tmp_path / 'b'}/", "--to", "xml"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b" / "seed-ar.xml").read_bytes() == (tmp_path / "a" / "seed-ar.xml").read_bytes()


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"<?xml version='1.0'?><article><p></article>", "not well-formed"),
])
def test_bad_input_is_one_clear_line_and_writes_nothing(tmp_path, content, message):
    source = tmp_path / ("in.xml" if content.startswith(b"<") else "in.txt")
    source.write_bytes(content)
    out = tmp_path / "out"
    result = runner.invoke(app, ["convert", str(source), "-o", f"{out}/", "--to", "xml"])
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists() or not any(out.iterdir())


def test_missing_input_and_unknown_format(tmp_path):
    missing = runner.invoke(app, ["convert", str(tmp_path / "nope.txt"), "-o", str(tmp_path), "--to", "xml"])
    assert missing.exit_code == 1 and "no such file" in missing.stderr
    unknown = runner.invoke(app, ["convert", SEED, "-o", str(tmp_path), "--to", "rtf"])
    assert unknown.exit_code == 2 and "unknown output format" in unknown.stderr


def test_schema_command_prints_a_readable_path():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    from pathlib import Path

    assert Path(result.stdout.strip()).read_text(encoding="utf-8").startswith("<?xml")
    assert "xs:schema" in runner.invoke(app, ["schema", "--show"]).stdout


def test_start_up_imports_no_heavy_writer_library():
    code = "import sys, convert.cli; print(sorted(m for m in ('weasyprint', 'docx') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_python_dash_m_runs_the_same_cli():
    result = subprocess.run([sys.executable, "-m", "convert", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("copydesk ")


def test_an_invalid_article_xml_is_one_line_naming_the_first_problem(tmp_path):
    xml = runner.invoke(app, ["parse", SEED]).stdout.replace("<p>", "<para>", 1).replace("</p>", "</para>", 1)
    xml = xml.replace("</p>", "\u200f</p>", 1)  # and a bidi control character: two problems
    bad = tmp_path / "bad.xml"
    bad.write_text(xml, encoding="utf-8")
    result = runner.invoke(app, ["convert", str(bad), "-o", f"{tmp_path / 'out'}/", "--to", "html"])
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "para" in result.stderr and "more" in result.stderr
    assert not (tmp_path / "out" / "bad.html").exists()


def test_encoding_and_language_options(tmp_path):
    source = tmp_path / "old.txt"
    source.write_bytes("عنوان\n\nقال مسؤول إن الوضع مستقر.\n".encode("cp1256"))
    result = runner.invoke(app, ["parse", str(source), "--encoding", "cp1256", "--lang", "fa"])
    assert result.exit_code == 0, result.output
    assert 'xml:lang="fa"' in result.stdout and 'encoding="cp1256"' in result.stdout
    wrong = runner.invoke(app, ["parse", str(source), "--encoding", "utf-8"])
    assert wrong.exit_code == 1 and "cannot decode as utf-8" in wrong.stderr


def test_created_option_and_source_date_epoch(monkeypatch):
    given = runner.invoke(app, ["parse", SEED, "--created", "2024-05-01T12:00:00+02:00"])
    assert "<created>2024-05-01T10:00:00Z</created>" in given.stdout
    assert "<created>" not in runner.invoke(app, ["parse", SEED]).stdout
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert "<created>1970-01-01T00:00:00Z</created>" in runner.invoke(app, ["parse", SEED]).stdout
    bad = runner.invoke(app, ["parse", SEED, "--created", "yesterday"])
    assert bad.exit_code == 2 and "ISO 8601" in bad.stderr


def test_parallel_jobs_convert_every_input_and_report_in_order(tmp_path):
    sources = []
    for number in range(4):
        source = tmp_path / f"story{number}.txt"
        source.write_text(f"عنوان {number}\n\nقال مسؤول إن الخبر رقم {number} صحيح.\n", encoding="utf-8")
        sources.append(str(source))
    (tmp_path / "empty.txt").write_bytes(b"")
    result = subprocess.run([sys.executable, "-m", "convert", "convert", *sources, str(tmp_path / "empty.txt"),
                             "-o", str(tmp_path / "out"), "--to", "xml,html", "-j", "2"], capture_output=True, text=True)
    assert result.returncode == 1, "one input failed"
    assert [line.split()[0] for line in result.stdout.splitlines()] == [str(tmp_path / "out" / f"story{n}.xml") for n in range(4)]
    assert "empty" in result.stderr and "Traceback" not in result.stderr
    assert "converted 4 of 5 inputs" in result.stderr and "1 failed" in result.stderr
    assert len(list((tmp_path / "out").glob("*.html"))) == 4


def test_an_output_folder_that_cannot_be_made_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = runner.invoke(app, ["convert", SEED, "-o", str(blocker / "out"), "--to", "xml"])
    assert result.exit_code == 1 and "cannot write there" in result.stderr and "Traceback" not in result.output


def test_verbose_logs_each_reading_step():
    result = subprocess.run([sys.executable, "-m", "convert", "-v", "parse", SEED], capture_output=True, text=True)
    assert result.returncode == 0
    steps = [line for line in result.stderr.splitlines() if ": step " in line]
    assert [line.split("step ")[1].split(",")[0] for line in steps] == ["1", "2", "3", "4", "5", "6"]


def test_a_failing_format_leaves_no_other_format_behind(tmp_path):
    source = tmp_path / "cjk.txt"
    source.write_text("عنوان\n\nنص فيه رمز 中 غريب.\n", encoding="utf-8")
    result = runner.invoke(app, ["convert", str(source), "-o", f"{tmp_path / 'out'}/", "--to", "xml,html,pdf"])
    assert result.exit_code == 1 and "U+4E2D" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_two_inputs_with_one_name_are_refused_before_anything_is_written(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text("عنوان\n\nنص الخبر هنا.\n", encoding="utf-8")
    result = runner.invoke(app, ["convert", str(tmp_path / "a" / "story.txt"), str(tmp_path / "b" / "story.txt"),
                                 "-o", str(tmp_path / "out"), "--to", "xml"])
    assert result.exit_code == 1 and "story.xml: two inputs would write this file" in result.stderr
    assert not (tmp_path / "out").exists()
