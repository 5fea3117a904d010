"""Outputs a publisher prints as they are: clean by default (--proof shows the analysis), the faces
chosen and no others, fonts that travel in the DOCX, house style and reference document as data.
Checked as a reader would: Chromium screenshots, LibreOffice renders, pdffonts."""

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from typer.testing import CliRunner

from conftest import EXAMPLES, dev_ids, dev_tree, require_dev
from convert import ReadOptions, load_article, write
from convert.cli import app
from convert.document import names
from convert.errors import OutputError
from convert.writers import WriteOptions

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is needed (scripts/setup.sh --test)")
needs_office = pytest.mark.skipif(not (SOFFICE and shutil.which("pdffonts")),
                                  reason="LibreOffice and poppler are needed (scripts/setup.sh --test)")
# the faces the default house style sets each language in, as pdffonts names them (no DejaVu)
INTENDED = {"ar": "Amiri", "fa": "Amiri", "ur": "NotoNastaliqUrdu", "en": "NotoSerif"}


def article(text: str, **read):
    return load_article(text.encode(), ReadOptions(name="t.txt", **read))


def unmarked(tree):
    """The same article without attribution, cue, source and quote elements (their text kept)."""
    copy = etree.ElementTree(etree.fromstring(etree.tostring(tree)))
    etree.strip_tags(copy.getroot(), *(f"{{{names.NS}}}{tag}" for tag in ("attribution", "cue", "source", "quote")))
    return copy


def pdffonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout


# --- clean by default, --proof for editors ---------------------------------------------------------

# Chromium lays out each text node as its own item, so the wrappers' node boundaries move glyphs
# by fractions of a pixel (measured: up to ~1,800 anti-aliased edge pixels of an article differ;
# with the wrappers unwrapped in the DOM the screenshots are byte-identical, and the same happens
# for any <span> in plain English text). So a screenshot is compared as a reader sees it: after a
# 1-pixel blur no pixel differs by more than VISIBLE; and the markup's computed paint is its
# parent's, exactly. Proof marks change thousands of pixels by far more.
VISIBLE = 40  # of 255 levels, in the channel that differs most, after a 1-pixel box blur
PAINT = ["color", "backgroundColor", "textDecorationLine", "fontWeight", "fontStyle", "outlineStyle",
         "borderBottomStyle", "fontSize", "fontFamily", "letterSpacing"]


def _visible_difference(first: bytes, second: bytes) -> int:
    """How many pixels differ visibly between two screenshots (all of them if the sizes differ)."""
    from PIL import Image, ImageChops, ImageFilter

    a, b = (Image.open(io.BytesIO(shot)).convert("RGB").filter(ImageFilter.BoxBlur(1)) for shot in (first, second))
    if a.size != b.size:
        return a.size[0] * a.size[1]
    red, green, blue = ImageChops.difference(a, b).split()
    return sum(ImageChops.lighter(ImageChops.lighter(red, green), blue).histogram()[VISIBLE + 1:])


def _painted_unlike_parent(page) -> list:
    return page.eval_on_selector_all(".attribution, .cue, .source, .quote", f"""(elements) => {{
        const keys = {PAINT!r};
        return elements.flatMap(e => {{
            const own = getComputedStyle(e), parent = getComputedStyle(e.parentElement);
            return keys.filter(k => own[k] !== parent[k]).map(k => [e.className, k, own[k]]);
        }}); }}""")


@needs_chromium
def test_attribution_markup_is_invisible_in_html_and_shows_under_proof(tmp_path):
    require_dev()
    playwright = pytest.importorskip("playwright.sync_api")
    marked_articles = 0
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        page = browser.new_page(viewport={"width": 900, "height": 1200})

        def shot(tree, name, **options):
            path = tmp_path / f"{name}.html"
            path.write_bytes(write(tree, "html", WriteOptions(**options)))
            page.goto(path.as_uri())
            return page.screenshot(full_page=True)

        for article_id in dev_ids():
            tree = dev_tree(article_id)
            plain = shot(unmarked(tree), f"{article_id}-plain")
            clean = shot(tree, f"{article_id}-clean")
            assert _painted_unlike_parent(page) == [], article_id
            assert _visible_difference(clean, plain) == 0, (article_id, "the markup shows")
            if tree.getroot().find(f".//{names.ATTRIBUTION}") is not None:
                marked_articles += 1
                proof = shot(tree, f"{article_id}-proof", proof=True)
                assert _painted_unlike_parent(page), article_id
                assert _visible_difference(proof, clean) > 1000, (article_id, "--proof shows nothing")
        browser.close()
    assert marked_articles >= 5


def test_the_analysis_stays_in_the_data_as_classes_and_character_styles(seed_tree):
    page = write(seed_tree, "html", WriteOptions()).decode()
    assert 'class="cue"' in page and 'class="source"' in page
    assert ".cue" not in page.split("<body")[0], "no visible style for the analysis by default"
    assert ".cue" in write(seed_tree, "html", WriteOptions(proof=True)).decode().split("<body")[0]
    styles = _part(write(seed_tree, "docx", WriteOptions()), "word/styles.xml")
    proof_styles = _part(write(seed_tree, "docx", WriteOptions(proof=True)), "word/styles.xml")
    for style_id in ("Cue", "Source", "QuoteChar"):
        clean = styles.find(f"{W}style[@{W}styleId='{style_id}']/{W}rPr")
        shown = proof_styles.find(f"{W}style[@{W}styleId='{style_id}']/{W}rPr")
        assert clean.find(f"{W}shd") is None and clean.find(f"{W}color") is None, style_id
        assert shown.find(f"{W}shd") is not None or shown.find(f"{W}color") is not None, style_id
    document = _part(write(seed_tree, "docx", WriteOptions()), "word/document.xml")
    assert {s.get(f"{W}val") for s in document.iter(f"{W}rStyle")} >= {"Cue", "Source"}


def test_proof_pdf_differs_from_the_clean_one(seed_tree):
    clean, proof = write(seed_tree, "pdf", WriteOptions()), write(seed_tree, "pdf", WriteOptions(proof=True))
    assert _page_drawing(clean).count(b" re") < _page_drawing(proof).count(b" re"), "proof paints backgrounds"


def _page_drawing(pdf: bytes) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        contents = document.pages[0].Contents
        return b"".join(c.read_bytes() for c in contents) if isinstance(contents, pikepdf.Array) else contents.read_bytes()


# --- HTML structure -----------------------------------------------------------------------------------

def test_html_always_has_an_article_and_no_h2_under_no_h1():
    from lxml import html as lxml_html

    headless = article("أكد الرئيس أن المحادثات جرت في جو إيجابي وبناء وأنها ستستمر خلال الأسابيع المقبلة، وفقا لما قاله مسؤولون.\n"
                       "مخاوف أمريكية\nقال المسؤول إن الخبر صحيح تماما وإن التفاصيل ستعلن لاحقا بعد انتهاء الاجتماعات.\n")
    page = lxml_html.fromstring(write(headless, "html", WriteOptions()))
    derived = headless.getroot().find(f"{names.HEAD}/{names.HEADLINE}").text
    assert page.find(".//article") is not None
    assert [(h.text, h.get("class")) for h in page.iter("h1")] == [(derived, "derived-title")]
    assert [h.text for h in page.iter("h2")] == ["مخاوف أمريكية"]
    assert ".derived-title { position: absolute" in page.find("head/style").text, "hidden from sight"
    headed = lxml_html.fromstring(write(article("Storm hits coast\n\nLONDON - A storm hit.\nDamage\nRoofs fell.\n"),
                                        "html", WriteOptions()))
    assert [h.text for h in headed.iter("h1")] == ["Storm hits coast"] and [h.text for h in headed.iter("h2")] == ["Damage"]


# --- PDF faces: ours only, real names, emoji, Nastaliq ------------------------------------------------

def test_pdf_prints_emoji_and_symbols_from_the_packaged_fallback(tmp_path):
    tree = article("عنوان\n\nقال المستخدم في منشوره 🔥 ✓ إن الخبر صحيح.\n")
    path = tmp_path / "e.pdf"
    path.write_bytes(write(tree, "pdf", WriteOptions()))
    fonts = pdffonts(path)
    assert "Amiri" in fonts and "Noto-Emoji" in fonts and "DejaVu" not in fonts


def test_pdf_names_each_embedded_face_by_its_real_name(seed_tree, tmp_path):
    path = tmp_path / "s.pdf"
    path.write_bytes(write(seed_tree, "pdf", WriteOptions()))
    faces = {line.split()[0].split("+")[1] for line in pdffonts(path).splitlines()[2:]}
    assert faces == {"Amiri", "Amiri-Bold"}


def test_urdu_is_set_in_nastaliq_in_the_pdf(tmp_path):
    tree = article("لاہور (ویب ڈیسک) پاکستان میں ہونے والی بارشوں نے شہر کی سڑکیں ڈبو دیں اور لوگ گھروں میں محصور رہے۔\n")
    path = tmp_path / "u.pdf"
    path.write_bytes(write(tree, "pdf", WriteOptions()))
    assert "Noto-Nastaliq-Urdu" in pdffonts(path)


def test_font_accepts_an_installed_system_family_and_a_font_file(tmp_path, seed_tree):
    from convert.writers import fonts

    naskh = fonts.find("Noto Naskh Arabic")  # Debian's fonts-noto-core, not a PyPI package
    path = tmp_path / "n.pdf"
    path.write_bytes(write(seed_tree, "pdf", WriteOptions(font="Noto Naskh Arabic")))
    assert "Noto-Naskh-Arabic" in pdffonts(path)
    path.write_bytes(write(seed_tree, "pdf", WriteOptions(font=str(naskh.regular))))
    assert "Noto-Naskh-Arabic" in pdffonts(path)
    with pytest.raises(OutputError, match="does not exist"):
        write(seed_tree, "pdf", WriteOptions(font=str(tmp_path / "missing.ttf")))


# --- DOCX in LibreOffice: the intended faces, embedded; a clean headline --------------------------

@needs_office
def test_libreoffice_sets_every_docx_in_the_intended_faces(tmp_path):
    require_dev()
    for article_id in dev_ids():
        (tmp_path / f"{article_id}.docx").write_bytes(write(dev_tree(article_id), "docx", WriteOptions()))
    _soffice(tmp_path, "pdf", sorted(tmp_path.glob("*.docx")))
    for article_id in dev_ids():
        fonts = pdffonts(tmp_path / f"{article_id}.pdf")
        assert INTENDED[article_id.split("-")[0]] in fonts, (article_id, fonts)
        assert "DejaVu" not in fonts and "TimesNewRoman" not in fonts.replace(" ", ""), (article_id, fonts)


def test_docx_embeds_the_faces_it_names_as_word_does(seed_tree):
    from convert.writers.docx.embed import obfuscate

    data = write(seed_tree, "docx", WriteOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        table = etree.fromstring(package.read("word/fontTable.xml"))
        rels = etree.fromstring(package.read("word/_rels/fontTable.xml.rels"))
        types = package.read("[Content_Types].xml").decode()
        settings = etree.fromstring(package.read("word/settings.xml"))
        amiri = table.find(f"{W}font[@{W}name='Amiri']")
        targets = {r.get("Id"): r.get("Target") for r in rels}
        for slot in ("embedRegular", "embedBold"):
            embedded = amiri.find(f"{W}{slot}")
            relationship = embedded.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            stored = package.read("word/" + targets[relationship])
            font = obfuscate(stored, embedded.get(f"{W}fontKey"))  # XOR again gives the font back
            assert font[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true")
    assert "application/vnd.openxmlformats-officedocument.obfuscatedFont" in types
    assert settings.find(f"{W}embedTrueTypeFonts") is not None


def test_docx_headline_is_not_letter_spaced_or_justified(seed_tree):
    styles = _part(write(article("عنوان الخبر هنا\n\nنص الخبر هنا.\n"), "docx", WriteOptions()), "word/styles.xml")
    title = styles.find(f"{W}style[@{W}styleId='Title']")
    assert title.find(f"{W}rPr/{W}spacing") is None, "letter spacing breaks Arabic joining"
    assert title.find(f"{W}pPr/{W}jc").get(f"{W}val") == "left", "start-aligned (bidi: left means start)"
    assert title.find(f"{W}pPr/{W}pBdr") is None


LONG_HEADLINE = ("الرئيس الصيني يحذر واشنطن من التدخل في الانتخابات ويدعو إلى حوار جديد بين البلدين حول التجارة "
                 "والأمن في المنطقة بعد أسابيع من التوتر")


@needs_office
def test_libreoffice_shows_the_headline_clean_and_urdu_in_nastaliq(tmp_path):
    urdu = article("لاہور (ویب ڈیسک) پاکستان میں ہونے والی بارشوں نے شہر کی سڑکیں ڈبو دیں اور لوگ گھروں میں محصور رہے۔\n")
    (tmp_path / "u.docx").write_bytes(write(urdu, "docx", WriteOptions()))
    (tmp_path / "a.docx").write_bytes(write(article(f"{LONG_HEADLINE}\n\nأكد الرئيس أن المحادثات جرت في جو إيجابي.\n"),
                                            "docx", WriteOptions()))
    _soffice(tmp_path, "pdf", [tmp_path / "u.docx", tmp_path / "a.docx"])
    assert "NotoNastaliqUrdu" in pdffonts(tmp_path / "u.pdf")
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(tmp_path / "a.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    words = [w.strip("\u202a\u202b\u202c\u202d\u202e") for w in text.split()]
    assert set(LONG_HEADLINE.split()) <= set(words), ("the headline's words come out whole", words[:6])
    lines = _headline_lines(tmp_path / "a.pdf")
    assert len(lines) >= 2, lines
    first, last = (sorted(_gaps(line)) for line in (lines[0], lines[-1]))
    # justified, the first line's spaces stretch to fill the measure; set at the start, they are
    # the same spaces as on the last line (never justified)
    assert first[len(first) // 2] < last[len(last) // 2] + 1.5, (first, last)


def _headline_lines(pdf: Path) -> list:
    """Word boxes (xMin, xMax) of each line set in the headline's size, top to bottom."""
    layout = subprocess.run(["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    lines = []
    for line in re.findall(r"<line [^>]*>(.*?)</line>", layout, flags=re.S):
        boxes = [tuple(map(float, b)) for b in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', line)]
        if boxes and boxes[0][3] - boxes[0][1] > 20:  # 22-point type; the body is 12
            lines.append(sorted((x0, x1) for x0, _, x1, _ in boxes))
    return lines


def _gaps(words) -> list:
    return [later[0] - earlier[1] for earlier, later in zip(words, words[1:])]


# --- house style knobs and the reference document ---------------------------------------------------

HOUSE = """
[fonts]
arabic = "Noto Naskh Arabic"
[sizes]
body = 10
headline = 30
[page]
size = "A5"
margins = "15mm"
[colours]
headline = "#aa0000"
[print]
css = "extra.css"
"""


@pytest.fixture
def house_file(tmp_path):
    (tmp_path / "extra.css").write_text("p { letter-spacing: 0; } .house-marker { }", encoding="utf-8")
    path = tmp_path / "house.toml"
    path.write_text(HOUSE, encoding="utf-8")
    return str(path)


def test_house_style_changes_the_docx(seed_tree, house_file):
    tree = article("عنوان الخبر هنا\n\nنص الخبر هنا.\n")
    document = docx.Document(io.BytesIO(write(tree, "docx", WriteOptions(house_style=house_file))))
    title, normal = document.styles["Title"], document.styles["Normal"]
    assert title.font.size.pt == 30 and normal.font.size.pt == 10
    assert str(title.font.color.rgb) == "AA0000"
    section = document.sections[0]
    assert round(section.page_width.mm) == 148 and round(section.top_margin.mm) == 15
    rfonts = normal.element.find(f"{W}rPr/{W}rFonts")
    assert rfonts.get(f"{W}cs") == "Noto Naskh Arabic"


def test_house_style_changes_the_pdf(seed_tree, house_file, tmp_path):
    import pikepdf
    from convert.writers.pdf import print_css

    css = print_css(seed_tree.getroot(), WriteOptions(house_style=house_file))
    assert ".house-marker" in css and "font-size: 30.0pt" in css and "#aa0000" in css
    pdf = write(seed_tree, "pdf", WriteOptions(house_style=house_file))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        box = [float(v) for v in document.pages[0].MediaBox]
        assert round(box[2] / 72 * 25.4) == 148
    (tmp_path / "h.pdf").write_bytes(pdf)
    assert "Noto-Naskh-Arabic" in pdffonts(tmp_path / "h.pdf")


def test_css_applies_to_the_pdf_too(seed_tree, tmp_path):
    from convert.writers.pdf import print_css

    css = tmp_path / "mine.css"
    css.write_text("h2 { color: #123456; }", encoding="utf-8")
    assert print_css(seed_tree.getroot(), WriteOptions(css=str(css))).rstrip().endswith("h2 { color: #123456; }")


@pytest.mark.parametrize("text, message", [
    ("[fontz]\n", "unknown section"), ("[sizes]\nbody = -1\n", "size in points"),
    ("[colours]\ntext = 'red'\n", "#rrggbb"), ("[page]\nsize = 'A9'\n", "size"),
    ("[sizes]\nbodyy = 3\n", "unknown key"), ("not toml [", "not valid TOML"),
    ("[docx]\nreference = 'missing.docx'\n", "does not exist"),
])
def test_a_bad_house_style_is_a_one_line_error(tmp_path, seed_tree, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OutputError, match=message) as error:
        write(seed_tree, "docx", WriteOptions(house_style=str(path)))
    assert "\n" not in str(error.value)


def test_reference_doc_styles_replace_ours(tmp_path):
    reference = docx.Document()
    reference.styles["Normal"].font.size = docx.shared.Pt(17)
    reference.styles["Normal"].font.name = "Noto Sans"
    reference.add_paragraph("text of the reference, never copied")
    reference.sections[0].page_width = docx.shared.Mm(200)
    path = tmp_path / "reference.docx"
    reference.save(path)
    tree = article("Storm hits coast\n\nLONDON - A storm hit the coast.\n")
    document = docx.Document(io.BytesIO(write(tree, "docx", WriteOptions(reference_doc=str(path)))))
    assert document.styles["Normal"].font.size.pt == 17 and document.styles["Normal"].font.name == "Noto Sans"
    assert round(document.sections[0].page_width.mm) == 200, "the reference's page setup is kept"
    assert [p.text for p in document.paragraphs] == ["Storm hits coast", "LONDON - A storm hit the coast."]
    assert document.styles["Byline"] is not None, "styles the reference lacks are ours"


def test_reference_doc_keeps_direction_for_rtl_articles(tmp_path, seed_tree):
    path = tmp_path / "reference.docx"
    docx.Document().save(path)
    data = write(seed_tree, "docx", WriteOptions(reference_doc=str(path)))
    for paragraph in _part(data, "word/document.xml").iter(f"{W}p"):
        assert paragraph.find(f"{W}pPr/{W}bidi") is not None


def test_cli_flags_reach_the_writers(tmp_path, house_file):
    result = CliRunner().invoke(app, ["convert", str(EXAMPLES / "seed-ar.txt"), "-o", f"{tmp_path / 'out'}/",
                                      "--to", "html,docx", "--proof", "--house-style", house_file])
    assert result.exit_code == 0, result.output
    assert b".cue" in (tmp_path / "out" / "seed-ar.html").read_bytes()
    bad = CliRunner().invoke(app, ["convert", str(EXAMPLES / "seed-ar.txt"), "-o", f"{tmp_path / 'bad'}/",
                                   "--to", "docx", "--reference-doc", str(tmp_path / "none.docx")])
    assert bad.exit_code == 1 and "--reference-doc" in bad.stderr and not (tmp_path / "bad" / "seed-ar.docx").exists()


# --- files as readable as any other -----------------------------------------------------------------

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_outputs_honour_the_umask(tmp_path, jobs):
    previous = os.umask(0o022)
    try:
        sources = [str(EXAMPLES / "seed-ar.txt")]
        if jobs == "2":
            second = tmp_path / "other.txt"
            second.write_text("عنوان\n\nنص الخبر.\n", encoding="utf-8")
            sources.append(str(second))
        result = CliRunner().invoke(app, ["convert", *sources, "-o", f"{tmp_path / 'out'}/", "--to", "xml,html", "-j", jobs])
        assert result.exit_code == 0, result.output
        modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "out").iterdir()}
        assert modes and set(modes.values()) == {0o644}, modes
    finally:
        os.umask(previous)


def _part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def _soffice(folder: Path, to: str, files) -> None:
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", to,
                    "--outdir", str(folder), *map(str, files)], check=True, capture_output=True, timeout=600)


def test_the_example_house_style_is_the_default(seed_tree):
    from convert.writers.house import HouseStyle, load

    assert load(str(EXAMPLES / "house-style.toml")) == HouseStyle()


def test_docx_page_numbers_ask_for_arabic_indic_digits(seed_tree):
    document = _part(write(seed_tree, "docx", WriteOptions()), "word/document.xml")
    assert document.find(f".//{W}sectPr/{W}pgNumType").get(f"{W}fmt") == "hindiNumbers"
    english = _part(write(article("Storm\n\nA storm hit.\n"), "docx", WriteOptions()), "word/document.xml")
    assert english.find(f".//{W}sectPr/{W}pgNumType") is None


def test_docx_names_a_font_this_machine_lacks_without_embedding_it(seed_tree, tmp_path):
    data = write(seed_tree, "docx", WriteOptions(font="Traditional Arabic"))  # Word's, not installed here
    styles = _part(data, "word/styles.xml")
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts").get(f"{W}cs") == "Traditional Arabic"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert not [n for n in package.namelist() if n.startswith("word/fonts/")]
    with pytest.raises(OutputError, match="does not exist"):
        write(seed_tree, "docx", WriteOptions(font=str(tmp_path / "missing.ttf")))


def test_urdu_letters_nastaliq_lacks_come_from_the_naskh_face():
    from convert.writers.fonts import faces_for
    from convert.writers.house import Fonts

    # U+FE85 (a presentation form wire copy holds) and U+0674 are not in Noto Nastaliq Urdu
    families = [face.family for face in faces_for("ur", "اردو \ufe85 \u0674", Fonts())]
    assert families == ["Noto Nastaliq Urdu", "Amiri"]


def test_left_to_right_text_is_hyphenated_in_print_and_arabic_is_not(tmp_path):
    require_dev()
    broken = {}
    for article_id in ("en-reuters-2014-01", "ar-seed"):
        path = tmp_path / f"{article_id}.pdf"
        path.write_bytes(write(dev_tree(article_id), "pdf", WriteOptions()))
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        broken[article_id] = [line for line in text.splitlines() if re.search("[a-z][-\u2010\u00ad]$", line)]
    assert broken["en-reuters-2014-01"], "justified English breaks words at syllables"
    assert not broken["ar-seed"]


SAMPLES = {"ar": "عنوان الخبر\n\nبقلم أحمد علي\n\nنص الخبر هنا.\nعنوان فرعي\nفقرة أخرى.\n",
           "fa": "عنوان خبر\n\nپژوهشگران گفتند که این گزارش درست است و چیزی کم ندارد.\n",
           "ur": "سرخی\n\nلاہور میں بارشوں نے شہر کی سڑکیں ڈبو دیں اور لوگ گھروں میں رہے۔\n",
           "he": "כותרת\n\nהחוקרים אמרו שהדו\"ח נכון.\n", "en": "Storm hits coast\n\nBy Jane Doe\n\nA storm hit.\n"}
STYLE_OF_SIZE = {"body": "Normal", "headline": "Title", "subheadline": "Subtitle", "heading": "Heading 1",
                 "byline": "Byline", "small": "Aside"}
STYLE_OF_COLOUR = {"text": "Normal", "headline": "Title", "byline": "Byline", "aside": "Aside", "credit": "End Credit"}


@pytest.mark.parametrize("language", ["arabic", "persian", "urdu", "hebrew", "latin"])
def test_house_style_fonts_per_script(tmp_path, language):
    lang = {"arabic": "ar", "persian": "fa", "urdu": "ur", "hebrew": "he", "latin": "en"}[language]
    path = tmp_path / "h.toml"
    path.write_text(f'[fonts]\n{language} = "Noto Sans Arabic"\n', encoding="utf-8")  # Debian's, installed
    tree = article(SAMPLES[lang])
    styles = _part(write(tree, "docx", WriteOptions(house_style=str(path))), "word/styles.xml")
    fonts = styles.find(f"{W}style[@{W}styleId='Normal']/{W}rPr/{W}rFonts")
    assert "Noto Sans Arabic" in (fonts.get(f"{W}cs"), fonts.get(f"{W}ascii")), language


def test_house_style_fallback_faces(tmp_path):
    tree = article("عنوان\n\nقال المستخدم 🔥 إن الخبر صحيح.\n")
    path = tmp_path / "h.toml"
    path.write_text("[fonts]\nfallback = []\n", encoding="utf-8")
    with pytest.raises(OutputError, match="U\\+1F525"):
        write(tree, "pdf", WriteOptions(house_style=str(path)))


@pytest.mark.parametrize("knob", sorted(STYLE_OF_SIZE))
def test_house_style_sizes(tmp_path, knob):
    path = tmp_path / "h.toml"
    path.write_text(f"[sizes]\n{knob} = 31\n", encoding="utf-8")
    document = docx.Document(io.BytesIO(write(article(SAMPLES["ar"]), "docx", WriteOptions(house_style=str(path)))))
    assert document.styles[STYLE_OF_SIZE[knob]].font.size.pt == 31


@pytest.mark.parametrize("knob", sorted(STYLE_OF_COLOUR))
def test_house_style_colours(tmp_path, knob):
    path = tmp_path / "h.toml"
    path.write_text(f'[colours]\n{knob} = "#12ab34"\n', encoding="utf-8")
    document = docx.Document(io.BytesIO(write(article(SAMPLES["ar"]), "docx", WriteOptions(house_style=str(path)))))
    assert str(document.styles[STYLE_OF_COLOUR[knob]].font.color.rgb) == "12AB34"


def test_house_style_names_a_reference_document(tmp_path):
    reference = docx.Document()
    reference.styles["Normal"].font.size = docx.shared.Pt(19)
    reference.save(tmp_path / "house.docx")
    (tmp_path / "h.toml").write_text('[docx]\nreference = "house.docx"\n', encoding="utf-8")
    document = docx.Document(io.BytesIO(write(article(SAMPLES["en"]), "docx", WriteOptions(house_style=str(tmp_path / "h.toml")))))
    assert document.styles["Normal"].font.size.pt == 19


def test_house_style_font_files_are_found_beside_it(tmp_path, seed_tree):
    from convert.writers import fonts

    shutil.copy(fonts.find("Noto Naskh Arabic").regular, tmp_path / "naskh.ttf")
    (tmp_path / "h.toml").write_text('[fonts]\narabic = "naskh.ttf"\n', encoding="utf-8")
    (tmp_path / "h.pdf").write_bytes(write(seed_tree, "pdf", WriteOptions(house_style=str(tmp_path / "h.toml"))))
    assert "Noto-Naskh-Arabic" in pdffonts(tmp_path / "h.pdf")


def test_a_house_style_edited_while_running_is_read_again(tmp_path):
    from convert.writers.house import house_style

    house = tmp_path / "house.toml"
    house.write_text('[page]\nsize = "A4"\n', encoding="utf-8")
    assert house_style(str(house)).page.size == "A4"
    house.write_text('[page]\nsize = "Letter"\n', encoding="utf-8")
    os.utime(house, ns=(house.stat().st_mtime_ns + 10**9,) * 2)  # a later write, as an editor's save
    assert house_style(str(house)).page.size == "Letter"
