"""The PDF writer: embedded subset fonts, metadata, bleed boxes, PDF/A-3b with the source XML inside,
a PDF/UA structure tree that matches the article, and a text layer that gives the article back."""

import io
import shutil
import subprocess
import sys

import pikepdf
import pytest

from conftest import require_dev, REPO, dev_ids, dev_tree
from convert import serialize, write
from convert.document import names
from convert.errors import OutputError
from convert.writers import WriteOptions

sys.path.insert(0, str(REPO / "benchmarks"))
pytestmark = pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils is needed (scripts/setup.sh --test)")

MM = 72 / 25.4


def pdf_of(tree, **options) -> bytes:
    return write(tree, "pdf", WriteOptions(**options))


@pytest.fixture(scope="module")
def dev_pdfs():
    require_dev()
    return {article_id: (tree := dev_tree(article_id), pdf_of(tree)) for article_id in dev_ids()}


def pdffonts(pdf: bytes, tmp_path) -> list[list[str]]:
    path = tmp_path / "f.pdf"
    path.write_bytes(pdf)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return [line.split() for line in lines]


def test_every_font_is_embedded_and_subset(dev_pdfs, tmp_path):
    for article_id, (_, pdf) in dev_pdfs.items():
        fonts = pdffonts(pdf, tmp_path)
        assert fonts, article_id
        for row in fonts:
            emb, sub = row[-5], row[-4]
            assert (emb, sub) == ("yes", "yes"), (article_id, row)
            assert "+" in row[0], "a subset font's name has a tag"
            assert row[0].split("+")[1] in INTENDED[tree_lang(article_id)], ("a face we did not choose was used", row)


INTENDED = {"ar": {"Amiri", "Amiri-Bold"}, "fa": {"Amiri", "Amiri-Bold"},
            "ur": {"Noto-Nastaliq-Urdu", "Noto-Nastaliq-Urdu-Bold", "Noto-Serif", "Noto-Serif-Bold"},
            "en": {"Noto-Serif", "Noto-Serif-Bold"}}


def tree_lang(article_id: str) -> str:
    return article_id.split("-")[0]


def test_language_title_and_metadata(dev_pdfs):
    for article_id, (tree, pdf) in dev_pdfs.items():
        with pikepdf.open(io.BytesIO(pdf)) as document:
            assert str(document.Root.Lang) == tree.getroot().get(names.XML_LANG), article_id
            assert str(document.docinfo["/Title"]).strip(), article_id
            assert "/Subject" in document.docinfo


def test_bleed_sets_trim_and_bleed_boxes(seed_tree):
    with pikepdf.open(io.BytesIO(pdf_of(seed_tree, bleed="3mm"))) as document:
        page = document.pages[0]
        trim, bleed = [float(v) for v in page.TrimBox], [float(v) for v in page.BleedBox]
        assert round(trim[0] - bleed[0], 1) == round(3 * MM, 1)
        assert round((trim[2] - trim[0]) / MM) == 210 and round((trim[3] - trim[1]) / MM) == 297


def test_crop_marks_come_with_a_bleed_to_draw_them_in(seed_tree):
    plain, marked = pdf_of(seed_tree), pdf_of(seed_tree, crop_marks=True)
    with pikepdf.open(io.BytesIO(marked)) as document:
        page = document.pages[0]
        assert float(page.TrimBox[0]) - float(page.BleedBox[0]) > 8  # 3 mm ≈ 8.5 pt
        drawing = page.Contents.read_bytes() if not isinstance(page.Contents, pikepdf.Array) else b"".join(
            c.read_bytes() for c in page.Contents)
    with pikepdf.open(io.BytesIO(plain)) as document:
        first = document.pages[0]
        plain_drawing = first.Contents.read_bytes() if not isinstance(first.Contents, pikepdf.Array) else b"".join(
            c.read_bytes() for c in first.Contents)
    assert drawing.count(b" Do") > plain_drawing.count(b" Do"), "the marks are drawn on the page (as a form XObject)"


def test_page_size_letter(seed_tree):
    with pikepdf.open(io.BytesIO(pdf_of(seed_tree, page_size="Letter"))) as document:
        box = [float(v) for v in document.pages[0].MediaBox]
        assert (round(box[2]), round(box[3])) == (612, 792)


def test_pdf_a_3b_embeds_the_article_xml_and_declares_conformance(seed_tree):
    with pikepdf.open(io.BytesIO(pdf_of(seed_tree, pdf_variant="pdf/a-3b"))) as document:
        files = document.attachments
        assert list(files) == ["article.xml"]
        assert files["article.xml"].get_file().read_bytes() == serialize(seed_tree)
        assert str(files["article.xml"].obj.AFRelationship) == "/Source"
        assert str(files["article.xml"].obj.EF.F.Subtype) == "/text/xml"
        assert any(str(spec.get("/F")) == "article.xml" for spec in document.Root.AF), "an associated file (PDF/A-3)"
        with document.open_metadata() as xmp:
            assert xmp["pdfaid:part"] == "3" and xmp["pdfaid:conformance"] == "B"
        assert len(document.Root.OutputIntents) >= 1


def _structure_counts(document) -> dict:
    counts = {}

    def walk(node):
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            counts[str(node.S)] = counts.get(str(node.S), 0) + 1
        kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary):
                walk(kid)

    walk(document.Root.StructTreeRoot)
    return counts


def test_pdf_ua_structure_matches_the_article(dev_pdfs):
    for article_id in dev_pdfs:
        tree = dev_tree(article_id)
        root = tree.getroot()
        with pikepdf.open(io.BytesIO(pdf_of(tree, pdf_variant="pdf/ua-1"))) as document:
            counts = _structure_counts(document)
            assert document.Root.MarkInfo.Marked and document.Root.ViewerPreferences.DisplayDocTitle, article_id
            with document.open_metadata() as xmp:
                assert xmp["pdfuaid:part"] == "1", article_id
        headline = root.find(f"{names.HEAD}/{names.HEADLINE}")
        visible_headline = headline is not None and headline.get("derived") != "true"
        # subheadings are h2 under a visible headline, the top level (h1) when there is none
        headings = len(list(root.iter(names.HEADING)))
        assert counts.get("/H1", 0) == (1 if visible_headline else headings), article_id
        assert counts.get("/H2", 0) == (headings if visible_headline else 0), article_id
        # the HTML writes paragraphs, bylines and credits as <p>; asides are <aside>, not paragraphs
        paragraphs = sum(len(list(root.iter(tag))) for tag in (names.P, names.BYLINE, names.CREDIT, names.SUBHEADLINE))
        assert counts.get("/P", 0) == paragraphs, (article_id, counts)


def test_text_layer_gives_the_article_back(dev_pdfs):
    from pdf_text_layer import similarity

    scores = {article_id: similarity(tree, pdf) for article_id, (tree, pdf) in dev_pdfs.items()
              if tree_lang(article_id) != "ur"}
    assert min(scores.values()) >= 0.98, scores


def test_text_layer_gives_urdu_nastaliq_back(dev_pdfs):
    # Nastaliq's contextual glyphs hit WeasyPrint #2841; writers/pdf_text.py fixes it (issue 14)
    from pdf_text_layer import similarity

    scores = {article_id: similarity(tree, pdf) for article_id, (tree, pdf) in dev_pdfs.items()
              if tree_lang(article_id) == "ur"}
    assert scores and min(scores.values()) >= 0.98, scores


def test_bad_print_options_are_clear_errors(seed_tree):
    for options, message in (({"page_size": "A9000"}, "page size"), ({"bleed": "lots"}, "--bleed"),
                             ({"pdf_variant": "pdf/z"}, "--pdf-variant"), ({"font": "No Such Face"}, "installed family")):
        with pytest.raises(OutputError, match=message):
            pdf_of(seed_tree, **options)


def test_only_the_faces_a_document_uses_are_loaded():
    from convert.writers.fonts import faces_for
    from convert.writers.house import Fonts

    def families(lang, text):
        return tuple(face.family for face in faces_for(lang, text, Fonts()))

    assert families("ar", "نص عربي مع Gmail") == ("Amiri",)
    assert families("en", "English with עברית") == ("Noto Serif", "Frank Ruhl Libre")
    assert families("he", "עברית") == ("Frank Ruhl Libre",)
    assert families("ur", "اردو") == ("Noto Nastaliq Urdu",)
    assert families("ar", "نص 🔥") == ("Amiri", "Noto Emoji")


def test_a_character_no_font_has_is_a_clear_error_not_a_tofu_box():
    from convert import ReadOptions, load_article

    tree = load_article("عنوان\n\nنص فيه رمز 中 غريب.\n".encode(), ReadOptions(name="t.txt"))
    with pytest.raises(OutputError, match=r"U\+4E2D.*--font") as error:
        pdf_of(tree)
    assert "\n" not in str(error.value)


def test_author_and_creation_date_reach_the_pdf_metadata():
    from convert import ReadOptions, load_article

    text = "Storm hits coast\n\nBy Jane Doe\n\nLONDON (Reuters) - A storm hit the coast on Monday.\n"
    tree = load_article(text.encode(), ReadOptions(name="t.txt", created="2024-05-01T10:00:00Z"))
    with pikepdf.open(io.BytesIO(pdf_of(tree))) as document:
        info = document.docinfo
        assert str(info["/Title"]) == "Storm hits coast" and str(info["/Author"]) == "By Jane Doe"
        assert str(info["/CreationDate"]).startswith("D:20240501100000")


def test_a_derived_title_is_never_printed(seed_tree, tmp_path):
    from pdf_text_layer import pdf_text

    derived = seed_tree.getroot().find(f"{names.HEAD}/{names.HEADLINE}").text
    printed = pdf_text(pdf_of(seed_tree), crop_furniture=False)
    assert printed.count(derived.rstrip("…")[:30]) <= 1, "the lede's words appear once, in the lede, not in a header"


def test_a_refused_font_fails_every_document_that_uses_the_parsed_stylesheet(tmp_path, seed_tree):
    """The print stylesheet is parsed once per process and reused: its warnings must be too."""
    css = tmp_path / "house.css"
    css.write_text('@font-face { font-family: "x"; src: url("file:///etc/hostname"); } p { font-family: "x" }\n',
                   encoding="utf-8")
    for _ in range(2):
        with pytest.raises(OutputError, match="cannot be loaded|does not fetch"):
            write(seed_tree, "pdf", WriteOptions(css=str(css)))


LIBRARIES_PROBE = """
import json, subprocess, sys
started = []
real_popen = subprocess.Popen.__init__
def counting(self, *args, **kwargs):
    started.append(args[0] if args else kwargs.get("args"))
    real_popen(self, *args, **kwargs)
subprocess.Popen.__init__ = counting
if sys.argv[1] == "ours":
    from convert.writers import pdf
    pdf._engine()
else:
    import weasyprint
from weasyprint.text import ffi
libraries = sorted({line.split()[-1] for line in open("/proc/self/maps") if any(
    part in line for part in ("libpango", "libharfbuzz", "libfontconfig", "libgobject"))})
print(json.dumps({"started": len(started), "libraries": libraries, "subset": ffi.harfbuzz_subset is not None}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the soname shortcut is for Linux")
def test_weasyprint_opens_the_same_libraries_without_searching_for_them():
    import json

    def probe(mode):
        done = subprocess.run([sys.executable, "-c", LIBRARIES_PROBE, mode], capture_output=True, text=True, check=True)
        return json.loads(done.stdout.splitlines()[-1])

    ours, usual = probe("ours"), probe("usual")
    assert ours["libraries"] == usual["libraries"] and ours["subset"] == usual["subset"]
    assert ours["started"] == 0 < usual["started"]  # find_library runs ldconfig, gcc and ld


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_printing_leaves_no_temporary_folder_behind(tmp_path, jobs):
    import os

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    sources = []
    for n in range(3):
        sources.append(tmp_path / f"s{n}.txt")
        sources[-1].write_text(f"عنوان {n}\n\nنص قصير للخبر رقم {n} مع كلمة English.\n", encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(temporary)}
    done = subprocess.run([sys.executable, "-m", "convert", "convert", *map(str, sources), "-o", f"{tmp_path / 'out'}/",
                           "--to", "pdf", "-j", jobs], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 3
    assert not list(temporary.iterdir())  # fontconfig's file and WeasyPrint's font copies are gone
