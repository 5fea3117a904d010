"""pandoc's conventions on the command line: -o FILE/DIR/-, -t, standard input, folders, strict options."""

import io
import json
import zipfile

import pytest
from lxml import etree
from typer.testing import CliRunner

from batch_help import ENGLISH, articles
from conftest import EXAMPLES
from convert.cli import app
from convert.writers import WRITERS

runner = CliRunner()
SEED = str(EXAMPLES / "seed-ar.txt")


def run(*args, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


def root_name(path) -> str:
    return etree.QName(etree.parse(str(path)).getroot()).localname


@pytest.mark.parametrize("name, check", [
    ("story.docx", lambda p: "word/document.xml" in zipfile.ZipFile(p).namelist()),
    ("story.nitf.xml", lambda p: root_name(p) == "nitf"),
    ("story.tei.xml", lambda p: root_name(p) == "TEI"),
    ("story.xml", lambda p: root_name(p) == "article"),
    ("story.html", lambda p: p.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")),
])
def test_output_file_format_comes_from_its_extension(tmp_path, name, check):
    result = run("convert", SEED, "-o", tmp_path / name)
    assert result.exit_code == 0, result.output
    assert check(tmp_path / name)
    assert sorted(p.name for p in tmp_path.iterdir()) == [name], "one file, no folder, no side files"


def test_to_overrides_the_extension(tmp_path):
    assert run("convert", SEED, "-o", tmp_path / "story.xml", "-t", "html").exit_code == 0
    assert (tmp_path / "story.xml").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert run("convert", SEED, "-o", tmp_path / "plain", "--to", "tei").exit_code == 0
    assert root_name(tmp_path / "plain") == "TEI"


@pytest.mark.parametrize("output", [[], ["-o", "-"]])
def test_one_output_goes_to_standard_output(tmp_path, output, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("convert", SEED, *output)
    assert result.exit_code == 0 and result.stdout.startswith("<?xml")
    html = run("convert", SEED, *output, "-t", "html")
    assert html.stdout.startswith("<!DOCTYPE html>")
    assert list(tmp_path.iterdir()) == [], "nothing written to the disk"


def test_dash_reads_standard_input(tmp_path):
    text = "عنوان الخبر\n\nنص الخبر هنا.\n".encode()
    result = run("convert", "-", "-t", "html", input=text)
    assert result.exit_code == 0 and ">عنوان الخبر</h1>" in result.stdout
    assert run("convert", "-", "-o", f"{tmp_path}/", input=text).exit_code == 0
    assert (tmp_path / "stdin.xml").exists()


def test_output_folder_existing_or_with_a_trailing_slash(tmp_path):
    assert run("convert", SEED, "-o", tmp_path, "--to", "xml,html").exit_code == 0
    assert {p.name for p in tmp_path.iterdir()} >= {"seed-ar.xml", "seed-ar.html"}
    fresh = tmp_path / "new" / "folder"
    assert run("convert", SEED, "-o", f"{fresh}/", "--to", "nitf").exit_code == 0
    assert (fresh / "seed-ar.nitf.xml").exists()


@pytest.mark.parametrize("args, says", [
    (["-o", "story.foo"], "cannot tell the format"),
    (["-o", "story"], "cannot tell the format"),
    ([SEED, "-o", "both.pdf"], "several inputs"),
    (["--to", "xml,html"], "standard output takes one output"),
    ([SEED, "-o", "-"], "standard output takes one output"),
    (["-o", "story.docx", "--to", "xml,html"], "-o story.docx takes one output"),
    (["--to", "rtf"], "unknown output format 'rtf'"),
    (["--to", ","], "at least one format"),
])
def test_ambiguous_or_impossible_outputs_are_usage_errors(tmp_path, monkeypatch, args, says):
    monkeypatch.chdir(tmp_path)
    other = tmp_path / "other.txt"
    other.write_text("عنوان\n\nنص.\n", encoding="utf-8")
    args = [a if a != SEED else str(other) for a in args]
    result = run("convert", SEED, *args)
    assert result.exit_code == 2, result.output
    assert says in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.txt"], "nothing written"


def test_several_inputs_need_a_folder(tmp_path):
    sources = articles(tmp_path / "in", 2)
    result = run("convert", *sources)
    assert result.exit_code == 2 and "-o out/" in result.stderr


def test_folders_are_walked_and_mirrored(tmp_path):
    wire = tmp_path / "wire"
    articles(wire, 2)
    articles(wire / "gulf" / "uae", 1, prefix="dubai")
    articles(wire / ".drafts", 1, prefix="draft")  # hidden folder
    (wire / ".note.txt").write_text("hidden", encoding="utf-8")
    run("convert", SEED, "-o", wire / "seed.html")  # outputs of ours that no reader reads, lying in the folder
    run("convert", SEED, "-o", wire / "seed.tei.xml")
    result = run("convert", wire, "-o", wire / "out", "--to", "xml,html")
    assert result.exit_code == 0, result.output
    made = sorted(p.relative_to(wire / "out").as_posix() for p in (wire / "out").rglob("*") if p.is_file())
    assert made == [".copydesk-manifest.jsonl", "gulf/uae/dubai0000.html", "gulf/uae/dubai0000.xml",
                    "story0000.html", "story0000.xml", "story0001.html", "story0001.xml"]
    again = run("convert", wire, "-o", wire / "out", "--to", "xml", "--force")
    assert again.exit_code == 0 and "out/story0000.xml" in again.stdout, "the output folder itself is skipped"
    assert "out/out" not in again.stdout


def test_a_docx_has_a_reader_so_it_is_read_not_refused(tmp_path):
    assert run("convert", SEED, "-o", tmp_path / "made.docx").exit_code == 0
    (tmp_path / "made.docx").rename(tmp_path / "edited.txt")  # the content decides, not the name
    result = run("convert", tmp_path / "edited.txt", "-o", tmp_path / "edited.xml")
    assert result.exit_code == 0, result.output
    assert root_name(tmp_path / "edited.xml") == "article"


def test_outputs_written_into_the_input_folder_are_not_read_back(tmp_path):
    articles(tmp_path / "wire", 2)
    assert run("convert", tmp_path / "wire", "-o", tmp_path / "wire", "--to", "xml,docx").exit_code == 0
    again = run("convert", tmp_path / "wire", "-o", tmp_path / "wire", "--to", "xml,docx", "--update")
    assert again.exit_code == 0 and "2 up to date" in again.stderr, again.output
    assert "converted 0 of 2 inputs" in again.stderr


def test_glob_filters_what_folders_give(tmp_path):
    articles(tmp_path / "in", 2)
    (tmp_path / "in" / "readme.md").write_text("# not an article\n\nnotes\n", encoding="utf-8")
    result = run("convert", tmp_path / "in", "-o", f"{tmp_path / 'out'}/", "--glob", "*.txt")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.xml")) == ["story0000.xml", "story0001.xml"]
    none = run("convert", tmp_path / "in", "-o", f"{tmp_path / 'out'}/", "--glob", "*.doc")
    assert none.exit_code == 2 and "no input files found" in none.stderr


def test_lang_accepts_known_bcp47_tags_only():
    assert 'xml:lang="ar-EG"' in run("parse", SEED, "--lang", "AR-eg").stdout
    assert 'xml:lang="fa-IR"' in run("convert", SEED, "--lang", "fa-IR").stdout
    for wrong in ("arabic", "de", "ar_EG", "ar-Egypt-x"):
        result = run("convert", SEED, "--lang", wrong)
        assert result.exit_code == 2, wrong
        assert all(code in result.stderr for code in ("ar (Arabic)", "fa (Persian)", "ur (Urdu)", "he (Hebrew)", "en (English)"))
        assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


def test_title_with_several_inputs_is_an_error(tmp_path):
    sources = articles(tmp_path / "in", 2)
    result = run("convert", *sources, "-o", f"{tmp_path / 'out'}/", "--title", "One headline")
    assert result.exit_code == 2 and "--title" in result.stderr and "2 inputs" in result.stderr
    assert not (tmp_path / "out").exists()
    single = run("convert", sources[0], "--title", "One headline")
    assert single.exit_code == 0


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize("content, name", [
    (b"<!DOCTYPE html>\n<html><head><title>t</title></head><body><p>x</p></body></html>", "HTML"),
    (b"\xef\xbb\xbf  <html lang='ar'><body>x</body></html>", "HTML"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Arial;}} hello}", "RTF"),
    (_odt(), "ODT"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "Word 97-2003"),
])
def test_office_and_web_files_are_refused_by_content(tmp_path, content, name):
    source = tmp_path / "story.txt"  # the name says text; the content decides
    source.write_bytes(content)
    result = run("convert", source, "-o", tmp_path / "story.xml")
    assert result.exit_code == 1
    assert f"{name}" in result.stderr and "does not read" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not (tmp_path / "story.xml").exists()


def test_summary_gives_time_per_format_and_log_has_one_line_per_input(tmp_path):
    sources = articles(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    log = tmp_path / "run.jsonl"
    result = run("convert", tmp_path / "in", "-o", f"{tmp_path / 'out'}/", "--to", "xml,html", "--log", log, "-j", "1")
    assert result.exit_code == 1
    assert "converted 3 of 4 inputs" in result.stderr and "1 failed" in result.stderr
    assert "time per step: read" in result.stderr and "xml" in result.stderr and "html" in result.stderr
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [Path_name(line["input"]) for line in lines] == ["empty.txt"] + [s.name for s in sources]
    assert lines[0]["status"] == "failed" and "empty" in lines[0]["error"] and lines[0]["outputs"] == []
    assert lines[1]["status"] == "converted" and len(lines[1]["outputs"]) == 2
    assert set(lines[1]["seconds"]) == {"read", "xml", "html"}


def Path_name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def test_every_format_in_the_help_comes_from_the_registry():
    text = run("convert", "--help").stdout
    assert all(f"{fmt} (.{ext})" in " ".join(text.split()) for fmt, (_, ext) in WRITERS.items())


@pytest.mark.parametrize("command", ["convert", "watch", "inspect", "parse", "validate", "schema"])
def test_each_command_help_has_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and f"copydesk {command} " in result.stdout


def test_inspect_outlines_the_structure(tmp_path):
    source = tmp_path / "cocoa.txt"
    source.write_text(ENGLISH.format(n=7), encoding="utf-8")
    result = run("inspect", source)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"{source}: en, ltr; 2 sections, 2 paragraphs, 0 asides, 1 credit, 2 attributions, 0 quotes"
    assert "headline: Cocoa crop outlook improves in Bahia 7" in lines
    assert "byline: By Cal Mankowski, Reuters" in lines
    assert any(line.startswith("dateline: SALVADOR, Feb 26") and "location SALVADOR" in line for line in lines)
    assert "section 2 «Prices»: 1 paragraph" in lines
    assert "  attribution: according to → traders" in lines
    assert "  credit (reporting): (Reporting by Cal Mankowski; Editing by Jane Doe)" in lines


def test_inspect_of_a_derived_headline_and_a_bad_file(tmp_path):
    assert "headline: (none in the text; derived for metadata)" in run("inspect", SEED).stdout
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("inspect", empty)
    assert result.exit_code == 1 and "empty" in result.stderr


def test_the_conventions_in_a_real_process(tmp_path):
    """The same conventions through a real `python -m convert`, pipes and all."""
    import subprocess
    import sys

    def copydesk(*args, **kwargs):
        return subprocess.run([sys.executable, "-m", "convert", *map(str, args)], capture_output=True, cwd=tmp_path, **kwargs)

    piped = copydesk("convert", "-", "-t", "html", input=(EXAMPLES / "seed-ar.txt").read_bytes())
    assert piped.returncode == 0 and piped.stdout.startswith(b"<!DOCTYPE html>") and piped.stderr == b""
    assert copydesk("convert", SEED, "-o", "story.docx").returncode == 0
    assert zipfile.ZipFile(tmp_path / "story.docx").testzip() is None
    articles(tmp_path / "wire" / "desk", 2)
    folder = copydesk("convert", "wire", "-o", "out/", "--to", "xml,tei")
    assert folder.returncode == 0 and sorted(folder.stdout.decode().split()) == sorted(
        f"out/desk/story000{n}.{ext}" for n in (0, 1) for ext in ("xml", "tei.xml"))
    ambiguous = copydesk("convert", SEED, "-o", "story.odt")
    assert ambiguous.returncode == 2 and ambiguous.stderr.count(b"\n") == 1 and b"--to" in ambiguous.stderr
