"""Hebrew end to end (no dev article has it): language, direction, dateline, attribution, DOCX slots, PDF text."""

import io
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree

from convert import ReadOptions, load_article, write
from convert.document import names

HEBREW = """הממשלה אישרה את התקציב החדש

ירושלים (רויטרס) - הממשלה אישרה הלילה את התקציב החדש לשנה הבאה, לדברי משרד האוצר.
אמר שר האוצר כי התקציב יחזק את הכלכלה ויסייע למשפחות רבות בכל רחבי הארץ.
"""


@pytest.fixture(scope="module")
def hebrew():
    return load_article(HEBREW.encode(), ReadOptions(name="he.txt"))


def test_hebrew_is_read_as_hebrew_right_to_left(hebrew):
    root = hebrew.getroot()
    assert (root.get(names.XML_LANG), root.get("dir")) == ("he", "rtl")
    assert root.find(f"{names.HEAD}/{names.HEADLINE}").text == "הממשלה אישרה את התקציב החדש"
    assert "".join(root.find(f".//{names.DATELINE}").itertext()) == "ירושלים (רויטרס)"
    pairs = [(a.find(names.CUE).text, a.find(names.SOURCE).text) for a in root.iter(names.ATTRIBUTION)]
    assert pairs == [("לדברי", "משרד האוצר"), ("אמר", "שר האוצר")]


def test_hebrew_docx_uses_the_hebrew_bidi_slot(hebrew):
    with zipfile.ZipFile(io.BytesIO(write(hebrew, "docx"))) as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert styles.find(f"{w}docDefaults/{w}rPrDefault/{w}rPr/{w}lang").get(f"{w}bidi") == "he-IL"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is needed (scripts/setup.sh --test)")
def test_hebrew_pdf_gives_its_text_back_exactly(hebrew, tmp_path):
    path = tmp_path / "he.pdf"
    path.write_bytes(write(hebrew, "pdf"))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    controls = set("\u202a\u202b\u202c\u202d\u202e\u200e\u200f")
    compact = lambda s: "".join(c for c in s if not c.isspace() and c not in controls)
    assert compact(text).startswith(compact(HEBREW))
