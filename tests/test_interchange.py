"""Interchange both ways: article XML → DOCX / NITF → article XML gives the same article; a DOCX
edited as an editor would (or re-saved by LibreOffice, or typed by someone else) reads back with
exactly its changes; NITF from other systems reads in."""

import copy
import io
import shutil
import subprocess

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from conftest import DEV, SHARED, dev_ids, dev_tree, require_dev
from convert import CopydeskError, ReadOptions, load_article, read_text, write
from convert.document import names
from convert.document.lossless import lossless_problems
from convert.readers import reader_for
from convert.readers.docx import visible_text

BENCH = SHARED / "corpus" / "bench"
BENCH_COUNT = 200
G2 = SHARED / "standards" / "newsml-g2"

STORY = """Storm closes coastal roads

By Jane Doe

LONDON (Reuters) - "The sea rose very fast tonight and we had to leave," a coastguard officer said on Monday.

Roads along the coast were closed on Tuesday morning.

Shops stayed shut and schools sent pupils home early.

DAMAGE

The council said repairs would take weeks.

Work on the sea wall starts next week.

(Reporting by Jane Doe; Editing by John Roe)
"""


def shape(tree) -> list[str]:
    """What 'the same article' means: every element of head, body and end with its attributes
    (section ids aside: they number sections) and its text, whitespace folded; meta aside."""
    lines = []

    def walk(element, depth):
        attributes = sorted((k, v) for k, v in element.attrib.items() if element.tag != names.SECTION)
        lines.append(f"{'  ' * depth}{names.local(element.tag)} {attributes} {' '.join((element.text or '').split())}")
        for child in element:
            walk(child, depth + 1)
            if (child.tail or "").strip():
                lines.append(f"{'  ' * depth}~ {' '.join(child.tail.split())}")

    root = tree.getroot()
    lines.append(f"article {root.get(names.XML_LANG)} {root.get('dir')}")
    for part in root:
        if part.tag != names.META:
            walk(part, 0)
    return lines


def round_trip(tree, fmt: str, name: str):
    return load_article(write(tree, fmt), ReadOptions(name=name))


def bench_ids() -> list[str]:
    return sorted(p.name for p in BENCH.glob("bench-*.txt"))[:BENCH_COUNT] if BENCH.is_dir() else []


# --- round trips over the corpus ----------------------------------------------------------------

@pytest.mark.parametrize("fmt,name", [("docx", "story.docx"), ("nitf", "story.nitf.xml")])
def test_every_dev_article_round_trips(fmt, name):
    require_dev()
    for article_id in dev_ids():
        tree = dev_tree(article_id)
        assert shape(round_trip(tree, fmt, name)) == shape(tree), article_id


@pytest.mark.parametrize("fmt,name", [("docx", "story.docx"), ("nitf", "story.nitf.xml")])
def test_two_hundred_bench_articles_round_trip(fmt, name):
    ids = bench_ids()
    if len(ids) < BENCH_COUNT:
        pytest.skip(f"the bench corpus is not at {BENCH} (a fresh clone without ../shared)")
    different = []
    for article_id in ids:
        tree = load_article((BENCH / article_id).read_bytes(), ReadOptions(name=article_id))
        if shape(round_trip(tree, fmt, name)) != shape(tree):
            different.append(article_id)
    assert different == [], f"{len(different)} of {len(ids)} differ"


def test_docx_reader_loses_nothing_visible(seed_tree):
    data = write(seed_tree, "docx")
    assert lossless_problems(visible_text(data), load_article(data, ReadOptions(name="seed.docx"))) == []


# --- the registry sniffs the formats ------------------------------------------------------------

def test_readers_registry_sniffs_docx_and_nitf_by_content(seed_tree):
    assert reader_for("upload.bin", write(seed_tree, "docx")).__name__ == "read_docx"
    assert reader_for("upload.bin", write(seed_tree, "nitf")).__name__ == "read_nitf"
    assert reader_for("story.xml", write(seed_tree, "nitf")).__name__ == "read_nitf"
    assert reader_for("story.xml", write(seed_tree, "xml")).__name__ == "read_xml"


def test_cli_converts_docx_and_nitf_inputs(tmp_path, seed_tree):
    from typer.testing import CliRunner

    from convert.cli import app

    (tmp_path / "a.docx").write_bytes(write(seed_tree, "docx"))
    (tmp_path / "b.nitf.xml").write_bytes(write(seed_tree, "nitf"))
    result = CliRunner().invoke(app, ["convert", str(tmp_path / "a.docx"), str(tmp_path / "b.nitf.xml"),
                                      "-o", str(tmp_path / "out"), "--to", "xml"])
    assert result.exit_code == 0, result.output
    for stem in ("a", "b.nitf"):
        back = load_article((tmp_path / "out" / f"{stem}.xml").read_bytes(), ReadOptions(name=f"{stem}.xml"))
        assert shape(back) == shape(seed_tree)


def test_a_broken_docx_is_one_line_error(tmp_path):
    with pytest.raises(CopydeskError, match="not a DOCX"):
        load_article(b"PK\x03\x04 not really a zip", ReadOptions(name="broken.docx"))


# --- edits survive ------------------------------------------------------------------------------

def _paragraph(document, starts: str):
    return next(p for p in document.paragraphs if p.text.startswith(starts))


def _tracked(kind: str, text: str):
    """A tracked change as Word records it: w:ins with a run, or w:del with a deleted run."""
    change = OxmlElement(f"w:{kind}")
    change.set(qn("w:id"), "101" if kind == "ins" else "102")
    change.set(qn("w:author"), "Editor")
    change.set(qn("w:date"), "2024-05-02T09:00:00Z")
    run = OxmlElement("w:r")
    piece = OxmlElement("w:t" if kind == "ins" else "w:delText")
    piece.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    piece.text = text
    run.append(piece)
    change.append(run)
    return change


def test_edits_in_word_read_back_as_exactly_those_changes():
    original = load_article(STORY.encode(), ReadOptions(name="story.txt"))
    document = docx.Document(io.BytesIO(write(original, "docx")))
    # 1 change words in a paragraph
    roads = _paragraph(document, "Roads along")
    for run in roads.runs:
        run.text = run.text.replace("closed on Tuesday", "reopened on Wednesday")
    # 2 a new paragraph styled Heading 1
    _paragraph(document, "Shops stayed").insert_paragraph_before("Schools reopen", style="Heading 1")
    # 3 delete a paragraph
    council = _paragraph(document, "The council")
    council._p.getparent().remove(council._p)
    # 4 a tracked insertion (read as accepted), a tracked deletion (dropped) and a comment (ignored)
    shops = _paragraph(document, "Shops stayed")
    shops._p.append(_tracked("ins", " Buses ran again by noon."))
    shops._p.append(_tracked("del", " This sentence was struck out."))
    document.add_comment(shops.runs[0], text="Check this with the council", author="Editor")
    stream = io.BytesIO()
    document.save(stream)
    edited = load_article(stream.getvalue(), ReadOptions(name="edited.docx"))

    expected_text = (STORY.replace("closed on Tuesday", "reopened on Wednesday")
                     .replace("Shops stayed", "Schools reopen\n\nShops stayed")
                     .replace("home early.", "home early. Buses ran again by noon.")
                     .replace("The council said repairs would take weeks.\n\n", ""))
    expected = load_article(expected_text.encode(), ReadOptions(name="story.txt"))
    assert shape(edited) == shape(expected)
    assert [h.text for h in edited.iter(names.HEADING)] == ["Schools reopen", "DAMAGE"]
    text = "".join(edited.getroot().itertext())
    assert "struck out" not in text and "Check this" not in text and "The council" not in text
    assert lossless_problems(visible_text(stream.getvalue()), edited) == []


def test_a_deleted_paragraph_mark_joins_two_paragraphs():
    original = load_article(STORY.encode(), ReadOptions(name="story.txt"))
    document = docx.Document(io.BytesIO(write(original, "docx")))
    roads = _paragraph(document, "Roads along")
    mark, deleted = OxmlElement("w:rPr"), OxmlElement("w:del")  # the paragraph mark, deleted with tracking on
    deleted.set(qn("w:id"), "7")
    deleted.set(qn("w:author"), "Editor")
    mark.append(deleted)
    roads._p.get_or_add_pPr().append(mark)
    stream = io.BytesIO()
    document.save(stream)
    joined = load_article(stream.getvalue(), ReadOptions(name="joined.docx"))
    texts = ["".join(p.itertext()) for p in joined.iter(names.P)]
    assert "Roads along the coast were closed on Tuesday morning.Shops stayed shut and schools sent pupils home early." in texts


def test_an_editor_styling_a_cue_and_source_makes_an_attribution():
    original = load_article(STORY.encode(), ReadOptions(name="story.txt"))
    document = docx.Document(io.BytesIO(write(original, "docx")))
    council = _paragraph(document, "The council")
    for run in list(council.runs):
        run._r.getparent().remove(run._r)
    for text, style in (("The council", "Source"), (" ", None), ("said", "Cue"), (" repairs would take weeks.", None)):
        council.add_run(text, style=style)
    stream = io.BytesIO()
    document.save(stream)
    edited = load_article(stream.getvalue(), ReadOptions(name="edited.docx"))
    paragraph = [p for p in edited.iter(names.P) if "".join(p.itertext()).startswith("The council")][0]
    attribution = paragraph.find(names.ATTRIBUTION)
    assert (attribution.findtext(names.SOURCE), attribution.findtext(names.CUE)) == ("The council", "said")


# --- LibreOffice saves the DOCX again -----------------------------------------------------------

LIBREOFFICE_ARTICLES = ("ar-cnn-01", "en-reuters-2014-01", "fa-fars-01", "ur-btt-02")


def test_docx_saved_again_by_libreoffice_reads_back_the_same(tmp_path):
    require_dev()
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    ids = [a for a in LIBREOFFICE_ARTICLES if (DEV / f"{a}.txt").is_file()]
    trees = {}
    for article_id in ids:
        trees[article_id] = dev_tree(article_id)
        (tmp_path / f"{article_id}.docx").write_bytes(write(trees[article_id], "docx"))
    profile = (tmp_path / "profile").as_uri()  # our own profile: other LibreOffice runs do not interfere
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                    "--outdir", str(tmp_path / "saved"), *[str(tmp_path / f"{a}.docx") for a in ids]],
                   check=True, capture_output=True, timeout=300)
    for article_id in ids:
        data = (tmp_path / "saved" / f"{article_id}.docx").read_bytes()
        assert data != (tmp_path / f"{article_id}.docx").read_bytes()
        back = load_article(data, ReadOptions(name=f"{article_id}.docx"))
        assert shape(back) == shape(trees[article_id]), article_id
        assert lossless_problems(visible_text(data), back) == [], article_id


# --- DOCX typed by someone else ------------------------------------------------------------------

def _typed(lines, rtl: bool = False) -> bytes:
    """A DOCX from python-docx's own template: no copydesk styles, one paragraph per line."""
    document = docx.Document()
    for line in lines:
        paragraph = document.add_paragraph(line)
        if rtl:
            paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
            for run in paragraph.runs:
                run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def test_a_docx_without_our_styles_is_read_like_plain_text():
    lines = [line for line in STORY.splitlines() if line.strip()]
    data = _typed(lines)
    from_docx = load_article(data, ReadOptions(name="typed.docx"))
    from_text = read_text("\n".join(lines).encode(), ReadOptions(name="typed.txt"))
    assert shape(from_docx) == shape(from_text)
    assert from_docx.getroot().findtext(f"{names.HEAD}/{names.HEADLINE}") == "Storm closes coastal roads"
    assert lossless_problems(visible_text(data), from_docx) == []


def test_a_right_to_left_docx_typed_elsewhere_takes_its_direction_from_bidi():
    require_dev()
    lines = [line.strip() for line in (DEV / "ar-cnn-01.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    tree = load_article(_typed(lines, rtl=True), ReadOptions(name="typed.docx"))
    root = tree.getroot()
    assert (root.get(names.XML_LANG), root.get("dir")) == ("ar", "rtl")
    from_text = read_text("\n".join(lines).encode(), ReadOptions(name="typed.txt")).getroot()
    assert [names.local(e.tag) for e in root.iter()] == [names.local(e.tag) for e in from_text.iter()]


# --- NITF from other systems ----------------------------------------------------------------------

FOREIGN_NITF = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">
<nitf version="-//IPTC//DTD NITF 3.6//EN">
  <head><title>Harbour reopens</title></head>
  <body>
    <body.head>
      <hedline><hl1>Harbour reopens after storm</hl1><hl2>Ferries run again</hl2></hedline>
      <byline>By <person>Ann Smith</person>, <byttl>Staff Writer</byttl></byline>
      <dateline><location>DOVER</location>, <story.date>May 2</story.date></dateline>
    </body.head>
    <body.content>
      <p>The harbour reopened on <em>Thursday</em>, the port authority said.</p>
      <p><q>We are open for business again today,</q> said a spokeswoman.</p>
      <media media-type="image"><media-caption>Ferries at the quay.</media-caption></media>
      <block>
        <hl2>Traffic</hl2>
        <p>Lorries queued for hours.</p>
        <ul><li>First item of the list.</li><li>Second item.</li></ul>
        <table><tr><td>Dover</td><td>open</td></tr></table>
      </block>
    </body.content>
    <body.end><tagline>(Reporting by Ann Smith)<br/>Copyright 2024 Example News</tagline></body.end>
  </body>
</nitf>
"""


def test_nitf_from_another_system_reads_into_article_xml():
    tree = load_article(FOREIGN_NITF, ReadOptions(name="agency.xml"))
    root = tree.getroot()
    assert root.findtext(f"{names.HEAD}/{names.HEADLINE}") == "Harbour reopens after storm"
    assert root.findtext(f"{names.HEAD}/{names.SUBHEADLINE}") == "Ferries run again"
    assert root.findtext(f"{names.HEAD}/{names.BYLINE}") == "By Ann Smith, Staff Writer"
    lede = root.find(f"{names.BODY}//{names.P}")
    assert lede.find(names.DATELINE).findtext(names.LOCATION) == "DOVER"
    assert lede.find(names.DATELINE).findtext(names.DATE) == "May 2"
    assert "".join(lede.itertext()) == "DOVER, May 2 The harbour reopened on Thursday, the port authority said."
    quote = root.find(f".//{names.QUOTE}")
    assert quote.text == "We are open for business again today,"
    assert [h.text for h in root.iter(names.HEADING)] == ["Traffic"]
    paragraphs = ["".join(p.itertext()) for p in root.iter(names.P)]
    assert paragraphs[-3:] == ["First item of the list.", "Second item.", "Dover open"]
    assert [a.get("kind") for a in root.iter(names.ASIDE)] == ["caption"]
    assert [(c.text, c.get("kind")) for c in root.iter(names.CREDIT)] == [
        ("(Reporting by Ann Smith)", "reporting"), ("Copyright 2024 Example News", "copyright")]
    body = etree.fromstring(FOREIGN_NITF).find("body")
    assert lossless_problems("".join(body.itertext()), tree) == []


def test_nitf_with_entity_declarations_is_refused():
    evil = b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY x "boom">]><nitf><body><body.content><p>&x;</p></body.content></body></nitf>'
    with pytest.raises(CopydeskError, match="internal DTD"):
        load_article(evil, ReadOptions(name="evil.nitf.xml"))


@pytest.mark.parametrize("listing", ["LISTING_2_NewsML-G2_Text_Document.xml", "LISTING_22_Sports_story_in_NewsML-G2NITF.xml"])
def test_iptc_example_nitf_bodies_read_in(listing):
    path = G2 / listing
    if not path.is_file():
        pytest.skip(f"the IPTC examples are not at {G2} (a fresh clone without ../shared)")
    nitf = etree.parse(str(path)).find(".//{http://iptc.org/std/NITF/2006-10-18/}nitf")
    data = etree.tostring(copy.deepcopy(nitf), xml_declaration=True, encoding="UTF-8")
    tree = load_article(data, ReadOptions(name="iptc.nitf.xml"))
    assert tree.getroot().findtext(f"{names.HEAD}/{names.HEADLINE}")
    body = nitf.find("{http://iptc.org/std/NITF/2006-10-18/}body")
    assert lossless_problems("".join(body.itertext()), tree) == []


def test_text_in_a_text_box_is_story_text():
    """A text box's paragraphs follow the paragraph they are anchored in; its fallback copy
    (mc:Fallback, for old Word versions) is not read twice."""
    original = load_article(STORY.encode(), ReadOptions(name="story.txt"))
    document = docx.Document(io.BytesIO(write(original, "docx")))
    anchor = _paragraph(document, "Shops stayed")
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    alternate = etree.SubElement(anchor._p.add_r(), f"{{{mc}}}AlternateContent")
    for branch in ("Choice", "Fallback"):
        holder = etree.SubElement(alternate, f"{{{mc}}}{branch}")
        box = etree.SubElement(etree.SubElement(holder, qn("w:drawing")), qn("w:txbxContent"))
        box_paragraph = etree.SubElement(box, qn("w:p"))
        etree.SubElement(etree.SubElement(box_paragraph, qn("w:r")), qn("w:t")).text = "Ferries resumed at dawn."
    stream = io.BytesIO()
    document.save(stream)
    tree = load_article(stream.getvalue(), ReadOptions(name="boxed.docx"))
    texts = ["".join(p.itertext()) for p in tree.iter(names.P)]
    assert texts.count("Ferries resumed at dawn.") == 1
    assert texts.index("Ferries resumed at dawn.") == texts.index("Shops stayed shut and schools sent pupils home early.") + 1


def test_a_docx_made_by_pandoc_is_read_like_its_text(tmp_path):
    """pandoc's DOCX (First Paragraph / Body Text styles, no direction marks) of an Arabic text."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed")
    from conftest import EXAMPLES

    target = tmp_path / "seed.docx"
    subprocess.run([pandoc, str(EXAMPLES / "seed-ar.txt"), "-f", "markdown-smart", "-o", str(target)],
                   check=True, capture_output=True, timeout=120)
    data = target.read_bytes()
    tree = load_article(data, ReadOptions(name="seed.docx"))
    assert (tree.getroot().get(names.XML_LANG), tree.getroot().get("dir")) == ("ar", "rtl")
    assert shape(tree) == shape(read_text(visible_text(data).encode(), ReadOptions(name="seed.txt")))
    assert lossless_problems(visible_text(data), tree) == []


def test_a_left_to_right_paragraph_in_a_right_to_left_article_keeps_its_direction():
    text = ("عنوان الخبر\n\nقال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة.\n\n"
            "The meeting will be held tomorrow in the capital, the spokesman said on Monday.\n\n"
            "وأضاف أن الوفود ستصل صباحا.\n")
    tree = load_article(text.encode(), ReadOptions(name="mixed.txt"))
    english = [p for p in tree.iter(names.P) if p.get("dir") == "ltr"]
    assert len(english) == 1 and english[0].get(names.XML_LANG) == "en"
    data = write(tree, "docx")
    document = docx.Document(io.BytesIO(data))
    paragraph = _paragraph(document, "The meeting")
    assert paragraph._p.pPr.find(qn("w:bidi")).get(qn("w:val")) == "0", "the style's bidi is switched off"
    assert shape(load_article(data, ReadOptions(name="mixed.docx"))) == shape(tree)
    assert shape(round_trip(tree, "nitf", "mixed.nitf.xml")) == shape(tree)
