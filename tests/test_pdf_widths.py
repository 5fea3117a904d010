"""Glyphs of their advance in context (writers/pdf_widths.py): Amiri's kerned and shifted letters are
drawn with glyphs added to the subset, so that no TJ adjustment stands between a word's letters."""

import io
import re
import struct

import pikepdf
import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

from convert import ReadOptions, load_article, write
from convert.writers import pdf_spans, pdf_text, pdf_widths

# an invented sentence: ر before ي (a gap of 0.125 em in Amiri), و before ي, ر under ك (an overlap of 0.3 em)
ARABIC = "قال المصدر إن الخطة سرية وإن الشركة العسكرية ويعتمد عليها الجميع في البلاد.\n"
WORDS = ("سرية", "الشركة", "العسكرية", "ويعتمد")
# pdf.js (src/core/evaluator.js): a space at a gap over 0.102 em, a new text item at an overlap over 0.2 em
PDFJS_SPACE, PDFJS_NEW_ITEM = 0.102, -0.2


def pdf_of(text: str) -> bytes:
    return write(load_article(text.encode(), ReadOptions(name="t.txt")), "pdf")


def _cmap(stream, block: str, value: str) -> dict:
    data = stream.read_bytes().decode("latin-1")
    return {int(code, 16): found for part in re.findall(rf"begin{block}(.*?)end{block}", data, re.S)
            for code, found in re.findall(rf"<([0-9a-f]+)>\s*{value}", part)}


def _widths(array) -> dict:
    found, items = {}, list(array)
    for first, widths in zip(items[0::2], items[1::2]):
        found.update((int(first) + i, float(width)) for i, width in enumerate(widths))
    return found


class Font:
    """What a PDF font says about a code: its text, CID, W width, and the font program's advance."""

    def __init__(self, font):
        self.texts = {code: bytes.fromhex(hexes).decode("utf-16-be")
                      for code, hexes in _cmap(font.ToUnicode, "bfchar", "<([0-9a-f]*)>").items()}
        encoding = font.Encoding
        self.cids = {code: int(cid) for code, cid in _cmap(encoding, "cidchar", r"(\d+)").items()} \
            if isinstance(encoding, pikepdf.Stream) else {}
        descendant = font.DescendantFonts[0]
        self.widths = _widths(descendant.W)
        self.program = TTFont(io.BytesIO(descendant.FontDescriptor.FontFile2.read_bytes()))

    def cid(self, code: int) -> int:
        return self.cids.get(code, code)

    def advance(self, code: int) -> float:
        """The font program's advance of the code's glyph, in thousandths of an em."""
        name = self.program.getGlyphOrder()[self.cid(code)]
        return self.program["hmtx"][name][0] * 1000 / self.program["head"].unitsPerEm


def drawn(pdf: bytes) -> list:
    """Each glyph of the first page in drawing order: (font, code, gap before it in ems as pdf.js
    sees it: its origin less the end of the glyph before it in the same line), and None at each
    line's start."""
    document = pikepdf.open(io.BytesIO(pdf))
    page = document.pages[0]
    fonts = {name: Font(font) for name, font in page.Resources.Font.items()}
    glyphs, font, end, pen = [], None, None, 0.0
    for operands, operator in pikepdf.parse_content_stream(page):
        operator = str(operator)
        if operator == "Tf":
            font = fonts[str(operands[0])]
        elif operator in ("Tm", "Td", "BT"):
            glyphs.append(None)
            end, pen = None, 0.0
        elif operator == "TJ":
            for item in operands[0]:
                if not isinstance(item, pikepdf.String):
                    pen -= float(item) / 1000
                    continue
                data = bytes(item)
                for code in struct.unpack(f">{len(data) // 2}H", data):
                    glyphs.append((font, code, None if end is None else pen - end))
                    pen += font.widths.get(font.cid(code), 0) / 1000
                    end = pen
    return glyphs


def pdfjs_words(glyphs: list) -> list:
    """The words of the glyphs as pdf.js's gap rules cut them: (text in logical order, gaps inside)."""
    words, current = [], []
    for glyph in [*glyphs, None]:
        text = None if glyph is None else glyph[0].texts.get(glyph[1], "")
        if glyph is None or text.isspace():
            if current:
                words.append(("".join(t for t, _ in current)[::-1], [gap for _, gap in current[1:]]))
            current = []
        else:
            current.append((text, glyph[2]))
    return words


@pytest.fixture(scope="module")
def arabic_pdf():
    return pdf_of(ARABIC)


def test_pdfjs_reads_no_space_inside_and_no_cut_in_amiri_kerned_words(arabic_pdf):
    words = {word.strip(".،"): gaps for word, gaps in pdfjs_words(drawn(arabic_pdf))}
    for word in WORDS:
        assert word in words, f"{word} not drawn as one word: {sorted(words)}"
        assert all(PDFJS_NEW_ITEM < gap < PDFJS_SPACE for gap in words[word]), (word, words[word])


def test_no_adjustment_stands_between_the_letters_of_a_kerned_word(arabic_pdf):
    # WeasyPrint's own writing has `-124.9375` before the و of ويعتمد and `300.0625` before the ر of
    # الشركة; what is left is an advance's rounding to a unit (0.0625 of a thousandth of an em)
    words = {word.strip(".،"): gaps for word, gaps in pdfjs_words(drawn(arabic_pdf))}
    assert all(abs(gap) < 0.0005 for word in WORDS for gap in words[word])


def test_the_w_widths_are_whole_units(arabic_pdf):
    # PDFium reads W's widths as integers: a fraction there would move the rest of the line
    for font, code, _ in (glyph for glyph in drawn(arabic_pdf) if glyph is not None):
        assert font.widths[font.cid(code)] == int(font.widths[font.cid(code)])


def test_the_letter_before_a_shifted_one_is_drawn_with_a_glyph_whose_advance_reaches_it(arabic_pdf):
    glyphs = drawn(arabic_pdf)
    changes = {}  # by word: how much the advance of each glyph drawn with a form differs from its letter's
    for word, (start, end) in _word_bounds(glyphs).items():
        for font, code, _ in glyphs[start:end]:
            order, metrics = font.program.getGlyphOrder(), font.program["hmtx"]
            glyph = font.program["glyf"][order[font.cid(code)]]
            if glyph.isComposite() and len(glyph.components) == 1 and not glyph.components[0].x:
                change = metrics[order[font.cid(code)]][0] - metrics[glyph.components[0].glyphName][0]
                if change:
                    changes.setdefault(word, []).append(change)
                    # PDF/A (ISO 19005-3, 6.2.11.5): the W width consistent with the font program's
                    assert abs(font.widths[font.cid(code)] - font.advance(code)) <= 0.5
    assert any(abs(change - 125) <= 1 for change in changes.get("سرية", ()))  # ي reaches the ر 0.125 em off
    assert any(change <= -250 for change in changes.get("الشركة", ()))  # ك ends where the ر under it starts


def _word_bounds(glyphs: list) -> dict:
    """Where each word of WORDS is in the drawn glyphs: (start, end)."""
    bounds, start = {}, 0
    for index, glyph in enumerate([*glyphs, None]):
        if glyph is None or glyph[0].texts.get(glyph[1], "").isspace():
            text = "".join(g[0].texts.get(g[1], "") for g in glyphs[start:index] if g)[::-1].strip(".،")
            if text in WORDS:
                bounds[text] = (start, index)
            start = index + 1
    return bounds


def test_every_drawn_glyph_has_its_w_width_as_advance(arabic_pdf):
    for font, code, _ in (glyph for glyph in drawn(arabic_pdf) if glyph is not None):
        assert abs(font.widths[font.cid(code)] - font.advance(code)) <= 0.5


# The parts, on Pango-like input


class FakeFont:
    bitmap, family, glyph_count = False, "fake", 40

    def __init__(self, widths):
        self.to_unicode, self.missing, self.widths = {}, {}, widths


def fields(*glyphs) -> list:
    """PangoGlyphInfo's five fields for glyphs given as (width, x offset, y offset) in thousandths
    of an em of a 10 pt font (WeasyPrint divides Pango's x offset by the font size, unscaled)."""
    return [value for width, x, y in glyphs for value in (0, round(width * 10.24), x * 10, y * 10, 0)]


def test_a_shifted_letter_s_offset_goes_into_the_advance_of_the_letter_before_it():
    font = FakeFont({5: 674, 6: 553})
    # the second glyph drawn 0.3 em left of its pen position, its pen advance 0.26 em (Amiri's ر under ك)
    forms, met = pdf_widths.run_forms(fields((674, 0, 0), (260, -300, 0)), [5, 6], ["ك", "ر"], font, 10)
    # WeasyPrint's kerning, as it rounds: logical_width + offset - width * 1000 * FROM_UNITS / font_size
    first, second = (674 - round(674 * 10.24) * 1000 / 1024 / 10, 553 - 300.0 - round(260 * 10.24) * 1000 / 1024 / 10)
    assert forms == {0: pdf_widths.Form(674 - int(first) - 300, None, b">%d" % int(first)),
                     1: pdf_widths.Form(553 - int(second), b">300.0<", b">%d" % int(second))}
    assert met


def test_an_advance_is_rounded_to_a_unit_and_the_rest_left_as_an_adjustment():
    font = FakeFont({5: 674, 6: 553})
    forms, _ = pdf_widths.run_forms(fields((674, 0, 0), (260, -300.0625, 0)), [5, 6], ["ك", "ر"], font, 10)
    assert forms[0].advance == 374 and forms[0].rest == b"0.0625"  # 373.9375 + 0.0625 = 374


def test_a_run_without_kerning_has_no_forms():
    font = FakeFont({5: 300, 6: 553})
    assert pdf_widths.run_forms(fields((300, 0, 0), (553, 0, 0)), [5, 6], ["ك", "ر"], font, 10) == ({}, True)


def test_a_mark_gets_the_advance_from_its_origin_to_the_next_letter_s():
    # Amiri's shadda drawn after ف, 0.1126 em left of its pen position, the pen then back: pdf.js read
    # a gap of 0.1126 em before the ر, and poppler set the mark apart from its letter
    font = FakeFont({5: 983, 7: 0, 8: 343})
    pango = [round(983 * 16.384), 0, round(343 * 16.384)]  # a 16 px font: 16 * 1024 / 1000 per unit
    fields = [value for glyph, width, x in zip((5, 7, 8), pango, (0, -1802, 0)) for value in (glyph, width, x, 0, 0)]
    forms, met = pdf_widths.run_forms(fields, [5, 7, 8], ["ف", "\u0651", "ر"], font, 16)
    kerning = [983 - pango[0] * 1000 / 1024 / 16, -1802 / 16, 343 - pango[2] * 1000 / 1024 / 16]
    exact = 983 - int(kerning[0]) - 112.625  # the letter's advance to the mark's origin, rounded
    assert forms[0] == pdf_widths.Form(round(exact), None, b">%d" % int(kerning[0]), b"-0.375")
    assert forms[1] == pdf_widths.Form(-int(kerning[1]), b">112.625<", b">-112")
    assert met


def test_a_space_keeps_its_adjustment_and_so_does_a_mark_that_would_go_back():
    font = FakeFont({1: 250, 7: 0})
    forms, met = pdf_widths.run_forms(fields((300, 0, 0), (0, 120, 0)), [1, 7], [" ", "\u064b"], font, 10)
    assert forms == {} and not met


def test_the_adjustments_of_a_form_go_from_the_tj():
    font = FakeFont({})
    line = [pdf_text.Glyph(font, 5, "a", None), pdf_text.Glyph(font, 6, "b", None)]
    written = [b"[<0005>0<>300.0<0006>-6] TJ"]  # as WeasyPrint writes them: kerning, then offset
    out = pdf_spans.rewrite(written, line, [5, 6], [5, 0xFFFF], adjusted={1: (b">300.0<", b">-6", None)})
    assert out == [b"[<0005>0<ffff>] TJ"]


def test_an_advance_s_rounding_stands_in_for_the_adjustments_it_replaces():
    font = FakeFont({})
    line = [pdf_text.Glyph(font, 5, "a", None), pdf_text.Glyph(font, 6, "b", None)]
    written = [b"[<0005>0<>300.0625<0006>-6] TJ"]
    # after its kerning's adjustment
    out = pdf_spans.rewrite(written, line, [5, 6], [0xFFFF, 0xFFFE],
                            adjusted={0: (None, b">0", b"0.0625"), 1: (b">300.0625<", b">-6", None)})
    assert out == [b"[<ffff>0.0625<fffe>] TJ"]
    # with no kerning of its own, in place of the next glyph's offset
    out = pdf_spans.rewrite([b"[<0005>300.0625<0006>] TJ"], line, [5, 6], [0xFFFF, 6],
                            adjusted={0: (None, None, b"0.0625"), 1: (b">300.0625<", None, None)})
    assert out == [b"[<ffff>0.0625<0006>] TJ"]


@pytest.mark.parametrize("adjusted", [{1: (b">300.0<", b">-7", None)}, {1: (b">300.0<", b">-60", None)},
                                      {1: (b">299.0<", b">-6", None)}, {0: (b">1.0<", None, None)},
                                      {0: (None, None, b"0.5")}])
def test_a_tj_written_with_other_adjustments_is_refused(adjusted):
    font = FakeFont({})
    line = [pdf_text.Glyph(font, 5, "a", None), pdf_text.Glyph(font, 6, "b", None)]
    with pytest.raises(pdf_spans.AdapterMismatch):
        pdf_spans.rewrite([b"[<0005>0<>300.0<0006>-6] TJ"], line, [5, 6], [5, 0xFFFF], adjusted=adjusted)


def square_font() -> bytes:
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "a"])
    builder.setupCharacterMap({ord("a"): "a"})
    pen = TTGlyphPen(None)
    pen.moveTo((50, 0)), pen.lineTo((50, 500)), pen.lineTo((450, 500)), pen.lineTo((450, 0)), pen.closePath()
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "a": pen.glyph()})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "a": (500, 50)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Square", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def test_a_form_is_a_composite_of_its_glyph_with_its_own_advance():
    content, first = pdf_widths.add_glyphs(square_font(), [(1, 125.0, 397.9375), (1, -300.0625, 2.0)], 1000)
    assert first == 2
    font = TTFont(io.BytesIO(content), checkChecksums=2)  # raises on a wrong table checksum
    padded = content + b"\0" * (-len(content) % 4)
    assert sum(struct.unpack(f">{len(padded) // 4}L", padded)) & 0xFFFFFFFF == 0xB1B0AFBA
    order = font.getGlyphOrder()
    assert font["maxp"].numGlyphs == 4
    for name, (dx, advance) in zip(order[2:], ((125, 398), (-300, 2))):
        glyph = font["glyf"][name]
        assert glyph.isComposite() and [(c.glyphName, c.x, c.y) for c in glyph.components] == [("a", dx, 0)]
        assert font["hmtx"][name] == (advance, 50 + dx)
    assert font["hmtx"]["a"] == (500, 50)
    font.save(io.BytesIO())  # fontTools compiles it again
