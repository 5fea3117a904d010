"""XML comments and processing instructions in article XML: one rule, refused by validate (and so
by every reader of our XML and every writer), with one line naming the line. README says why."""

import pytest
from typer.testing import CliRunner

from convert import CopydeskError, InvalidDocument, ReadOptions, load_article
from convert.cli import app
from convert.document import parse_xml, problems
from convert.writers import WRITERS

ARTICLE = """<?xml version="1.0" encoding="UTF-8"?>
{prolog}<article xmlns="urn:x-copydesk:article:1" xml:lang="en" dir="ltr" version="1">
  <meta><generator name="copydesk" version="0.1.0"/></meta>
  <body>
    <section id="s1">{between}
      <p>Roads were {inside}closed on Monday.</p>
    </section>
  </body>
</article>
"""
PLACES = {
    "comment in p": dict(inside="<!-- check -->"),
    "comment between body children": dict(between="<!-- a note -->"),
    "comment in the prolog": dict(prolog="<!-- exported by hand -->\n"),
    "processing instruction in p": dict(inside='<?page n="2"?>'),
    "stylesheet PI in the prolog": dict(prolog='<?xml-stylesheet href="a.css"?>\n'),
}


def article(**where) -> bytes:
    return ARTICLE.format(**{"prolog": "", "between": "", "inside": "", **where}).encode()


@pytest.mark.parametrize("place", list(PLACES))
def test_validate_refuses_it_naming_the_line(place):
    data = article(**PLACES[place])
    found = problems(parse_xml(data))
    assert len(found) == 1, found
    line = next(n for n, text in enumerate(data.decode().splitlines(), 1) if "<!--" in text or ("<?" in text and n > 1))
    assert found[0].startswith(f"{line}: ")
    assert ("comment" in found[0]) != ("processing instruction" in found[0]) and "not allowed" in found[0]


def test_the_clean_article_is_valid():
    assert problems(parse_xml(article())) == []


def test_reading_our_xml_refuses_it():
    with pytest.raises(InvalidDocument, match=r"x.xml:6: XML comment"):
        load_article(article(inside="<!-- c -->"), ReadOptions(name="x.xml"))


@pytest.mark.parametrize("fmt", list(WRITERS))
@pytest.mark.parametrize("place", ["comment in p", "processing instruction in p", "comment in the prolog"])
def test_every_writer_is_spared_it(tmp_path, fmt, place):
    source = tmp_path / "story.xml"
    source.write_bytes(article(**PLACES[place]))
    result = CliRunner().invoke(app, ["convert", str(source), "-o", str(tmp_path / "out"), "--to", fmt])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("copydesk: error:")]
    assert len(errors) == 1 and "story.xml:" in errors[0] and "not allowed in article XML" in errors[0], result.output
    assert "internal error" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_batch_names_the_file_and_converts_the_others(tmp_path):
    (tmp_path / "bad.xml").write_bytes(article(inside="<!-- c -->"))
    (tmp_path / "good.xml").write_bytes(article())
    result = CliRunner().invoke(app, ["convert", str(tmp_path / "bad.xml"), str(tmp_path / "good.xml"),
                                      "-o", str(tmp_path / "out"), "--to", "html", "-j", "1"])
    assert result.exit_code == 1
    assert "bad.xml:6: XML comment" in result.output
    assert (tmp_path / "out" / "good.html").is_file() and not (tmp_path / "out" / "bad.html").exists()
    assert issubclass(InvalidDocument, CopydeskError)
