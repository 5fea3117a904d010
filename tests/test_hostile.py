"""Hostile input and faults (issue 17): bounded input, decoding never silently wrong, safe stylesheets, clean failures.

Each test is the regression test of a defect an audit found; most run the real program in a process,
since what matters is what a user sees: one line on stderr, an exit status, and no time or memory spent.
"""

import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from conftest import EXAMPLES, SHARED
from convert import CopydeskError, ReadOptions, load_article, parse_xml, serialize, validate, write
from convert.document import names
from convert.document.lossless import lossless_problems
from convert.errors import InputError, OutputError, UsageError
from convert.cli import app
from convert.readers.text.decode import decode
from convert.writers import WriteOptions

runner = CliRunner()
SEED = EXAMPLES / "seed-ar.txt"
BENCH = SHARED / "corpus" / "bench"


def copydesk(*args, stdin=None, stdout=subprocess.PIPE, env=None, timeout=30):
    """Run the real program; returns (exit status, stderr lines, seconds)."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "convert", *map(str, args)], stdin=stdin, stdout=stdout,
                          stderr=subprocess.PIPE, timeout=timeout, env={**os.environ, **(env or {})})
    return done.returncode, done.stderr.decode("utf-8").splitlines(), time.monotonic() - start


def assert_one_line_error(status, lines, *words):
    assert status == 1, lines
    assert len(lines) == 1 and lines[0].startswith("copydesk: error: "), lines
    assert "internal error" not in lines[0] and "Traceback" not in lines[0]
    for word in words:
        assert word in lines[0], lines


# --- item 4: unbounded input ----------------------------------------------------------------------

def test_a_device_is_refused_at_once():
    status, lines, seconds = copydesk("parse", "/dev/zero")
    assert_one_line_error(status, lines, "/dev/zero", "device")
    assert seconds < 10


def test_a_fifo_without_a_writer_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)
    status, lines, _ = copydesk("parse", fifo, timeout=20)  # a block would hit the timeout
    assert_one_line_error(status, lines, "FIFO")


def test_standard_input_is_read_up_to_the_limit_only():
    with open("/dev/zero", "rb") as zeros:
        status, lines, seconds = copydesk("parse", "-", "--max-size", "2MB", stdin=zeros)
    assert_one_line_error(status, lines, "maximum input size of 2 MB", "--max-size")
    assert seconds < 10


def test_a_200_mb_xml_is_refused_by_the_size_limit_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.xml"
    with open(huge, "wb") as stream:  # sparse: 200 MB on paper, nothing on disk
        stream.write(b"<?xml version='1.0'?>\n<article>")
        stream.truncate(200_000_000)
    status, lines, seconds = copydesk("validate", huge)
    assert status == 1 and "maximum input size of 50 MB" in lines[0] and len(lines) == 1, lines
    assert seconds < 10


def test_max_size_can_be_raised_or_lowered_by_option_environment_and_api(tmp_path):
    assert runner.invoke(app, ["parse", str(SEED), "--max-size", "1KB"]).exit_code == 1
    assert runner.invoke(app, ["parse", str(SEED), "--max-size", "1MB"]).exit_code == 0
    assert runner.invoke(app, ["parse", str(SEED)], env={"COPYDESK_MAX_SIZE": "1KB"}).exit_code == 1
    assert runner.invoke(app, ["convert", str(SEED), "-o", str(tmp_path), "--max-size", "1KB"]).exit_code == 1
    assert runner.invoke(app, ["parse", str(SEED), "--max-size", "lots"]).exit_code == 2
    with pytest.raises(InputError, match="maximum input size"):
        load_article(SEED.read_bytes(), ReadOptions(name="seed-ar.txt", max_size=1000))


def test_css_from_a_device_is_refused_like_an_input(tmp_path):
    status, lines, seconds = copydesk("convert", SEED, "-o", tmp_path, "--to", "html", "--css", "/dev/zero")
    assert_one_line_error(status, lines, "--css /dev/zero", "device")
    assert seconds < 20 and not list(tmp_path.iterdir())


def test_our_xml_with_a_paragraph_over_10_mb_reads_back(seed_tree, tmp_path):
    tree = parse_xml(serialize(seed_tree))
    paragraph = next(tree.getroot().iter(names.P))
    for child in list(paragraph):
        paragraph.remove(child)
    paragraph.text = "كلمة word " * 1_200_000  # 12 MB of UTF-8 in one text node
    data = serialize(tree)
    assert len(data) > 10_000_000
    again = parse_xml(data, "huge.xml")
    validate(again)
    assert next(again.getroot().iter(names.P)).text == paragraph.text
    (tmp_path / "huge.xml").write_bytes(data)
    assert runner.invoke(app, ["validate", str(tmp_path / "huge.xml")]).exit_code == 0


def test_huge_trees_still_refuse_entities_and_dtds():
    laughs = (b'<?xml version="1.0"?><!DOCTYPE article [<!ENTITY a "aaaaaaaaaa">'
              + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&%s;" % bytes([97 + i])) * 10) for i in range(8))
              + b']><article xmlns="urn:x-copydesk:article:1">&i;</article>')
    start = time.monotonic()
    with pytest.raises(InputError):
        parse_xml(laughs, "laughs.xml")
    with pytest.raises(InputError, match="DOCTYPE"):
        parse_xml(b'<!DOCTYPE article [<!ENTITY s SYSTEM "file:///etc/passwd">]><article>&s;</article>', "xxe.xml")
    assert time.monotonic() - start < 2


# --- item 5: decoding is never silently wrong -----------------------------------------------------

def _seed_with_stray_byte() -> tuple[bytes, int]:
    data = SEED.read_bytes()
    offset = data.index(b" ", 300)  # between two characters
    return data[:offset] + b"\xff" + data[offset:], offset


def test_utf8_with_a_stray_byte_stays_utf8_and_the_byte_is_recorded():
    data, offset = _seed_with_stray_byte()
    tree = load_article(data, ReadOptions(name="stray.txt"))
    meta = tree.getroot().find(names.META)
    assert meta.find(names.SOURCE).get("encoding") == "utf-8"
    record = meta.find(names.UNDECODABLE)
    assert (record.get("offset"), record.get("bytes")) == (str(offset), "ff")
    assert lossless_problems(SEED.read_text(encoding="utf-8"), tree) == []
    assert "الرئيس" in "".join(tree.getroot().itertext())  # not cp1256 mojibake ('ط§ظ„')


def test_a_stray_byte_is_a_one_line_warning_naming_its_offset(tmp_path):
    data, offset = _seed_with_stray_byte()
    (tmp_path / "stray.txt").write_bytes(data)
    status, lines, _ = copydesk("parse", tmp_path / "stray.txt", "-o", tmp_path / "stray.xml")
    warnings = [line for line in lines if "not UTF-8" in line]
    assert status == 0 and len(warnings) == 1 and str(offset) in warnings[0], lines


def test_a_mixture_of_utf8_and_cp1256_is_an_error_naming_the_offset():
    utf8 = SEED.read_bytes()
    mixed = utf8 + "وقال مسؤول إن الطرق مغلقة اليوم.\n".encode("cp1256")
    with pytest.raises(InputError, match=f"mixes encodings.*byte offset {len(utf8)}"):
        decode(mixed, "mixed.txt")


@pytest.mark.parametrize("text", [
    "Le président a déjà annoncé qu'il irait à Genève où l'été est doux. Ça coûte cher, a-t-il déclaré.\n",
    "El presidente de la Asociación Española dijo que el niño está en España. ¿Qué pasará mañana?\n",
    "Der Bürgermeister sagte, dass die Straße über die Brücke geschlossen wird.\n",
], ids=["french", "spanish", "german"])
def test_western_latin_cp1252_is_read_as_cp1252(text):
    decoded = decode(text.encode("cp1252"), "latin.txt")
    assert (decoded.encoding, decoded.text) == ("cp1252", text)


def test_the_detectors_confidence_is_reported_with_verbose(tmp_path):
    (tmp_path / "old.txt").write_bytes(SEED.read_text(encoding="utf-8").encode("cp1256"))
    status, lines, _ = copydesk("-v", "parse", tmp_path / "old.txt", "-o", tmp_path / "old.xml")
    assert status == 0
    assert any("cp1256" in line and "confidence" in line for line in lines), lines


def _mutated(data: bytes, chooser: random.Random) -> bytes:
    """A few byte flips, insertions, deletions or a truncation: what transit does to a file."""
    data = bytearray(data)
    for _ in range(chooser.randint(1, 6)):
        at, what = chooser.randrange(len(data)), chooser.random()
        if what < 0.4:
            data[at] = chooser.randrange(256)
        elif what < 0.7:
            data.insert(at, chooser.randrange(128, 256))
        elif what < 0.9:
            del data[at]
        else:
            data = data[:max(1, at)]
    return bytes(data)


def test_mutated_real_texts_never_get_a_wrong_code_page_silently():
    if not BENCH.is_dir():
        pytest.skip(f"the bench corpus is not at {BENCH} (a fresh clone without ../shared)")
    chooser, outcomes, wrong = random.Random(17), {"read": 0, "refused": 0}, []
    for path in sorted(BENCH.glob("bench-*.txt"))[:160]:
        text = path.read_text(encoding="utf-8")
        for codec in ("cp1256", "iso8859-6", "utf-8"):
            try:
                data = _mutated(text.encode(codec), chooser)
            except UnicodeEncodeError:
                continue
            try:
                decoded = decode(data, path.name)
            except InputError:
                outcomes["refused"] += 1
                continue
            outcomes["read"] += 1
            try:
                truth = data.decode(codec)
            except UnicodeDecodeError:
                truth = None
            if decoded.text != truth and not (codec == "utf-8" and decoded.encoding == "utf-8"):
                wrong.append((path.name, codec, decoded.encoding))
    assert wrong == []
    assert outcomes["read"] > 2 * outcomes["refused"], outcomes  # refusing everything would be no answer


# --- item 9: stylesheets --------------------------------------------------------------------------

@pytest.mark.parametrize("css", ["p { color: red }\n</style><script>alert(1)</script>", "p{}\n</STYLE >",
                                 "<!-- p { color: red } -->"])
def test_a_stylesheet_cannot_break_out_of_style(tmp_path, seed_tree, css):
    (tmp_path / "house.css").write_text(css, encoding="utf-8")
    with pytest.raises(OutputError, match="would end the HTML <style> element"):
        write(seed_tree, "html", WriteOptions(css=str(tmp_path / "house.css")))
    result = runner.invoke(app, ["convert", str(SEED), "-o", str(tmp_path / "out"), "--to", "html",
                                 "--css", str(tmp_path / "house.css")])
    assert result.exit_code == 1 and not (tmp_path / "out" / "seed-ar.html").exists()


def test_an_ordinary_stylesheet_is_embedded(tmp_path, seed_tree):
    (tmp_path / "house.css").write_text("p { color: #333 } /* a < b > c */\n", encoding="utf-8")
    page = write(seed_tree, "html", WriteOptions(css=str(tmp_path / "house.css")))
    assert b"p { color: #333 }" in page and page.count(b"</style>") == 1


class _Listener:
    """A local TCP port that records whether anything connected to it."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port, self.connections, self.running = self.server.getsockname()[1], 0, True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                connection, _ = self.server.accept()
            except (socket.timeout, OSError):
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.server.close()


REFERENCES = {"import-file": "@import url('{other}');", "url-file": "body {{ background: url('{other}') }}",
              "import-http": "@import url('http://127.0.0.1:{port}/x.css');",
              "url-http": "body {{ background: url('http://127.0.0.1:{port}/x.png') }}"}


def _render_with_our_fetcher(css: str) -> list[str]:
    """WeasyPrint's warnings for a page with this stylesheet, fetched the way the PDF writer fetches."""
    import logging

    import weasyprint

    from convert.writers.fetch import restricted_fetcher

    messages = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage())
    logging.getLogger("weasyprint").addHandler(handler)
    try:
        page = f"<html><head><style>{css}</style></head><body><p>x</p></body></html>"
        weasyprint.HTML(string=page, base_url=".", url_fetcher=restricted_fetcher(weasyprint)).render()
    finally:
        logging.getLogger("weasyprint").removeHandler(handler)
    return messages


@pytest.mark.parametrize("reference", REFERENCES.values(), ids=REFERENCES.keys())
def test_a_stylesheet_cannot_make_weasyprint_fetch_other_files_or_the_network(tmp_path, reference):
    other = tmp_path / "other.css"
    other.write_text("p { color: red }", encoding="utf-8")
    listener = _Listener()
    try:
        messages = _render_with_our_fetcher(reference.format(other=other.as_uri(), port=listener.port))
    finally:
        listener.close()
    assert listener.connections == 0
    assert any("copydesk fetches only" in message for message in messages), messages


def test_our_fonts_are_fetched():
    import fontpkg

    font = fontpkg.family("Amiri").files[0].path
    css = f'@font-face {{ font-family: "t"; src: url("{font.as_uri()}"); }} p {{ font-family: "t" }}'
    assert _render_with_our_fetcher(css) == []


def test_a_refused_fetch_fails_the_pdf_with_one_line(tmp_path, seed_tree):
    """Through the PDF writer, where it takes the user's stylesheet (--css for PDF)."""
    from convert.writers import pdf

    css = tmp_path / "house.css"
    css.write_text("body { background: url('file:///etc/hostname') }\n", encoding="utf-8")
    options = WriteOptions(css=str(css))
    assert "file:///etc/hostname" in pdf.html_document(seed_tree.getroot(), options)  # it reaches WeasyPrint
    with pytest.raises(OutputError, match="does not fetch"):
        write(seed_tree, "pdf", options)


def test_the_fetcher_allows_our_fonts_and_the_users_file_only(tmp_path):
    import fontpkg

    from convert.writers.fetch import permitted

    font = fontpkg.family("Amiri").files[0].path
    mine = (tmp_path / "house.css").resolve()
    assert permitted(font.as_uri(), frozenset())
    assert permitted(mine.as_uri(), frozenset({mine}))
    assert permitted("data:text/css,p{}", frozenset())
    assert not permitted((tmp_path / "other.css").as_uri(), frozenset({mine}))
    assert not permitted("file:///etc/passwd", frozenset())
    assert not permitted(font.with_suffix(".txt").as_uri(), frozenset())
    assert not permitted("https://example.org/font.ttf", frozenset())


# --- item 10: usage errors and output faults ------------------------------------------------------

def test_a_codec_that_is_not_a_text_encoding_is_a_usage_error():
    result = runner.invoke(app, ["parse", str(SEED), "--encoding", "rot13"])
    assert result.exit_code == 2 and "not a text encoding" in result.output
    assert runner.invoke(app, ["parse", str(SEED), "--encoding", "no-such-codec"]).exit_code == 2
    with pytest.raises(UsageError, match="not a text encoding"):
        decode(b"text", "t.txt", "base64")


def test_an_empty_format_list_is_a_usage_error(tmp_path):
    for to in ("", " , "):
        result = runner.invoke(app, ["convert", str(SEED), "-o", str(tmp_path), "--to", to])
        assert result.exit_code == 2 and "at least one format" in result.output, to
    assert not list(tmp_path.iterdir())


def test_libxml2_messages_are_one_line():
    with pytest.raises(InputError) as raised:
        parse_xml(b"<article>\x00</article>", "nul.xml")
    assert "\n" not in str(raised.value) and "nul.xml:1: not well-formed XML: Invalid character" in str(raised.value)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full is Linux's")
@pytest.mark.parametrize("command", [["parse", str(SEED)], ["schema", "--show"], ["validate", "{xml}"]])
def test_standard_output_on_a_full_disk_is_a_one_line_error(tmp_path, command):
    xml = tmp_path / "seed.xml"
    xml.write_bytes(serialize(load_article(SEED.read_bytes(), ReadOptions(name="seed-ar.txt"))))
    with open("/dev/full", "wb") as full:
        status, lines, _ = copydesk(*[part.format(xml=xml) for part in command], stdout=full)
    errors = [line for line in lines if "error" in line or "Exception" in line]
    assert status == 1 and len(errors) == 1 and "cannot write to standard output" in errors[0], lines
    assert "internal error" not in errors[0]


def test_every_failure_here_is_a_copydesk_error():
    for bad in (lambda: decode(bytes(range(128, 256)) * 4, "x"), lambda: decode(b"abc", "x", "undefined")):
        with pytest.raises(CopydeskError):
            bad()


def test_a_stray_byte_after_a_utf8_bom_is_reported_the_same_way():
    data, offset = _seed_with_stray_byte()
    tree = load_article(b"\xef\xbb\xbf" + data, ReadOptions(name="bom.txt"))
    meta = tree.getroot().find(names.META)
    assert meta.find(names.SOURCE).get("encoding") == "utf-8-sig"
    assert meta.find(names.UNDECODABLE).get("offset") == str(offset + 3)


def test_a_house_style_font_beside_its_file_is_still_fetched(tmp_path, seed_tree):
    """The fetcher's allow-list holds the document's own faces, wherever the house style found them."""
    import fontpkg

    (tmp_path / "MyFace.ttf").write_bytes(fontpkg.family("Amiri").files[0].path.read_bytes())
    (tmp_path / "house.toml").write_text('[fonts]\narabic = "MyFace.ttf"\n', encoding="utf-8")
    assert write(seed_tree, "pdf", WriteOptions(house_style=str(tmp_path / "house.toml"))).startswith(b"%PDF-")
