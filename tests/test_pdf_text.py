"""The PDF's text layer: what copy and search give back, with poppler's pdftotext, PDFium and pdf.js."""

import functools
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter

import pypdfium2
import pytest
import weasyprint
from conftest import REPO, SHARED, dev_tree, needs_shared

from convert import ReadOptions, load_article, write
from convert.writers import WriteOptions, pdf_anchors, pdf_pieces, pdf_spans, pdf_text

sys.path.insert(0, str(REPO / "benchmarks"))
from pdf_layer import layer_text  # noqa: E402  (the text layer as ISO 32000 reads it, no heuristics)

# Words WeasyPrint's own text layer gets wrong with Amiri (issue 14, WeasyPrint #2841): a lam drawn
# as two glyphs (الكشف → اللكشف, لكنها → ܳلكنها), ز before ي spaced apart, Persian ZWNJ dropped.
KNOWN_FAILURES = ("الكشف", "لكنها", "زيادة", "الكردية", "می‌شود", "نمی‌خواهد", "خبرگزاری‌ها")
ARABIC = "قال التقرير إن الكشف عن زيادة الأسعار جاء مبكرا، لكنها لم تؤثر في الأسواق الكردية.\n"
PERSIAN = "این کار انجام می‌شود و دولت نمی‌خواهد که خبرگزاری‌ها آن را منتشر کنند.\n"
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
# a word as a search box sees it: letters, marks, digits and ZWNJ
WORD = re.compile(r"(?:[^\W_]|[\u200c\u064b-\u065f\u0670])+")
DEV_ARTICLES = ("ar-cnn-01", "fa-fars-01", "ur-btt-02", "en-reuters-2014-01")
LAYER_ARTICLES = ("ar-cnn-01", "ar-alarabiya-05", "ar-seed", "fa-fars-01", "ur-btt-02", "en-reuters-2014-01")
# an invented Urdu lede: its dateline's location and date are two inline elements with a space between
URDU_DATELINE = "کراچی 12 جون (ایجنسی) شہر میں آج صبح تیز بارش ہوئی اور بہت سے لوگ دن بھر اپنے گھروں میں رہے۔\n"


# an invented Urdu paragraph: Nastaliq's raised letters, dots and short words next to each other
URDU = ("سرخی\n\nکراچی میں آج بینک کے باہر لوگ اپنے کارڈ لے کر کھڑے رہے اور شام تک انتظار کرتے رہے۔ "
        "ان کے بعد بھی کئی لوگ آئے جنھیں کوئی جواب نہیں ملا۔ شہر کے تمام دفتروں نے اپنے ملازمین کو "
        "گھر بھیج دیا اور کہا کہ وہ کل صبح سے پہلے واپس نہ آئیں۔ حکام کے مطابق بارش کے بعد سڑکوں پر پانی "
        "جمع ہو گیا تھا جسے نکالنے میں کئی گھنٹے لگے۔\n")

# an invented Arabic paragraph, justified over several lines: words that end in a mark (tanween, shadda),
# drawn mark first, each after a space
TANWEEN = ("عنوان\n\nقال المسؤول إن الحكومة ستعمل جاهداً على تقديم الدعم فوراً للأسر المتضررة، مضيفاً أن "
           "الوضع بات صعباً جداً وأن الحل يتطلب تعاوناً واسعاً بين الجميع. وأوضح أن اللجنة عقدت اجتماعاً "
           "طارئاً مساء أمس، وقررت إرسال فريق متخصص فوراً إلى المنطقة، مشيراً إلى أن العمل سيستمر يوماً بعد "
           "يوم حتى تعود الحياة طبيعيةً تماماً. وأضاف أن إنّ المسألة تحتاج وقتاً طويلاً وجهداً كبيراً، "
           "لكنّ الناس يتحلون صبراً عظيماً ويقدمون دعماً سخياً لجيرانهم في كل مكان من المدينة.\n")

# an invented Persian list item, over two lines
LIST_ITEM = ("قطعا دین‌گریزی در جامعه وجود دارد و یکی از آنها تصور افراد در خصوص شر و بلایای عمومی و فردی "
             "است که افراد را نسبت به فلسفه زندگی و اصل آفرینش بدبین می‌کند و این مسئله را باید جدی گرفت.")


def poppler(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "t.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdfium(pdf: bytes, tmp_path) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


PDFJS = REPO / ".venv" / "pdfjs"  # pdfjs-dist, pinned by scripts/setup.sh --test


@functools.cache
def _node_major() -> int:
    found = subprocess.run(["node", "--version"], capture_output=True, text=True) if shutil.which("node") else None
    return int(found.stdout.strip().lstrip("v").split(".")[0]) if found and found.returncode == 0 else 0


def pdfjs(pdf: bytes, tmp_path) -> str:
    """pdf.js's text (getTextContent's items joined as Firefox's find bar joins them), run by Node.js."""
    if not (PDFJS / "node_modules" / "pdfjs-dist").is_dir():
        pytest.skip(f"pdf.js is not in {PDFJS} (bash scripts/setup.sh --test installs it)")
    if _node_major() < 20:
        pytest.skip("pdfjs-dist 4.10 needs Node.js 20 or newer (Debian 12's nodejs is 18)")
    path = tmp_path / "t.pdf"
    path.write_bytes(pdf)
    script = REPO / "benchmarks" / "pdfjs_text.mjs"
    output = subprocess.run(["node", str(script), str(PDFJS), str(path)], capture_output=True, text=True, check=True)
    return json.loads(output.stdout)["text"]


EXTRACTORS = pytest.mark.parametrize("extract", [poppler, pdfium, pdfjs], ids=["pdftotext", "pdfium", "pdf.js"])


def searchable(text: str) -> str:
    """What a search box matches against: NFC, bidi controls (which pdftotext adds) removed, a word
    hyphenated at a line end joined (the hyphen is the layout's, U+2010), spaces collapsed."""
    text = re.sub("\u2010\r?\n", "", unicodedata.normalize("NFC", text).translate(BIDI_CONTROLS))
    return " ".join(text.split())


def tokens(text: str) -> set[str]:
    return {word.strip(".،,:؛()\"") for word in searchable(text).split()}


def pdf_of(text: str, **options) -> bytes:
    return write(load_article(text.encode(), ReadOptions(name="t.txt")), "pdf", WriteOptions(**options))


def test_the_fix_is_verified_on_this_weasyprint():
    # Fails on a WeasyPrint upgrade: re-run tests/test_pdf_text.py and benchmarks/pdf_words.py on
    # the new version, then add it to pdf_text.VERIFIED (or update the adapter).
    assert weasyprint.__version__ in pdf_text.VERIFIED, (
        f"WeasyPrint {weasyprint.__version__} is not among the versions the PDF text-layer adapter "
        f"was verified on ({', '.join(pdf_text.VERIFIED)}): PDFs would keep WeasyPrint's own, wrong text layer")
    pdf_of(ARABIC)
    assert pdf_text.installed()


@EXTRACTORS
@pytest.mark.parametrize("text", [ARABIC, PERSIAN], ids=["ar", "fa"])
def test_known_failure_words_come_back_exactly(text, extract, tmp_path):
    found = tokens(extract(pdf_of(text), tmp_path))
    for word in (w for w in KNOWN_FAILURES if w in text):
        assert word in found, f"{word!r} not in the extracted text {sorted(found)}"


@EXTRACTORS
def test_urdu_nastaliq_words_come_back_whole(extract, tmp_path):
    # PDFium broke Nastaliq lines at raised letters and ran words together (`کرنےہیک`), poppler
    # split words at a dot's gap: each span now opens with an invisible carrier on the baseline
    found = set(WORD.findall(searchable(extract(pdf_of(URDU), tmp_path))))
    missing = [word for word in WORD.findall(searchable(URDU)) if word not in found]
    assert not missing, f"{missing} not in {sorted(found)}"


def test_an_urdu_mark_drawn_apart_from_its_letters_stays_in_its_word(tmp_path):
    # Noto Nastaliq draws the damma of `اُس` 0.22 em right of the alef, where poppler starts a word
    # of its own and sorts the alef before it (`ُاس`); the kasra of `اِس`, 0.11 em right, left a space
    found = tokens(poppler(pdf_of("سرخی\n\nاُس نے اُردو میں کہا کہ اِس کا اُن سے تعلق ہے۔\n"), tmp_path))
    assert {"اُس", "اُردو", "اِس", "اُن"} <= found, sorted(found)


def assert_words_come_back(text: str, extract, tmp_path):
    found = tokens(extract(pdf_of(text), tmp_path))
    missing = [word for word in tokens(text) if word not in found]
    assert not missing, f"{missing} not in {sorted(found)}"


# Nastaliq words in ActualText spans with a mark or digits inside, and short words between spans
URDU_RUNS = ("سرخی\n\nتاہم اُن کے بیان کے بعد اُنہیں وارننگ دی گئی اور 2016میں نوٹوں پر پابندی لگی۔ "
             "اجلاس میں طے پایا کہ نِکولاج اور یحییٰ کل آئیں گے اور 100سے زیادہ لوگ 16برس کے تھے۔\n")


@EXTRACTORS
def test_urdu_words_with_a_mark_or_digits_come_back_in_order(extract, tmp_path):
    # PDFium cuts a span's ActualText into runs of one direction (a mark, digits: weak left to
    # right) and reverses each in place (`اُن` read `نُا`, `2016میں` `میں6102`), and it ran a word
    # outside the spans into the next (`میں طے` read `ںیمطے`); pdf.js read the digits, in a font
    # of their own, as an item of their own after the letters (`میں2016`)
    assert_words_come_back(URDU_RUNS, extract, tmp_path)


# an invented Urdu paragraph: Nastaliq words that end in a mark (superscript alef, tanween, kasra)
URDU_FINAL_MARKS = ("سرخی\n\nیہ اعلیٰ سطح کا اجلاس تقریباً دو گھنٹے جاری رہا اور اسے ناقابلِ قبول قرار دیا گیا۔ "
                    "موسیٰ نے کہا کہ پِن اور فِش کے بارے میں فیصلہ کل ہوگا۔\n")


@EXTRACTORS
def test_urdu_words_that_end_in_a_mark_come_back_in_order(extract, tmp_path):
    # pdf.js reverses each text item alone and joins them in drawing order; a Nastaliq word cut at
    # a raised letter whose logical end is a mark came back with the mark elsewhere (`اعلیٰ`,
    # `تقریباً`): its pieces are now dealt their texts in pdf.js's order, and where no dealing
    # serves, each glyph is an item of its own (pdf_pieces, an empty marked content between them)
    assert_words_come_back(URDU_FINAL_MARKS, extract, tmp_path)


# an invented Urdu paragraph: Nastaliq words that climb over an em from one glyph to the next
URDU_CLIMBS = ("سرخی\n\nخبر رساں ایجنسی کے مطابق دلچسپی کی بات یہ ہے کہ نوٹنگھم اور ساؤتھمپٹن کے "
               "ڈیجیٹل اکھیلیش منصوبے میں ایجنسی نے دلچسپی لی۔\n")


@EXTRACTORS
def test_urdu_words_that_climb_over_an_em_come_back_whole(extract, tmp_path):
    # pdf.js ends its line where a glyph is over an em (the item's height) above or below the
    # one it measured last (`دلچسپی`: the ل that the cascade starts with, then the د on the
    # baseline), and put a line end inside the word: the higher glyph now has no text of its
    # own (a format character's code, which pdf.js skips), its letters dealt to the others
    assert_words_come_back(URDU_CLIMBS, extract, tmp_path)


def test_a_word_with_a_letter_of_another_font_is_read_in_order_by_pdfjs(tmp_path):
    # Noto Nastaliq Urdu has no U+FE85 (`ﺅ`, typed in older Urdu copy): it comes from a fallback
    # font, a text item of its own, which pdf.js joined in drawing order (`باﺅلر` -> `لرﺅبا`).
    # (PDFium folds the presentation form to `ؤ`, GetUnicodeNormalization, in all text it reads.)
    text = ("سرخی\n\nانہوں نے کہا کہ ایک باﺅلر اور باﺅلنگ کا دباﺅ ہے اور اکاﺅنٹس پر تناﺅ کے بارے میں "
            "یہ بات ٹھیک نہیں ہے۔\n")
    assert load_article(text.encode(), ReadOptions(name="t.txt")).getroot().get("{http://www.w3.org/XML/1998/namespace}lang") == "ur"  # Nastaliq's
    assert_words_come_back(text, pdfjs, tmp_path)


def test_pdfjs_reads_a_ligature_it_expands_in_order(tmp_path):
    # pdf.js folds `ﷺ` (U+FDFA) to its four words (normalizeUnicode, NFKC) where it stands in a text
    # item, then reverses the item (bidi): `النبیملسو هيلع هللا ىلص`, which its find bar, folding
    # the query the same way, never matches. The glyph's code now maps to the words, drawn reversed.
    text = "سرخی\n\nجشن عید میلاد النبیﷺ کی مبارکباد پیش کی اور حضور اکرمﷺ کی ولادت کے موقع پر ﷺ لکھا گیا۔\n"
    found = searchable(pdfjs(pdf_of(text), tmp_path))
    folded = unicodedata.normalize("NFKC", "ﷺ")
    assert found.count(folded) == 3 and f"النبی{folded}" in found and f"اکرم{folded}" in found, found
    assert "ﷺ" in searchable(poppler(pdf_of(text), tmp_path))  # the others read the span's text


# an invented Urdu paragraph: Nastaliq words with a mark inside (kasra, damma, sukun)
URDU_MID_MARKS = ("سرخی\n\nآسٹِن میں سپِن کے بارے میں کُھلا فیصلہ ہوا اور کولاجِن کی فِچ رپورٹ پر "
                  "بُھوت اور پِھرنے کی بات ہوئی، پْل کے پاس ڈیبِٹ کارڈ ملا۔\n")


@EXTRACTORS
def test_urdu_words_with_a_mark_inside_come_back_in_order(extract, tmp_path):
    # Noto Nastaliq Urdu draws a kasra right of its letter's pen: given a letter's text for pdf.js
    # (pdf_pieces deals a word's pieces texts it reads in order), it is a glyph pdf.js measures a
    # space before (`آسٹِن`). The mark's own glyph now gets no text, the mark's kind going to
    # another glyph, a letter beside it skipped where the pieces need it (ur pdf.js 53 -> 34)
    assert_words_come_back(URDU_MID_MARKS, extract, tmp_path)


# an invented Urdu paragraph: the one-letter word `آ` between two words, in a line of little stretch
URDU_SHORT_WORDS = ("سرخی\n\nتقسیم کے بعد ان کا خاندان لاہور آ کر آباد ہو گیا اور مقابلہ کرنے کی عادت کام آ "
                    "گئی، وہ بھرپور فارم میں آ چکے ہیں اور ایسے واقعات پیش آ رہے ہیں جو اس سے پہلے کبھی پیش "
                    "نہیں آئے۔ شہر میں آ کر انہوں نے کہا کہ یہ کام آ ہی گیا۔\n")


def test_pdfium_keeps_a_one_letter_urdu_word_apart_from_the_next(tmp_path):
    # PDFium measures the gap between two ActualText spans from the first one's carrier (a glyph
    # of no advance: it adds the glyph's box width); a dot a third of an em wide took in `آ` and
    # its space, and the two words came back glued in drawing order (`لاہور آ` -> `آلاہور`,
    # 6 of 6 here). The carrier is now the narrowest glyph of no width the font has drawn.
    found = searchable(pdfium(pdf_of(URDU_SHORT_WORDS), tmp_path))
    for phrase in ("لاہور آ کر", "کام آ گئی", "میں آ چکے", "پیش آ رہے", "میں آ کر", "کام آ ہی"):
        assert phrase in found, (phrase, found)


# an invented Persian paragraph: words with a ZWNJ and a letter Amiri draws as two glyphs
PERSIAN_ZWNJ_SPANS = ("عنوان\n\nمردم به مناسبت چهل‌سالگی انقلاب در میدان جمع شدند و این خبر آنها را "
                      "دلگرم‌تر کرد. در فلکه‌های شهر و در سخنرانی‌ها گفته شد که این کار الگويي‌ برای "
                      "دیگران است.\n")


@EXTRACTORS
def test_persian_words_with_a_zwnj_and_a_glyph_of_no_text_come_back_whole(extract, tmp_path):
    # a glyph that shows no character of its own (a letter drawn as two glyphs) has a code of no
    # text, which PDFium reads as the code itself (a format character inside the word) and beside
    # which poppler breaks the word; such a word gets an ActualText span, and a word with a ZWNJ
    # now does too, PDFium given its own text inside it (pdf_spans.pdfium_actual_text)
    assert_words_come_back(PERSIAN_ZWNJ_SPANS, extract, tmp_path)


def test_a_word_of_two_directions_is_read_glyph_by_glyph_in_drawing_order():
    # `16برس` drawn left to right: س, ر, ب (level 1), then 1, 6 (level 2); as items of their own
    # the glyphs read, in drawing order, 1, 6, ب, ر, س
    texts, flushes = pdf_pieces.item_by_item(["س", "ر", "ب", "1", "6"], [1, 1, 1, 2, 2])
    assert [texts.get(place, own) for place, own in enumerate(["س", "ر", "ب", "1", "6"])] == ["1", "6", "ب", "ر", "س"]
    assert flushes == {1, 2, 3, 4}
    # a glyph of two letters takes two characters (`12میں`), but not a digit and a letter, which
    # pdf.js's bidi() would reorder
    assert pdf_pieces.item_by_item(["ںی", "م", "1", "2"], [1, 1, 2, 2])[0] == {0: "12", 2: "ی", 3: "ں"}
    assert pdf_pieces.item_by_item(["ںی", "م", "2"], [1, 1, 2]) is None
    # not a word with a mark: pdf.js takes it for no width and measures the next glyph from elsewhere
    assert pdf_pieces.item_by_item(["ن", "ُ", "ا", "2"], [1, 1, 1, 2]) is None


def more_tree(stem: str, folder: str = "more"):
    """The article tree of a text of a folder of the shared corpus, `more` unless told (skips where
    it is not there)."""
    path = SHARED / "corpus" / folder / f"{stem}.txt"
    if not path.is_file():
        pytest.skip(f"{path} is not there")
    return load_article(path.read_bytes(), ReadOptions(name=path.name))


@needs_shared
def test_pdfium_reads_a_latin_word_with_digits_in_an_urdu_article_in_order(tmp_path):
    # `5G` in Nastaliq lines: PDFium read the digit (weak left to right to it) and the letter as
    # two runs, in the line's right-to-left order (`G5`); a marked content with the word's text
    # for PDFium alone mends it (ur-btt-0015 has it 13 times; read right 0 times before, 12 now)
    tree = more_tree("ur-btt-0015")
    expected = WORD.findall(searchable(" ".join(tree.getroot().itertext()))).count("5G")
    found = WORD.findall(searchable(pdfium(write(tree, "pdf"), tmp_path))).count("5G")
    assert expected > 10 and found >= 0.9 * expected, (found, expected)  # (one, where PDFium breaks the line, is not)


@needs_shared
def test_pdfium_keeps_the_spaces_between_latin_words_of_an_urdu_article(tmp_path):
    # an English tweet quoted in an Urdu article: its spaces are Noto Nastaliq Urdu's, each in a
    # text operation of its own, which PDFium skipped (a text object of no width); in a line
    # stretched little it then ran the words together (`Whatanexample. Howwonderful`)
    tree = more_tree("ur-btt-0059")
    found = searchable(pdfium(write(tree, "pdf"), tmp_path))
    assert "What an example. How wonderful !! well done" in found, found


def assert_mark_final_words_come_back(stem: str, extract, tmp_path):
    """Every word of a bench article that ends in a mark is in the extracted text, as often."""
    tree = more_tree(stem, "bench")
    expected = Counter(word for word in WORD.findall(searchable(" ".join(tree.getroot().itertext())))
                       if unicodedata.combining(word[-1]))
    found = Counter(WORD.findall(searchable(extract(write(tree, "pdf"), tmp_path))))
    assert len(expected) > 5 and not expected - found, expected - found


@needs_shared
@pytest.mark.parametrize("stem", ["bench-0297", "bench-0464"])
def test_words_whose_last_letter_carries_a_mark_come_back_whole_in_poppler(stem, tmp_path):
    # such a word is drawn mark first, and poppler cut the mark off where it stands apart from its
    # neighbour (`تهديدا ً`, `قتل ٍ`: 7 and 4 words of these articles); the word now gets an
    # ActualText span, closed by a stone that pdf.js reads as a space and PDFium drops
    assert_mark_final_words_come_back(stem, poppler, tmp_path)


# an invented Arabic paragraph: words of two letters whose last carries a shadda
ARABIC_SHORT_MARKED = ("عنوان\n\nوكان قرقاش قد ردّ الأحد على تصريحات الوزير، وقال إنّ الأمر انتهى، ويبدو أنّ "
                       "هذه الإجراءات عدّ لها.\n")


@EXTRACTORS
def test_short_words_whose_last_letter_carries_a_mark_come_back_whole(extract, tmp_path):
    # spanned for poppler, each such word is a pdf.js item of its own between two stones; with
    # stones read as ANCHOR (U+200F, left to right to pdf.js's bidi) and a space, an item of two
    # letters, a mark and two stones was under pdf.js's 30 % of right-to-left characters and left
    # in drawing order (`ّرد`): the closing stone now opens with U+061C, which its bidi types
    # right to left
    assert_words_come_back(ARABIC_SHORT_MARKED, extract, tmp_path)


@needs_shared
@pytest.mark.parametrize("stem", ["bench-0573", "bench-0677"])
def test_pdfium_keeps_a_final_mark_before_punctuation_in_its_word(stem, tmp_path):
    # `مؤخراً،` is drawn comma, mark, letters: PDFium took the first two for one weak segment and
    # set it after the word (`مؤخرا،ً`; 2 and 3 words of these articles). Such a word is
    # spanned, PDFium given its own text, and no carrier parts the mark from the punctuation inside
    # a span (PDFium then read a line-final `شهرياً.` as the span's text in drawing order)
    assert_mark_final_words_come_back(stem, pdfium, tmp_path)


@needs_shared
def test_pdfium_keeps_the_space_between_two_spanned_words(tmp_path):
    # `حصاراً خانقاً`: two spans with a space alone in its text operation between them, which PDFium
    # skips (a text object of no width); in a tight line it then ran the words together. The
    # space is drawn in stroke mode, which gives its object a box (pdf_spans._spaces_between_spans)
    found = searchable(pdfium(write(more_tree("bench-0215", "bench"), "pdf"), tmp_path))
    assert "حصاراً خانقاً" in found, found


def test_pdfium_gets_each_run_of_a_word_reversed():
    drawn = lambda text, level: [(char, level) for char in text]
    # `اُن` drawn left to right: ن, the damma, ا (one right-to-left run)
    assert pdf_spans.pdfium_actual_text(drawn("نُا", 1)) == "اُن"
    # `2016میں`: the letters (level 1) left of the digits (level 2)
    assert pdf_spans.pdfium_actual_text(drawn("ںیم", 1) + drawn("2016", 2)) == "6102ںیم"
    assert pdf_spans.pdfium_actual_text(drawn("نِکولاج"[::-1], 1)) == "نِجالوک"


def test_urdu_nastaliq_words_are_in_their_order(tmp_path):
    document = pypdfium2.PdfDocument(pdf_of(URDU))
    try:
        text = searchable(document[0].get_textpage().get_text_range())
    finally:
        document.close()
    assert "کہ وہ کل صبح سے پہلے واپس نہ آئیں" in text and "حکام کے مطابق بارش کے بعد" in text, text


@EXTRACTORS
def test_zwnj_is_kept(extract, tmp_path):
    assert searchable(extract(pdf_of(PERSIAN), tmp_path)).count("\u200c") == PERSIAN.count("\u200c")


@EXTRACTORS
def test_a_zwnj_before_punctuation_stays_in_its_word(extract, tmp_path):
    # PDFium takes a ZWNJ and a comma alike for weak left to right: one segment, kept in drawing
    # order after the word (`حديث،‌`) until a carrier it reads as a right-to-left mark parts them
    text = "عنوان\n\nآشنايي‌ با قرآن‌ و حديث‌، آگاهي از طرفي‌، اين است‌. و تضمين‌، اقتباس‌، تلميح‌ و\n"
    found = Counter(WORD.findall(searchable(extract(pdf_of(text), tmp_path))))
    for word in ("حديث‌", "طرفي‌", "است‌", "تضمين‌", "اقتباس‌"):
        assert found[word], f"{word!r} not in {sorted(found)}"


@pytest.mark.parametrize("variant", ["pdf/a-3b", "pdf/ua-1"])
def test_the_archival_and_tagged_variants_have_the_same_text(variant, tmp_path):
    found = tokens(poppler(pdf_of(ARABIC, pdf_variant=variant), tmp_path))
    assert {"الكشف", "لكنها", "زيادة"} <= found


@needs_shared
@EXTRACTORS
@pytest.mark.parametrize("dev_article", DEV_ARTICLES)
def test_a_search_finds_every_word_of_dev_articles(dev_article, extract, tmp_path):
    tree = dev_tree(dev_article)
    root = tree.getroot()
    printed = " ".join(root.find(f"{{{root.nsmap[None]}}}body").itertext())  # paragraphs are separate
    text = searchable(extract(write(tree, "pdf"), tmp_path))
    words = set(WORD.findall(searchable(printed)))
    missing = sorted(w for w in words if w not in text)
    assert not missing, f"{len(missing)} of {len(words)} words not found: {missing[:10]}"


# an invented Urdu paragraph quoting a Latin title, a box of its own with no space at its edges
URDU_TITLE = ("سرخی\n\nوہ اپنی مشہور زمانہ فلم کی دوسری فلم کرنے میں مصروف ہیں ، ساتھ ہی ڈزنی کی فلم "
              "’’The One and Only Ivan‘‘ کے کردار کی صداکاری (وائس اوور) بھی کررہی ہیں۔\n")


def test_pdfjs_reads_a_space_where_a_latin_box_meets_a_right_to_left_one(tmp_path):
    # pdf.js reads a line's boxes in drawing order, a right-to-left one's words left to right, and
    # joined the Nastaliq box's first word (drawn last) with the Latin box after it (`وہ‏The`): a
    # stone it reads as a space now ends the box
    found = Counter(WORD.findall(searchable(pdfjs(pdf_of(URDU_TITLE), tmp_path))))
    expected = Counter(WORD.findall(searchable(URDU_TITLE)))
    assert not expected - found, f"{sorted((expected - found).elements())} missing"


@pytest.mark.parametrize("extract", [poppler, pdfium], ids=["pdftotext", "pdfium"])
def test_a_word_across_two_boxes_gets_no_stone(extract, tmp_path):
    # `لـCNN` is one word, a prefix and a Latin box: no stone may part them for the readers that
    # read one where it is drawn (pdf.js reads the two boxes apart whatever the layer says)
    text = "عنوان\n\nأكد مصدر مسؤول بوزارة الإعلام السعودية، في تصريحات لـCNN، أن قوات الدفاع الجوي اعترضت صاروخا.\n"
    found = Counter(WORD.findall(searchable(extract(pdf_of(text), tmp_path))))
    assert found["لـCNN"] == 1, sorted(found)


# an invented Urdu paragraph with Latin words: each a text box of its own beside Nastaliq's
URDU_LATIN = ("سرخی\n\nتصویر کے کاپی رائٹ Reuters نوٹ کیا گیا کہ BBC اردو کے مطابق شہر میں آج Karachi سے آنے "
              "والے لوگ caption نوٹ کر رہے تھے۔\n")


@EXTRACTORS
def test_urdu_words_beside_latin_words_come_back_whole(extract, tmp_path):
    # pdf.js reads a Nastaliq box in drawing order, word by word (ActualText spans cut it), so the
    # space at its edge landed on its far side: `تصویر‏Reuters`. The edge spaces are drawn where read.
    found = Counter(WORD.findall(searchable(extract(pdf_of(URDU_LATIN), tmp_path))))
    expected = Counter(WORD.findall(searchable(URDU_LATIN)))
    assert not expected - found, f"{sorted((expected - found).elements())} missing"


# an invented Arabic paragraph, justified: adverbs in tanween after ر, د, ب and ع, where Amiri's
# glyph boxes as WeasyPrint positions them overlap, and the width forms (pdf_widths) meet them up
ADVERBS = "عنوان\n\n" + 3 * (
    "وقال المتحدث إن الوزير أصدر قراراً جديداً مؤكداً أن اللجنة ستقدم تقريراً مفصلاً، مضيفاً أن الحكومة عينت "
    "وزيراً للمالية وآخر للخارجية، ومعتبراً أن القرار جاء متأخراً كثيراً. وأكد المصدر أن الوفد سيصل قريباً إلى "
    "العاصمة حاملاً مقترحاً واضحاً، موضحاً أن الرد سيكون سريعاً ومباشراً. ") + "\n"


def test_a_word_whose_overlap_a_form_meets_is_read_whole_by_pdfjs(tmp_path):
    # such a word was spanned for the overlap all the same; its span opens with the tanween, which
    # pdf.js then reads as an item of no width, and it puts a space after it: `مؤكدا ًأن`. (The span
    # kept poppler's word whole, which now sets the tanween apart in some lines, `مؤكدا ً`: 11 words
    # in the 1,000 bench articles, against 88 for pdf.js and 80 for PDFium.)
    found = Counter(WORD.findall(searchable(pdfjs(pdf_of(ADVERBS), tmp_path))))
    for word in ("مؤكداً", "وزيراً", "تقريراً", "قريباً", "سريعاً", "ستقدم", "عينت", "وقال"):
        assert found[word] == 3, f"{word!r}: {found[word]} of 3 in {sorted(found)}"


def test_a_mark_before_punctuation_stays_in_its_word_in_pdfium(tmp_path):
    # `مفصلاً،` is drawn `،`, `ً`, `ا`, …: PDFium's bidi took the comma and the mark for one weak
    # left-to-right segment and set both after the word (`مفصلا،ً`); a carrier it reads as a
    # right-to-left mark now parts them (pdf_spans.parted_marks)
    found = Counter(WORD.findall(searchable(pdfium(pdf_of(ADVERBS), tmp_path))))
    for word in ("مفصلاً", "واضحاً"):
        assert found[word] == 3, f"{word!r}: {found[word]} of 3 in {sorted(found)}"


def test_a_mark_after_punctuation_gets_a_carrier_unless_raised():
    font = FakeFont()
    line = [pdf_text.Glyph(font, 5, ".", None), pdf_text.Glyph(font, 6, "\u064b", None), pdf_text.Glyph(font, 7, "ا", None)]
    assert pdf_spans.parted_marks([glyph.text for glyph in line], [None] * 3) == [1]
    on_baseline = pdf_spans.rewrite([b"[<0005>0<0006>0<0007>] TJ"], line, [5, 6, 7], [5, 6, 7], parted={1: 0x200F})
    assert on_baseline == [b"[<0005>0 ] TJ", b"3 Tr", b"[<200f>] TJ", b"0 Tr", b"[<0006>0<0007>] TJ"]
    # raised, the mark would be read by poppler as the carrier's duplicate and set apart (`كثيرا ً`)
    raised = [b"[<0005>] TJ", b"-0.7 Ts", b"[164<0006>] TJ", b"0 Ts", b"[-163<0007>] TJ"]
    assert pdf_spans.rewrite(raised, line, [5, 6, 7], [5, 6, 7], parted={1: 0x200F}) == raised


def test_a_span_that_opens_with_a_mark_keeps_it_in_pdfjs(tmp_path):
    # `لكنّ` (in a span: Amiri's lam before kaf) is drawn shadda first; after the span's BDC pdf.js
    # read the shadda as a text item of no width and put a space after it (`ّ لكن`): a stone of a
    # thousandth of an em now opens the span (pdf_spans.stoned)
    found = Counter(WORD.findall(searchable(pdfjs(pdf_of(TANWEEN), tmp_path))))
    assert found["لكنّ"] == 1, sorted(found)


def test_a_line_that_opens_with_a_mark_keeps_it_in_pdfjs(tmp_path):
    # `طويلاً` ends a line of TANWEEN, so the line is drawn its tanween first: pdf.js put the mark,
    # whose position it does not look at, into the line before's item (`ًيتطلب`); a stone opens the line
    found = Counter(WORD.findall(searchable(pdfjs(pdf_of(TANWEEN), tmp_path))))
    assert found["طويلاً"] == 1 and found["يتطلب"] == 1, sorted(found)


# JavaScript's \s (ECMAScript WhiteSpace and LineTerminator): pdf.js's SpecialCharRegExp tests it first
JAVASCRIPT_WHITE_SPACE = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0xFEFF, 0x2028, 0x2029} | {
    code for code in range(0x10000) if unicodedata.category(chr(code)) == "Zs"}


def test_no_textless_code_is_white_space_to_pdfjs():
    # U+FEFF was one: pdf.js took the glyph for a space and put one inside the word (`ہزار` → `ہز ار`)
    assert not JAVASCRIPT_WHITE_SPACE & set(pdf_text.TEXTLESS_CODES)


# Left-to-right islands in right-to-left lines (pdf_text.anchors)

ISLANDS = ("عنوان\n\nوقال موقع CNN إن الأمر انتهى وإن 28 عضوا حضروا في عام 2016، وقال فيغالي، 34 عاما، "
           "إن الأمر بين 2013 و2016 كان صعبا، وفاز بمجموعتين 3-6 و6-4 على سفينة \"AL ZUBARA\" التي ترفع علم مالطا.\n")


@EXTRACTORS
def test_a_word_after_a_latin_word_or_a_number_is_not_run_into_it(extract, tmp_path):
    # poppler took the space after an island into it: `أن 28 عضوا` → `أن  28عضوا`, `CNN إن` → `CNNإن`
    found = tokens(extract(pdf_of(ISLANDS), tmp_path))
    for word in ("CNN", "إن", "28", "عضوا", "2016", "وقال", "فيغالي", "34", "عاما", "2013", "و2016", "كان",
                 "AL", "ZUBARA", "التي"):
        assert word in found, f"{word!r} not in {sorted(found)}"


def test_a_number_glued_to_a_latin_word_is_drawn_before_it(tmp_path):
    # `5G` was set `G5`: the letters isolated alone, the number left in the right-to-left text. poppler
    # reads a left-to-right run in the order drawn, so its text is the page's order, as is the layer's.
    # (PDFium reads `G5` for the `5G` drawn: fx_bidi makes a digit and a letter two segments, which an
    # RTL line reverses; `F16` comes back `16F` the same way, so it is not asserted here.)
    pdf = pdf_of("عنوان\n\nأطلقت الشركة هاتف 5G بذاكرة 4GB ومعالج 3.5GHz.\n")
    found = tokens(poppler(pdf, tmp_path))
    assert {"5G", "4GB", "3.5GHz"} <= found, sorted(found)
    assert {"5G", "4GB", "5GHz"} <= set(layer_words(pdf, tmp_path, rtl=True))


def test_the_mark_goes_between_an_island_and_what_shows_no_letter():
    rtl, ltr = 1, 2
    # drawn left to right: `عضوا` `␠` `28` `␠` `أن` (a run each)
    texts = ["اوضع", " ", "2", "8", " ", "نأ"]
    levels = [(0, rtl), (2, ltr), (4, rtl)]
    assert pdf_anchors.anchors(levels, texts) == {1: " \u200f"}  # the space after the number, on its side
    # `فيغالي، 34 عاما`: the space before the number goes after it too, since poppler takes the comma for a digit
    texts = ["اماع", " ", "3", "4", " ", "،", "يلاغيف"]
    assert pdf_anchors.anchors([(0, rtl), (2, ltr), (4, rtl)], texts) == {1: " \u200f", 4: " \u200f"}
    # `2016،`: punctuation cannot end in the mark (pdf.js skips such a glyph): the island takes it
    texts = ["،", "2", "0", "1", "6", "و"]
    assert pdf_anchors.anchors([(0, rtl), (1, ltr), (5, rtl)], texts) == {1: "\u200f2"}
    # `ל-2`: the hyphen before the number takes it too (poppler takes a hyphen for part of a number)
    assert pdf_anchors.anchors([(0, ltr), (1, rtl)], ["2", "-", "ל"]) == {1: "\u200f-"}
    # a letter next to the island needs nothing; a line that is one island (a <bdi>) opens with it
    assert pdf_anchors.anchors([(0, rtl), (1, ltr)], ["ن", "C", "N", "N"]) == {}
    assert pdf_anchors.anchors([(0, ltr)], ["C", "N", "N"]) == {0: "\u200fC"}
    assert pdf_anchors.anchors([(0, ltr), (1, ltr)], ["C", " ", "N"]) == {0: "\u200fC"}  # justified: runs of its own
    # `3-6` is two islands (the hyphen between them is right-to-left): no mark between them
    assert pdf_anchors.anchors([(0, ltr), (1, rtl), (2, ltr), (3, rtl)], ["6", "-", "3", "ن"]) == {}


def layer_words(pdf: bytes, tmp_path, rtl: bool) -> Counter:
    path = tmp_path / "layer.pdf"
    path.write_bytes(pdf)
    return Counter(WORD.findall(searchable(layer_text(path, rtl))))


def test_a_space_between_two_inline_elements_is_in_the_text_layer(tmp_path):
    # WeasyPrint draws no text box of spaces only; without the space glyph the layer reads کراچی12
    found = layer_words(pdf_of(URDU_DATELINE), tmp_path, rtl=True)
    assert {"کراچی", "12", "جون"} <= set(found), sorted(found)


@needs_shared
@pytest.mark.parametrize("dev_article", LAYER_ARTICLES)
def test_the_text_layer_as_written_has_every_word_of_dev_articles(dev_article, tmp_path):
    # what the PDF says, read without an extractor's heuristics: each word, as often as the article has it
    tree = dev_tree(dev_article)
    root = tree.getroot()
    printed = "\n".join("".join(block.itertext()) for block in root.iter(*(f"{{{root.nsmap[None]}}}{name}" for name in (
        "headline", "subheadline", "byline", "heading", "p", "aside", "credit"))) if block.get("derived") != "true")
    expected = Counter(WORD.findall(searchable(printed)))
    missing = expected - layer_words(write(tree, "pdf"), tmp_path, rtl=root.get("dir") == "rtl")
    assert not missing, f"{sum(missing.values())} of {sum(expected.values())} words not in the layer: {list(missing)[:10]}"


# The adapter's parts, on Pango-like input


EMPTY = 0x0FFFFFFF  # Pango's glyph for a character drawn as nothing (ZWNJ)


def test_zwnj_joins_the_glyph_before_it_in_a_right_to_left_run():
    utf8 = "می\u200cش".encode()
    m, y, zwnj, sh = 0, 2, 4, 7  # byte offsets of each character's cluster
    # visual order (right to left run): ش, ZWNJ, ی, م
    texts = pdf_text.glyph_texts([sh, zwnj, y, m], [30, EMPTY, 20, 10], utf8, True, EMPTY)
    assert texts[1] is None
    # extractors read a glyph's characters left to right and then reverse the run
    assert texts[2] == ("\u200cی", None)
    assert [t for t, _ in (texts[0], texts[3])] == ["ش", "م"]


def test_a_two_glyph_cluster_is_one_actualtext_word():
    texts = pdf_text.glyph_texts([2, 0, 0], [40, 41, 42], "لك".encode(), True, EMPTY)
    assert texts == [("ك", None), ("ل", "ل"), ("", "ل")]
    line = [pdf_text.Glyph(None, g, t, a) for g, (t, a) in zip((40, 41, 42), texts)]
    assert pdf_spans.word_spans(line) == ["كل"] * 3


def test_a_line_written_otherwise_than_laid_out_is_refused():
    # a WeasyPrint that writes glyph 6 where Pango laid out glyph 5 must not get glyph 5's new code
    line = [pdf_text.Glyph(type("F", (), {"bitmap": False})(), 5, "a", None)]
    with pytest.raises(pdf_spans.AdapterMismatch):
        pdf_spans.rewrite([b"[<0006>] TJ"], line, [5], [0xFFFF])


class FakeFont:
    """The parts of a WeasyPrint font the codes are computed from."""
    bitmap, family, glyph_count = False, "fake", 40

    def __init__(self, widths=None):
        self.to_unicode, self.missing, self.widths = {}, {}, widths or {}


def test_alias_codes_never_take_a_textless_glyphs_code():
    # an alias counted down from the top once landed on 0xFFFB, which a dot already had
    font = FakeFont()
    line = [pdf_text.Glyph(font, glyph, "", None) for glyph in range(1, 30)]  # textless glyphs
    line += [pdf_text.Glyph(font, glyph, text, None) for glyph in range(1, 30) for text in "ab"]
    _, codes = pdf_text.line_codes(line, {id(font): set()}, 0x10000000)
    textless, aliased = codes[:29], codes[29:]
    assert set(textless) <= set(pdf_text.TEXTLESS_CODES)
    assert not set(textless) & set(aliased) and len(set(codes)) == len(codes)


def fields(*glyphs) -> list:
    """PangoGlyphInfo's five fields for glyphs given as (width, x offset, y offset) in thousandths
    of an em of a 10 pt font."""
    scale = 10 * pdf_pieces.PANGO_SCALE / 1000
    return [value for width, x, y in glyphs for value in (0, round(width * scale), x * 10, y * 10, 0)]


def test_pdfjs_reads_a_word_cut_at_a_raised_letter_in_logical_order():
    # کے drawn left to right: ے on the baseline, then ک raised 0.32 em, which makes pdf.js start a
    # new text item; it reverses each item alone and joins them in drawing order (ےک)
    texts, veils, flushes = pdf_pieces.mirrored(fields((356, 0, 0), (500, 0, -320)), ["ے", "ک"], [356, 500], 10)
    assert texts == {0: "ک", 1: "ے"} and veils == {} and flushes == set()


def test_a_word_that_ends_in_a_mark_is_read_glyph_by_glyph():
    # `لیٰ` drawn left to right: the superscript alef (no width, over ی), ی, then ل raised 0.4 em.
    # pdf.js reads [ٰی] [ل] as ی ٰ ل whatever texts the pieces get (a mark never opens an item's
    # text), so each glyph becomes an item of its own (a flush before it) and the texts are dealt
    # out in drawing order: ل, ی, ٰ
    texts, veils, flushes = pdf_pieces.mirrored(fields((0, 50, -300), (300, 0, 0), (300, 0, -400)),
                                                ["ٰ", "ی", "ل"], [0, 300, 300], 10)
    assert texts == {0: "ل", 2: "ٰ"} and flushes == {1, 2} and veils == {}
    # not where a glyph has a width form (pdf_widths), whose word pdf.js may read whole
    assert pdf_pieces.mirrored(fields((0, 50, -300), (300, 0, 0), (300, 0, -400)), ["ٰ", "ی", "ل"], [0, 300, 300], 10,
                               formed={1}) == ({}, {}, set())


def test_a_word_on_one_baseline_keeps_its_texts():
    assert pdf_pieces.mirrored(fields((356, 0, 0), (500, 0, -20)), ["ے", "ک"], [356, 500], 10) == ({}, {}, set())


def test_a_join_pdfjs_would_read_as_a_space_is_veiled():
    # the first glyph's pen advance is 0.2 em wider than its box: the TJ adjustment after it goes
    # unseen by pdf.js behind a veil (a glyph it skips)
    texts, veils, _ = pdf_pieces.mirrored(fields((400, 0, 0), (300, 0, 0)), ["ی", "ر"], [200, 300], 10)
    assert veils == {0: False}


def test_a_veil_goes_before_the_adjustment_it_hides():
    font = FakeFont()
    line = [pdf_text.Glyph(font, 5, "a", None), pdf_text.Glyph(font, 6, "b", None)]
    same = pdf_spans.rewrite([b"[<0005>-200<0006>] TJ"], line, [5, 6], [5, 6], {0: (False, 0x2060)})
    assert same == [b"[<00052060>-200<0006>] TJ"]
    # after a raised glyph, in the empty glyph string that opens the next TJ
    raised = pdf_spans.rewrite([b"-3 Ts", b"[-10<0005>] TJ", b"0 Ts", b"[<>-200<0006>] TJ"], line, [5, 6], [5, 6],
                               {0: (True, 0x2060)})
    assert raised == [b"-3 Ts", b"[-10<0005>] TJ", b"0 Ts", b"[<2060>-200<0006>] TJ"]


def test_a_span_opens_with_an_invisible_carrier_on_the_baseline():
    font = FakeFont()
    line = [pdf_text.Glyph(font, 5, "a", "a"), pdf_text.Glyph(font, 3, " ", None)]
    out = pdf_spans.rewrite([b"-3 Ts", b"[-10<0005>] TJ", b"0 Ts", b"[<0003>] TJ"], line, [5, 3], [5, 3],
                            carriers={id(font): 0x200F})
    assert out[:7] == [b"-3 Ts", b"/Span <</ActualText <feff0061>>> BDC",
                       b"0 Ts", b"3 Tr", b"[<200f>] TJ", b"0 Tr", b"-3 Ts"]
    assert out[7] == b"[-10<0005>] TJ"  # the glyph's own offset after the carrier


def test_a_word_ending_in_a_mark_after_a_justified_space_keeps_it(tmp_path):
    # such a word is drawn mark first, just after the space: poppler set the mark apart from its
    # letter (`فورا ً`), as pdf.js did in justified lines; the space now opens with a right-to-left mark
    found = Counter(WORD.findall(searchable(poppler(pdf_of(TANWEEN), tmp_path))))
    for word in ("فوراً", "وجهداً", "صبراً"):
        assert found[word], f"{word!r} not in {sorted(found)}"


def test_a_space_before_a_mark_opens_with_the_mark_where_pdfjs_measures_no_gap():
    rtl = 1
    # drawn left to right: `مناسبة` `␠` `ً` `ا` `د` …: pdf.js measures the alef from the space's end,
    # across the space's stretch and the mark's x offset (thousandths of an em)
    texts = ["ةبسانم", " ", "\u064b", "ا", "د"]
    assert pdf_anchors.anchors([(0, rtl)], texts, {1: 64 - 214}) == {1: "\u200f "}
    assert pdf_anchors.anchors([(0, rtl)], texts, {1: 8 - 214}) == {}  # a new text item in pdf.js
    assert pdf_anchors.anchors([(0, rtl)], texts, {1: 400 - 214}) == {}  # a space of pdf.js's own


def test_a_line_opening_with_a_dash_is_not_taken_for_a_hyphenated_one(tmp_path):
    # drawn last, at the line's right end, the dash looked to poppler like a line-end hyphen: it
    # dropped it and ran the line's last word into the next line's first
    assert pdf_anchors.anchors([(0, 1)], ["اطعق", " ", "-"]) == {2: "- "}
    text = "عنوان\n\n" + "\n".join(f"- {LIST_ITEM}" for _ in range(3)) + "\n"
    found = Counter(WORD.findall(searchable(poppler(pdf_of(text), tmp_path))))
    expected = Counter(WORD.findall(searchable(text)))
    assert all(found[word] == count for word, count in expected.items()), f"{expected - found} missing"
