"""Exhaustive dispatch, proven: every writer handles every element the schema names, and a node
it has no handler for (an unknown element, a comment) is an internal error, never a silent drop."""

import io
import json
import subprocess
import tempfile
import zipfile

import pytest
from lxml import etree

from conftest import REPO
from convert import CopydeskError, ReadOptions, load_article, write
from convert.document import names, parse_xml, validate
from convert.errors import MissingHandler
from convert.writers import WRITERS

XS = "{http://www.w3.org/2001/XMLSchema}"
XSD = REPO / "schemas" / "article-1.xsd"

# One article holding every element of the schema; each text-bearing element has its own marker word.
KITCHEN_SINK = """<?xml version="1.0" encoding="UTF-8"?>
<article xmlns="urn:x-copydesk:article:1" xml:lang="en" dir="ltr" version="1">
  <meta>
    <source name="sink.txt" encoding="utf-8" sha256="{sha}" bytes="10"/>
    <generator name="copydesk" version="0.1.0"/>
    <slug>slugmarker</slug>
    <created>2024-05-01T10:00:00Z</created>
    <removed char="U+0001" count="1"/>
    <undecodable offset="3" bytes="ff"/>
  </meta>
  <head>
    <headline>Headlinemarker over the coast</headline>
    <subheadline>Subheadlinemarker deck</subheadline>
    <byline>By Bylinemarker Doe</byline>
  </head>
  <body>
    <section id="s1">
      <p><dateline><location>LOCATIONMARKER</location>, <date>Feb 26</date> (<agency>Agencymarker</agency>)</dateline> - <attribution id="a1"><source>Sourcemarker officials</source> <cue>cuemarker</cue></attribution> that <quote attribution="a1">"quotemarker the sea rose fast"</quote> tonight.</p>
      <aside kind="caption">Asidemarker caption</aside>
    </section>
    <section id="s2">
      <heading>Headingmarker</heading>
      <p>Paragraphmarker text of the story.</p>
    </section>
  </body>
  <end>
    <credit kind="reporting">(Reporting by Creditmarker)</credit>
    <credit kind="marker">Reuter</credit>
  </end>
</article>
""".format(sha="0" * 64)

MARKERS = {"headline": "Headlinemarker", "subheadline": "Subheadlinemarker", "byline": "Bylinemarker",
           "heading": "Headingmarker", "p": "Paragraphmarker", "dateline": "LOCATIONMARKER",
           "location": "LOCATIONMARKER", "date": "Feb 26", "agency": "Agencymarker", "attribution": "Sourcemarker",
           "cue": "cuemarker", "source": "Sourcemarker", "quote": "quotemarker", "aside": "Asidemarker",
           "credit": "Creditmarker"}
# elements without story text of their own: containers and machine metadata (read through document/queries.py)
STRUCTURAL = {"article", "meta", "generator", "slug", "created", "removed", "undecodable", "head", "body", "section",
              "end"}
DISPATCHING = [fmt for fmt in WRITERS if fmt != "xml"]  # the XML writer serializes the tree as it is


def schema_elements() -> list[str]:
    """Every element name the XSD declares (top-level and local)."""
    tree = etree.parse(str(XSD))
    return sorted({e.get("name") for e in tree.iter(f"{XS}element") if e.get("name")})


def sink():
    tree = parse_xml(KITCHEN_SINK.encode(), "sink.xml")
    validate(tree, "sink.xml")
    return tree


def test_the_kitchen_sink_holds_every_element_of_the_schema():
    present = {names.local(e.tag) for e in sink().iter(etree.Element)}
    assert set(schema_elements()) == present
    assert set(schema_elements()) == set(MARKERS) | STRUCTURAL | {"source"}


def output_text(fmt: str, data: bytes) -> str:
    """The text a user of the format would see in the output."""
    if fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "".join(etree.fromstring(package.read("word/document.xml")).itertext())
    if fmt == "pdf":
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(data)
            handle.flush()
            return subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, text=True, check=True).stdout
    if fmt.startswith("ninjs"):
        bodies = json.loads(data)["bodies"]
        return " ".join("".join(etree.fromstring(b["value"], etree.HTMLParser()).itertext())
                        if b.get("contentType", b.get("contenttype")) == "text/html" else b["value"] for b in bodies)
    if fmt == "html":
        return "".join(etree.fromstring(data, etree.HTMLParser()).find("body").itertext())
    return "".join(etree.fromstring(data).itertext())


@pytest.fixture(scope="module")
def outputs():
    tree = sink()
    return {fmt: output_text(fmt, write(tree, fmt)) for fmt in WRITERS}


@pytest.mark.parametrize("fmt", list(WRITERS))
@pytest.mark.parametrize("element", schema_elements())
def test_every_writer_carries_every_element(outputs, fmt, element):
    """The writer wrote the kitchen sink; each story element's text is in what the user sees."""
    if element in MARKERS:
        assert MARKERS[element] in outputs[fmt], f"{fmt} lost <{element}>"


def _with_unknown(tree, element: str, occurrence: int):
    copy = etree.ElementTree(etree.fromstring(etree.tostring(tree)))
    target = [e for e in copy.iter(names.q(element)) if not _in_meta(e)][occurrence]
    target.tag = names.q("bogus")
    return copy


def _in_meta(element) -> bool:
    return any(a.tag == names.META for a in element.iterancestors())


def _dispatched() -> list[tuple[str, int]]:
    tree = sink()
    found = []
    for element in schema_elements():
        occurrences = [e for e in tree.iter(names.q(element)) if not _in_meta(e)]
        found += [(element, i) for i in range(len(occurrences)) if element != "article"]
    return found


@pytest.mark.parametrize("fmt", DISPATCHING)
@pytest.mark.parametrize("element,occurrence", _dispatched())
def test_an_element_without_a_handler_is_an_internal_error(fmt, element, occurrence):
    """Each element is dispatched through the writer's table: put an unknown tag in its place and
    the writer raises MissingHandler (a bug: the CLI says 'internal error'), not a user error."""
    tree = _with_unknown(sink(), element, occurrence)
    with pytest.raises(MissingHandler, match="bogus"):
        write(tree, fmt)
    assert not issubclass(MissingHandler, CopydeskError)


@pytest.mark.parametrize("fmt", DISPATCHING)
@pytest.mark.parametrize("where", ["p", "section", "head", "end"])
def test_a_comment_reaching_a_writer_is_an_internal_error(fmt, where):
    tree = sink()
    tree.getroot().find(f".//{names.q(where)}").append(etree.Comment(" note "))
    with pytest.raises(MissingHandler, match="comment"):
        write(tree, fmt)


def test_derived_headline_is_metadata_in_every_writer():
    tree = sink()
    tree.getroot().find(f"{names.HEAD}/{names.HEADLINE}").set("derived", "true")
    visible = {"nitf": "{http://iptc.org/std/NITF/2006-10-18/}body", "tei": "{http://www.tei-c.org/ns/1.0}text"}
    for fmt in ("html", "docx", "pdf", "nitf", "tei"):  # ninjs and NewsML-G2 headline fields are metadata
        data = write(tree, fmt)
        if fmt == "html":  # the derived title is a visually hidden h1 (h1.derived-title), never shown
            page = etree.fromstring(data, etree.HTMLParser())
            assert [h.get("class") for h in page.iter("h1")] == ["derived-title"]
            for hidden in page.iter("h1"):
                hidden.getparent().remove(hidden)
            shown = "".join(page.find("body").itertext())
        else:
            shown = "".join(etree.fromstring(data).find(visible[fmt]).itertext()) if fmt in visible else output_text(fmt, data)
        assert "Headlinemarker" not in shown, fmt


def test_kitchen_sink_reads_back_from_nitf_and_docx():
    tree = sink()
    for fmt, name in (("nitf", "sink.nitf.xml"), ("docx", "sink.docx")):
        back = load_article(write(tree, fmt), ReadOptions(name=name))
        assert [e.text for e in back.iter(names.SUBHEADLINE)] == ["Subheadlinemarker deck"], fmt
        assert [c.get("kind") for c in back.iter(names.CREDIT)] == ["reporting", "marker"], fmt
        assert back.find(f".//{names.AGENCY}").text == "Agencymarker", fmt
