"""document/queries.py: one answer per question, the same in every writer (title, page sizes)."""

import io
import json
import zipfile

import docx
import pytest
from docx.shared import Mm
from lxml import etree

from convert import CopydeskError, ReadOptions, load_article, write
from convert.document import names, queries
from convert.writers import WriteOptions

NO_HEADLINE = ("The harbour reopened on Thursday after the storm had closed it for three whole days and "
               "nights, officials said. Ferries ran again.\n\nLorries queued for hours.\n")
LONG_TITLE = "The harbour reopened on Thursday after the storm had closed it for…"  # 12 words and an ellipsis


def titles(tree) -> dict:
    """The title each writer gives the article."""
    html = etree.fromstring(write(tree, "html"), etree.HTMLParser())
    with zipfile.ZipFile(io.BytesIO(write(tree, "docx"))) as package:
        core = etree.fromstring(package.read("docProps/core.xml"))
    nitf = etree.fromstring(write(tree, "nitf"))
    tei = etree.fromstring(write(tree, "tei"))
    newsml = etree.fromstring(write(tree, "newsml"))
    return {
        "html": html.findtext("head/title"),
        "json-ld": json.loads(html.findtext("head/script"))["headline"],
        "docx": core.findtext("{http://purl.org/dc/elements/1.1/}title"),
        "nitf": nitf.findtext("{http://iptc.org/std/NITF/2006-10-18/}head/{http://iptc.org/std/NITF/2006-10-18/}title"),
        "tei": tei.findtext(".//{http://www.tei-c.org/ns/1.0}titleStmt/{http://www.tei-c.org/ns/1.0}title"),
        "newsml": newsml.findtext(".//{http://iptc.org/std/nar/2006-10-01/}headline"),
        "ninjs": json.loads(write(tree, "ninjs"))["headlines"][0]["value"],
    }


def test_a_text_without_headline_has_one_title_in_every_writer():
    tree = load_article(NO_HEADLINE.encode(), ReadOptions(name="t.txt"))
    assert queries.title(tree) == LONG_TITLE
    assert set(titles(tree).values()) == {LONG_TITLE}


def test_the_title_rule_also_holds_for_article_xml_without_a_head():
    tree = load_article(NO_HEADLINE.encode(), ReadOptions(name="t.txt"))
    tree.getroot().remove(tree.getroot().find(names.HEAD))  # hand-edited XML: no head at all
    assert set(titles(tree).values()) == {LONG_TITLE}


def test_a_headline_is_the_title_everywhere():
    tree = load_article(b"Harbour reopens\n\nThe harbour reopened on Thursday, officials said.\n", ReadOptions(name="t.txt"))
    assert set(titles(tree).values()) == {"Harbour reopens"}


@pytest.mark.parametrize("size,mm", [("A3", (297, 420)), ("a5", (148, 210)), ("Letter", (215.9, 279.4)), ("B5", (176, 250))])
def test_docx_page_sizes_are_the_pdf_ones(seed_tree, size, mm):
    document = docx.Document(io.BytesIO(write(seed_tree, "docx", WriteOptions(page_size=size))))
    section = document.sections[0]
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == mm
    assert section.page_width == Mm(mm[0]) or abs(section.page_width - Mm(mm[0])) < Mm(0.1)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_an_unknown_page_size_is_the_same_user_error(seed_tree, fmt):
    with pytest.raises(CopydeskError, match="unknown page size 'A9'; choose from A3, A4, A5, B5, Letter, Legal"):
        write(seed_tree, fmt, WriteOptions(page_size="A9"))
