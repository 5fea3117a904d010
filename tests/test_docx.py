"""The DOCX writer, checked item by item against the right-to-left checklist of DESIGN.md, read back
with python-docx, and rendered by a real client (LibreOffice)."""

import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from difflib import SequenceMatcher

import docx
import pytest
from lxml import etree

from conftest import require_dev, dev_ids, dev_tree
from convert import ReadOptions, load_article, write
from convert.document.lossless import story_text
from convert.writers import WriteOptions
from convert.writers.bidi import _LTR_RUN

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def docx_of(tree, **options) -> bytes:
    return write(tree, "docx", WriteOptions(**options))


def part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def run_text(run) -> str:
    return "".join(t.text or "" for t in run.iter(f"{W}t"))


def is_rtl_text(text: str) -> bool:
    return bool(re.search("[\u0590-\u08ff\ufb1d-\ufefc]", text))


def is_latin_only(text: str) -> bool:
    return bool(re.search("[A-Za-z]", text)) and not is_rtl_text(text)


@pytest.fixture(scope="module")
def outputs():
    """(tree, docx bytes) for every dev article; built once."""
    require_dev()
    return {article_id: (tree := dev_tree(article_id), docx_of(tree)) for article_id in dev_ids()}


def rtl_articles(outputs):
    return {k: v for k, v in outputs.items() if v[0].getroot().get("dir") == "rtl"}


def test_every_paragraph_and_used_style_has_bidi_in_rtl_documents(outputs):
    assert rtl_articles(outputs)
    for article_id, (_, data) in rtl_articles(outputs).items():
        document = part(data, "word/document.xml")
        for paragraph in document.iter(f"{W}p"):
            assert paragraph.find(f"{W}pPr/{W}bidi") is not None, article_id
        styles = part(data, "word/styles.xml")
        used = {s.get(f"{W}val") for s in document.iter(f"{W}pStyle")} | {"Normal", "Footer"}
        for style in styles.iter(f"{W}style"):
            if style.get(f"{W}styleId") in used:
                assert style.find(f"{W}pPr/{W}bidi") is not None, (article_id, style.get(f"{W}styleId"))
        footer = part(data, "word/footer1.xml") if "word/footer1.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist() else None
        assert footer is not None and footer.find(f".//{W}pStyle").get(f"{W}val") == "Footer"


def test_rtl_only_on_right_to_left_runs(outputs):
    for article_id, (_, data) in outputs.items():
        for run in part(data, "word/document.xml").iter(f"{W}r"):
            text, rtl = run_text(run), run.find(f"{W}rPr/{W}rtl") is not None
            if is_latin_only(text):
                assert not rtl, (article_id, text)
            if is_rtl_text(text):
                assert rtl, (article_id, text)
                assert not _LTR_RUN.fullmatch(text)


def test_section_bidi_page_number_and_language_slots(outputs):
    for article_id, (tree, data) in outputs.items():
        rtl = tree.getroot().get("dir") == "rtl"
        document = part(data, "word/document.xml")
        for section in document.iter(f"{W}sectPr"):
            assert (section.find(f"{W}bidi") is not None) == rtl, article_id
        settings = part(data, "word/settings.xml")
        theme_lang = settings.find(f"{W}themeFontLang")
        defaults = part(data, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        if rtl:
            lang = tree.getroot().get("{http://www.w3.org/XML/1998/namespace}lang")
            assert defaults.get(f"{W}bidi").startswith(lang) and theme_lang.get(f"{W}bidi").startswith(lang)
            assert defaults.get(f"{W}val") == "en-US", "the Latin slot keeps a Latin language"
        footer = part(data, "word/footer1.xml")
        assert "PAGE" in "".join(footer.itertext())


def test_complex_script_font_without_theme_and_cs_twins(outputs):
    for article_id, (_, data) in outputs.items():
        styles = part(data, "word/styles.xml")
        fonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        assert fonts.get(f"{W}cs"), article_id
        assert not [f for f in styles.iter(f"{W}rFonts") if f.get(f"{W}cstheme")], "cstheme overrides w:cs"
        for properties in styles.iter(f"{W}rPr"):
            for latin, twin in (("sz", "szCs"), ("b", "bCs"), ("i", "iCs")):
                if properties.find(f"{W}{latin}") is not None:
                    assert properties.find(f"{W}{twin}") is not None, (article_id, latin)


def test_no_slanted_arabic_in_our_styles(outputs):
    for article_id, (tree, data) in outputs.items():
        if tree.getroot().get("dir") != "rtl":
            continue
        styles = part(data, "word/styles.xml")
        for style in styles.iter(f"{W}style"):
            if style.get(f"{W}styleId") in ("QuoteChar", "Byline", "EndCredit", "Cue", "Source", "Dateline"):
                assert style.find(f"{W}rPr/{W}i") is None and style.find(f"{W}rPr/{W}iCs") is None, article_id


def test_tables_read_right_to_left_in_rtl_documents(outputs):
    for article_id, (tree, data) in outputs.items():
        styles = part(data, "word/styles.xml")
        default_table = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}type") == "table" and s.get(f"{W}default") == "1")
        rtl = tree.getroot().get("dir") == "rtl"
        assert (default_table.find(f"{W}tblPr/{W}bidiVisual") is not None) == rtl, article_id


def test_no_right_justification_anywhere(outputs):
    for article_id, (_, data) in outputs.items():
        for name in ("word/document.xml", "word/styles.xml", "word/footer1.xml"):
            for jc in part(data, name).iter(f"{W}jc"):
                assert jc.get(f"{W}val") not in ("right", "start", "end"), (article_id, name)


def test_text_round_trip_with_python_docx(outputs):
    for article_id, (tree, data) in outputs.items():
        text = "".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
        assert "".join(text.split()) == "".join(story_text(tree).split()), article_id


def test_source_quote_marks_are_kept(seed_tree):
    document = docx.Document(io.BytesIO(docx_of(seed_tree)))
    text = "".join(p.text for p in document.paragraphs)
    assert '"سي إن إن"' in text and "“" not in text and "”" not in text


def test_styles_core_properties_and_page_size(seed_tree):
    text = "عنوان الخبر\n\nبقلم أحمد علي\n\nلندن (رويترز) - قال مسؤول إن الخبر صحيح.\nعنوان فرعي\nفقرة أخرى هنا.\n"
    tree = load_article(text.encode(), ReadOptions(name="t.txt", created="2024-05-01T10:00:00Z"))
    document = docx.Document(io.BytesIO(docx_of(tree, page_size="Letter")))
    assert [p.style.name for p in document.paragraphs] == ["Title", "Byline", "Normal", "Heading 1", "Normal"]
    assert {r.style.name for r in document.paragraphs[2].runs} >= {"Dateline"}
    properties = document.core_properties
    assert (properties.title, properties.author, properties.language) == ("عنوان الخبر", "بقلم أحمد علي", "ar")
    assert properties.created.isoformat().startswith("2024-05-01T10:00")
    assert round(document.sections[0].page_width.inches, 2) == 8.5


def test_ltr_documents_are_ordinary_ltr_with_the_same_styles():
    tree = load_article(b"Storm hits coast\n\nLONDON (Reuters) - A storm hit the coast.\n", ReadOptions(name="t.txt"))
    data = docx_of(tree)
    document = part(data, "word/document.xml")
    assert document.find(f".//{W}bidi") is None and document.find(f".//{W}rtl") is None
    assert [p.style.name for p in docx.Document(io.BytesIO(data)).paragraphs] == ["Title", "Normal"]


def test_document_xml_is_deterministic(seed_tree):
    first, second = docx_of(seed_tree), docx_of(seed_tree)
    with zipfile.ZipFile(io.BytesIO(first)) as a, zipfile.ZipFile(io.BytesIO(second)) as b:
        assert a.read("word/document.xml") == b.read("word/document.xml")
        assert a.read("word/styles.xml") == b.read("word/styles.xml")


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
REAL_CLIENT_FONT = "Noto Naskh Arabic"  # Debian's fonts-noto-core; Word users would keep the default


@pytest.mark.skipif(not (SOFFICE and shutil.which("pdffonts")),
                    reason="LibreOffice and poppler are needed (scripts/setup.sh --test installs them)")
def test_libreoffice_renders_the_text_in_the_chosen_font(tmp_path):
    chosen = [i for i in ("ar-seed", "ar-cnn-01", "fa-fars-01", "ur-btt-02") if i in dev_ids()]
    if not chosen:
        pytest.skip("the dev corpus is not available")
    for article_id in chosen:
        tree = dev_tree(article_id)
        (tmp_path / f"{article_id}.docx").write_bytes(docx_of(tree, font=REAL_CLIENT_FONT))
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *map(str, sorted(tmp_path.glob("*.docx")))],
                   check=True, capture_output=True, timeout=300)
    for article_id in chosen:
        pdf = tmp_path / f"{article_id}.pdf"
        rendered = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        similarity = SequenceMatcher(None, _comparable(rendered), _comparable(story_text(dev_tree(article_id))),
                                     autojunk=False).ratio()
        assert similarity >= 0.95, (article_id, similarity)
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "NotoNaskhArabic" in fonts.replace(" ", ""), (article_id, fonts)
        _assert_lines_start_at_the_right(pdf, article_id)


def _assert_lines_start_at_the_right(pdf, article_id) -> None:
    """Right to left as rendered: every line of the body touches the right margin (justified lines
    fill the measure; short lines, headings and last lines sit at the right), and some short
    lines stop well before the left margin."""
    layout = subprocess.run(["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    rows = []  # pdftotext cuts a visual line where direction changes: join fragments at the same height
    for x0, y0, x1, y1 in re.findall(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', layout):
        middle = (float(y0) + float(y1)) / 2
        row = next((r for r in rows if abs(r[2] - middle) < 5), None)
        if row is None:
            rows.append([float(x0), float(x1), middle])
        else:
            row[0], row[1] = min(row[0], float(x0)), max(row[1], float(x1))
    body = [(x0, x1) for x0, x1, _ in rows if x1 - x0 > 20]  # the page number is not body text
    right = max(x1 for _, x1 in body)
    left = min(x0 for x0, _ in body)
    assert all(abs(x1 - right) < 3 for _, x1 in body), (article_id, [line for line in body if abs(line[1] - right) >= 3])
    assert any(x0 - left > 60 for x0, _ in body), (article_id, "no short line sits at the right")


ODF = {"style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0", "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
       "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
       "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"}


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice is needed (scripts/setup.sh --test installs it)")
def test_libreoffice_reads_every_paragraph_and_the_page_as_right_to_left(tmp_path, seed_tree):
    """LibreOffice's own model of our DOCX (saved as ODT): each paragraph's effective writing mode
    is rl-tb, and so is the page layout (section bidi). A document without w:bidi fails this."""
    (tmp_path / "seed.docx").write_bytes(docx_of(seed_tree))
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "odt",
                    "--outdir", str(tmp_path), str(tmp_path / "seed.docx")], check=True, capture_output=True, timeout=300)
    with zipfile.ZipFile(tmp_path / "seed.odt") as odt:
        content, styles = etree.fromstring(odt.read("content.xml")), etree.fromstring(odt.read("styles.xml"))
    modes = _writing_modes(content, styles)
    body = content.find("office:body/office:text", ODF)
    paragraphs = [p for p in body.iter(f"{{{ODF['text']}}}p", f"{{{ODF['text']}}}h") if "".join(p.itertext()).strip()]
    assert len(paragraphs) == 17
    for paragraph in paragraphs:
        assert _effective(modes, paragraph.get(f"{{{ODF['text']}}}style-name")) == "rl-tb", "".join(paragraph.itertext())[:40]
    layouts = styles.iter(f"{{{ODF['style']}}}page-layout-properties")
    assert {layout.get(f"{{{ODF['style']}}}writing-mode") for layout in layouts} - {None} == {"rl-tb"}


def _writing_modes(*parts) -> dict:
    """style name → (parent name, writing mode or None) for every paragraph style in the parts."""
    found = {}
    for part in parts:
        for style in part.iter(f"{{{ODF['style']}}}style"):
            properties = style.find("style:paragraph-properties", ODF)
            mode = properties.get(f"{{{ODF['style']}}}writing-mode") if properties is not None else None
            found[style.get(f"{{{ODF['style']}}}name")] = (style.get(f"{{{ODF['style']}}}parent-style-name"), mode)
    return found


def _effective(modes: dict, name: str | None) -> str | None:
    while name:
        parent, mode = modes.get(name, (None, None))
        if mode and mode != "page":
            return mode
        name = parent
    return None


def _comparable(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and c not in BIDI_CONTROLS)
