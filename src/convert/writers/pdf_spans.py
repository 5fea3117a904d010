"""A line's text operations as WeasyPrint wrote them → the same operations with each glyph's new code,
and the words that need one inside ActualText spans (writers/pdf_text.py gives the codes and texts).

WeasyPrint's bytes are kept but for the codes and the adjustments around a glyph written with a
glyph of its advance in context (pdf_widths): a `[…] TJ` is only cut in two where a span starts or
ends. The operations are checked to hold exactly the codes WeasyPrint writes for the glyphs Pango
laid out, and those adjustments; otherwise AdapterMismatch.
"""

import re
import struct
import unicodedata
from bisect import bisect_left, bisect_right
from itertools import accumulate, compress, count
from operator import itemgetter

_HEX_DIGITS = re.compile(rb"(?<=<)([0-9a-f]*)(?=>)")  # a TJ's glyph strings' digits, brackets left around


# PDFium's weak left-to-right characters (fx_bidi.cpp CFX_BidiChar::AppendChar: kLeftWeak): digits,
# separators and terminators (`.`, `،`, `:`, `/`, `%`), nonspacing marks, boundary neutrals (ZWNJ)
PDFIUM_LEFT_WEAK = frozenset(("AN", "EN", "NSM", "CS", "ES", "ET", "BN"))
# the direction CFX_BidiChar gives a character of each Unicode bidi class; the others are neutral
PDFIUM_DIRECTIONS = {"L": "L", "R": "R", "AL": "R", **dict.fromkeys(PDFIUM_LEFT_WEAK, "W")}
# the joiners, which a neighbouring glyph's text holds (a glyph of their own draws nothing)
JOINERS = frozenset("\u200c\u200d")
# a span's end, without and with PDFium's text inside it
_SPAN_ENDS = (b"EMC", b"EMC\nEMC")
# an empty marked content: pdf.js ends its text item there (and keeps its last position); the others read nothing
FLUSH = b"/Span BMC EMC"


class AdapterMismatch(RuntimeError):
    """WeasyPrint wrote a line's glyphs differently from what this adapter was verified on."""


def rewrite(items: list, line: list, written: list, codes: list, veils: dict | None = None,
            carriers: dict | None = None, adjusted: dict | None = None, parted: dict | None = None,
            stones: dict | None = None, levels: list | None = None, flushes: set | None = None,
            islands: dict | None = None, closing: dict | None = None) -> list:
    """The line's operations with each glyph's code replaced and the words that need it inside
    ActualText spans, after checking that the `[…] TJ` operations hold exactly the codes
    WeasyPrint writes for the glyphs Pango laid out, in order. WeasyPrint's operations are kept
    byte for byte but for the codes; a `[…] TJ` is cut in two where a span starts or ends.
    `veils` gives, by glyph index, the code of a glyph to be drawn after it (one that draws
    nothing: see pdf_pieces), in its glyph string or, after a raised glyph (alone in its `TJ`),
    in the empty glyph string that opens the next `TJ`. `carriers` gives, by font, the code of
    a glyph of no width each of its spans opens with, invisible (see _carried). `adjusted` gives,
    by glyph index, the adjustments WeasyPrint wrote before and after a glyph (or None) that its
    new code makes needless, and the number to leave after it instead (or None): the rounding of
    its advance, in place of its own kerning or, without one, of the next glyph's offset.
    `parted` gives, by glyph index, the code of a carrier to draw before a mark outside the spans
    (see parted_marks), where it is drawn on the baseline. `stones` gives, by glyph index, the code
    of a stone to draw before a mark that opens a span (after the span's carrier) or the line
    (see stoned), and whether it goes after the adjustment before the mark (a mark written with a
    form: pdf.js does not advance over a mark, so the glyph after it is where the mark is drawn)
    or before it (elsewhere, the adjustments around the mark bring the pen back). `levels` gives
    the line's runs as (index of its first glyph, bidi level), for PDFium's text of a span whose
    word holds a mark or a digit (pdfium_actual_text). `flushes` gives the glyphs before which an
    empty marked content ends pdf.js's text item (pdf_pieces._glyph_by_glyph), and `islands` the
    left-to-right words that PDFium alone gets their own text in, as {start: (end, text)}. `closing`
    gives, by the index of the glyph after a span, the code of a stone drawn last in the span."""
    ranges = span_ranges(line) if any(map(itemgetter(3), line)) else []
    if not ranges and codes == written and not veils and not parted and not stones and not flushes and not islands:
        return items  # nothing to change (most lines)
    # each TJ as text with the brackets, hex digits, text, …
    split = [_HEX_DIGITS.split(item) if item.endswith(b" TJ") else item for item in items]
    widths = _widths(line)
    if b"".join(b"".join(parts[1::2]) for parts in split if isinstance(parts, list)) != _hex(widths, written):
        raise AdapterMismatch("WeasyPrint wrote glyphs other than the ones Pango laid out")
    new = _hex(widths, codes)
    moved = None  # where each glyph's digits start, as written and as rewritten (with veils)
    if veils:
        new, moved, bounds = _veiled(new, widths, veils)
        widths = [width + (4 if i in veils else 0) for i, width in enumerate(widths)]
    offsets = list(accumulate(widths, initial=0)) if ranges or parted or stones or flushes or islands else []
    # where each span starts and ends, as an offset into the line's hex digits
    for_pdfium = _pdfium_texts(line, levels, ranges) if levels else {}
    carrier_of = {start: (carriers or {}).get(id(line[start].font)) for start, _, _ in ranges}
    # a stone of a span's first glyph goes with its BDC, but one after the adjustment where a carrier goes before it
    with_span = {start: stone for start, stone in (stones or {}).items()
                 if start in carrier_of and not (stone[1] and carrier_of[start] is not None)}
    cuts = [cut for start, end, actual in ranges for cut in (
        (offsets[start], _span_begins(actual, for_pdfium.get(start)), carrier_of[start], with_span.get(start)),
        (offsets[end], _SPAN_ENDS[start in for_pdfium], None, _closing_stone(closing, end)))]
    # a carrier or a stone alone, no operator
    alone = [(offsets[index], None, code, None) for index, code in (parted or {}).items()]
    alone += [(offsets[index], None, None, stone) for index, stone in (stones or {}).items() if index not in with_span]
    alone += [(offsets[index], FLUSH, None, None) for index in flushes or ()]
    alone += [cut for start, (end, text) in (islands or {}).items()
              for cut in ((offsets[start], _pdfium_begins(text), None, None), (offsets[end], _SPAN_ENDS[0], None, None))]
    if alone:  # at one offset, a span that ends goes first
        cuts = sorted(cuts + alone, key=lambda cut: (cut[0], cut[1] not in _SPAN_ENDS))
    unadjusted = _Unadjusted(list(accumulate(_widths(line), initial=0)), adjusted) if adjusted else None
    out, position, cut, rise = [], 0, 0, b"0"
    for parts in split:
        if not isinstance(parts, list):
            out.append(parts)
            if parts.endswith(b" Ts"):
                rise = parts[:-3]
            continue
        stops = list(accumulate(map(len, parts[1::2]), initial=position))
        position = stops[-1]
        if unadjusted:
            unadjusted.drop(parts, stops)
        if moved:
            stops = _moved(stops, moved, bounds)
        parts[1::2] = map(new.__getitem__, map(slice, stops, stops[1:]))
        while cut < len(cuts) and cuts[cut][0] < stops[-1]:
            at, operator, carrier, stone = cuts[cut]
            cut += 1
            if operator is None and carrier is not None and rise != b"0":
                continue  # a raised mark keeps no carrier: poppler takes the mark for its duplicate (`كثيرا ً`)
            hexes = bisect_right(stops, at) - 1  # the glyph string the span starts or ends in
            digits = parts[2 * hexes + 1]
            if at == stops[hexes] and (operator is not None and carrier is not None or stone and not stone[1]):
                # a span's carrier, and a stone before a mark written without a form, go before the
                # adjustment that moves the first glyph off its pen; a carrier alone before a mark
                # after it, where the mark is drawn: PDFium orders a line's text objects by their
                # first glyph's origin
                head, rest = _before_glyph_string(parts, hexes)
            else:
                head = (b"".join(parts[:2 * hexes + 1]) + digits[:at - stops[hexes]] + b">] TJ").replace(b"<>", b" ")
                rest = [b"[<", digits[at - stops[hexes]:], *parts[2 * hexes + 2:]]
            if head != b"[ ] TJ":
                out.append(head)
            if operator in _SPAN_ENDS and stone is not None:  # a stone that closes the span
                out.extend(stoned(stone[0], rise))
                stone = None
            if operator is not None:
                out.append(operator)
            if carrier is not None:
                out.extend(_carried(carrier, rise))
            if stone is not None:
                out.extend(stoned(stone[0], rise))
            parts = rest
            stops = [at, *stops[hexes + 1:]]
        # WeasyPrint's empty glyph strings go: PDFium takes one for a character and spaces around it
        out.append(b"".join(parts).replace(b"<>", b" ") if ranges else b"".join(parts))
    for _, operator, _, stone in cuts[cut:]:  # a span that ends with the line
        if operator in _SPAN_ENDS and stone is not None:
            out.extend(stoned(stone[0], rise))
        if operator is not None:
            out.append(operator)
    if unadjusted and unadjusted.left():
        raise AdapterMismatch("WeasyPrint wrote no adjustment where Pango's positions call for one")
    if any(carrier_of.values()):  # PDFium measures a carried span from its carrier (pdf_text._find_carrier)
        return out
    return _spaces_between_spans(out, {b"%04x" % codes[i] for i, glyph in enumerate(line) if glyph.text == " "})


def _spaces_between_spans(items: list, spaces: set) -> list:
    """The operations with each `TJ` of word spaces only between two spans (the one's EMC, the
    next one's BDC) drawn in stroke mode (spaces_boxed): PDFium skips such a text object,
    of no width, and then measured the gap alone, which in a tight line is narrower than its
    threshold (`انتهاكاً جسيماً` read `انتهاكاًجسيماً`)."""
    def spaces_only(item: bytes) -> bool:
        digits = b"".join(_HEX_DIGITS.findall(item))
        return bool(digits) and all(digits[at:at + 4] in spaces for at in range(0, len(digits), 4))

    def span_next(index: int) -> bool:  # (after any rise)
        while index < len(items) and items[index].endswith(b" Ts"):
            index += 1
        return index < len(items) and items[index].startswith(b"/Span <<")

    return _stroked(items, {index for index in range(1, len(items) - 1) if items[index - 1] in _SPAN_ENDS
                            and items[index].endswith(b" TJ") and span_next(index + 1) and spaces_only(items[index])})


def _closing_stone(closing: dict | None, end: int):
    """The stone (code, after: True, so that it goes where the span's glyphs end) that closes the
    span ending before glyph `end`, or None."""
    code = (closing or {}).get(end)
    return None if code is None else (code, True)


class _Unadjusted:
    """The adjustments to drop from a line's TJ operations, by where they stand in its hex digits:
    before a glyph (its x offset) where its digits start, after it (its kerning) where they end."""

    def __init__(self, starts: list, adjusted: dict):
        # (where, the adjustment written, what goes there instead)
        after_rests = {i: rest for i, (_, after, rest) in adjusted.items() if rest and after}
        before_rests = {i + 1: rest for i, (_, after, rest) in adjusted.items() if rest and not after}
        self.before = sorted((starts[i], sep, b">%s<" % before_rests.pop(i) if i in before_rests else b"")
                             for i, (sep, _, _) in adjusted.items() if sep)
        self.after = sorted((starts[i + 1], sep, b">" + after_rests.pop(i) if i in after_rests else b">")
                            for i, (_, sep, _) in adjusted.items() if sep)
        if after_rests or before_rests:  # a rounding with no adjustment to stand in for
            raise AdapterMismatch("WeasyPrint wrote no adjustment where Pango's positions call for one")
        self.next_before = self.next_after = 0

    def left(self) -> bool:
        return self.next_before < len(self.before) or self.next_after < len(self.after)

    def drop(self, parts: list, stops: list) -> None:
        """Drops, in place, the adjustments in one TJ (as split, its glyph strings starting at
        `stops`), each checked to be the one WeasyPrint writes for Pango's positions."""
        while self.next_before < len(self.before) and self.before[self.next_before][0] < stops[-1]:
            offset, sep, instead = self.before[self.next_before]
            index = bisect_right(stops, offset) - 1  # the glyph string the glyph opens
            if stops[index] != offset or parts[2 * index] != sep:
                raise AdapterMismatch("WeasyPrint wrote another adjustment before a glyph than for its offset")
            parts[2 * index] = instead
            self.next_before += 1
        while self.next_after < len(self.after) and self.after[self.next_after][0] <= stops[-1]:
            offset, sep, instead = self.after[self.next_after]
            index = bisect_left(stops, offset)  # the glyph string after the one the glyph ends
            rest = parts[2 * index][len(sep):]
            if stops[index] != offset or not parts[2 * index].startswith(sep) or rest[:1] not in (b"<", b"]"):
                raise AdapterMismatch("WeasyPrint wrote another adjustment after a glyph than for its advance")
            parts[2 * index] = b"" if instead == b">" and rest == b"<" else instead + rest
            self.next_after += 1


def _veiled(new: bytes, widths: list, veils: dict) -> tuple:
    """The rewritten digits with each veil's code after its glyph's; a map from where each
    glyph's digits start as WeasyPrint wrote them to where they start now (after the veils
    before), and, for a raised glyph's veil, where a TJ that ends or starts there ends or starts
    (before the veil)."""
    starts = list(accumulate(widths, initial=0))
    pieces, moved, bounds, shift = [], {}, {}, 0
    for index, (start, end) in enumerate(zip(starts, starts[1:])):
        moved[start] = start + shift
        pieces.append(new[start:end])
        if index in veils:
            raised, code = veils[index]
            pieces.append(b"%04x" % code)
            if raised:
                bounds[end] = end + shift
            shift += 4
    moved[starts[-1]] = starts[-1] + shift
    return b"".join(pieces), moved, bounds


def _before_glyph_string(parts: list, hexes: int) -> tuple:
    """A TJ (as split) cut before its glyph string `hexes` and the adjustment before that string."""
    if hexes == 0:
        return b"[ ] TJ", parts
    head = (b"".join(parts[:2 * hexes]) + b">] TJ").replace(b"<>", b" ")
    before = parts[2 * hexes]  # `>adjustment<`, or nothing where _Unadjusted dropped it
    return head, [b"[" + (before[1:] if before else b"<"), *parts[2 * hexes + 1:]]



def is_mark(text: str) -> bool:
    """Whether a glyph's text is nonspacing marks only (a mark drawn as a glyph of its own)."""
    return bool(text) and all(unicodedata.category(char) == "Mn" for char in text)


def parted_marks(texts: list, actual: list) -> list:
    """The glyphs of a right-to-left line (their texts in drawing order; `actual`, the ActualText
    of each one's span or None) that are a mark drawn just right of a character PDFium takes for a
    weak left-to-right one: a word that ends in a mark before punctuation (`كثيراً.` is drawn `.`,
    `ً`, `ا`, …). PDFium reads a line's characters in drawing order into segments of one direction
    (weak left-to-right ones together) and reverses each right-to-left segment where it stands, so
    the mark and the punctuation form one segment, kept in drawing order after the word: `كثيرا.ً`.
    A carrier before the mark (a right-to-left mark to PDFium, a code poppler and pdf.js skip:
    _carried) parts the two segments. rewrite() draws none before a raised mark (alone in its TJ,
    after a Ts): poppler then reads the carrier, where the mark is drawn, as text the mark
    duplicates (TextPage::addChar, dupMaxPriDelta) and sets the mark apart from its word. So is a
    letter whose text opens with a joiner, which PDFium takes for weak too: a word that ends in a
    ZWNJ before punctuation (Persian `حديث‌،` came back `حديث،‌`)."""
    return [index for index in range(1, len(texts))
            if actual[index] is None and (is_mark(texts[index]) or texts[index][:1] in JOINERS) and texts[index - 1]
            and unicodedata.bidirectional(texts[index - 1][-1]) in PDFIUM_LEFT_WEAK]


def _carried(code: int, rise: bytes) -> list:
    """The operations that draw a span's carrier: a glyph of no width but with a box (the font's
    narrowest: pdf_text._find_carrier), invisible (text rendering mode 3), on the baseline, where the span
    starts, with a code pdf.js skips. PDFium reads a span's ActualText where it meets the span's
    first text object and places it in that object's box, and it takes a line break where the
    next text object it reads sits higher or lower (cpdf_textpage.cpp ProcessInsertObject):
    with a carrier first in each span, it compares the words' carriers, all on the baseline,
    not their raised letters or dots."""
    drawn = [b"3 Tr", b"[<%04x>] TJ" % code, b"0 Tr"]
    return drawn if rise == b"0" else [b"0 Ts", *drawn, rise + b" Ts"]


def stoned(code: int, rise: bytes) -> list:
    """The operations that draw a stone: an invisible glyph a thousandth of an em wide, on the
    baseline, ending where pdf.js takes the glyph after the mark to start, whose text pdf.js reads
    as a space (ANCHOR and a space, or U+061C and a space where only pdf.js reads it, closing a
    span: pdf_text.ARABIC_LETTER_MARK; in a span, poppler and PDFium read its ActualText). pdf.js ends a text item at a marked-content
    operator and takes a mark for a glyph of no width: a span opening with a mark (its word's last
    letter carries one: `لكنّ` is drawn `ّ`, `ن`, …) opened an item of no width, after which any gap
    reads as a space and no gap keeps the mark in an item of its own, before the word (`ّ لكن`).
    After the stone, the item has a width and the word's letters are measured from its end. It
    is drawn at a horizontal scaling of 1 % (WeasyPrint writes no Tz: 100 % is in force): pdf.js
    needs only a width above 0, and PDFium drops a text object under 0.01 unit wide, so that it
    reads the line as it would without the stone (it sorted a stone of a thousandth of an em after
    a mark drawn left of it, `وشكرا ‏ً`, and one with ink moved Nastaliq words). A
    mark that opens a line (its last word's) went into the line before's item, since pdf.js puts a
    mark where it stands without looking at its position (`ًيتطلب`, for `طويلاً` `يتطلب`): the
    stone's position is looked at, and it opens a new line."""
    drawn = [b"3 Tr", b"1 Tz", b"[1<%04x>] TJ" % code, b"100 Tz", b"0 Tr"]
    return drawn if rise == b"0" else [b"0 Ts", *drawn, rise + b" Ts"]


def _moved(stops: list, moved: dict, bounds: dict) -> list:
    """A TJ's glyph string bounds as rewritten: a raised glyph's veil goes in the empty glyph
    string that opens the next TJ, so a TJ that ends with the raised glyph ends before it, and
    one that opens with that empty string starts before it."""
    found = list(map(moved.__getitem__, stops))
    if len(stops) < 2:
        return found
    if stops[1] == stops[0] and stops[0] in bounds:  # opens with an empty glyph string
        found[0] = bounds[stops[0]]
    if stops[-1] != stops[-2] and stops[-1] in bounds:  # ends with a glyph
        found[-1] = bounds[stops[-1]]
    return found


def _widths(line: list) -> list:
    """The hex digits of each glyph's code: 2 in a bitmap font, else 4."""
    if any(font.bitmap for font in set(map(itemgetter(0), line))):
        return [2 if glyph.font.bitmap else 4 for glyph in line]
    return [4] * len(line)


def _hex(widths: list, codes: list) -> bytes:
    if 2 not in widths:  # no bitmap font: every code is 4 hex digits
        return struct.pack(f">{len(codes)}H", *codes).hex().encode()
    return b"".join(b"%0*x" % pair for pair in zip(widths, codes))


def edge_spaces_read_in_order(items: list, line: list, codes: list, last_x: float | None, font: bytes) -> list:
    """A right-to-left text box's operations with a word space at either edge drawn where it is
    read: the box's glyphs are drawn left to right, so the space that ends it (its leftmost glyph)
    is drawn first and the space that opens it (its rightmost) last. pdf.js reads a box's glyphs
    as one text item only while no ActualText span cuts it: where spans cut a box into its words
    (Nastaliq's), the words come in drawing order and the edge space lands on the far side of the
    box from the box beside it, which is then run into its edge word (`تصویر‏Reuters`,
    `captionنوٹ`). Drawn out of order, at its place (a text matrix of its own), the space is read
    between the two boxes; poppler and PDFium read glyphs by their positions. `last_x` is where the
    box's last glyph is drawn, from its start (None: the last is no space to move); `font` is the
    font operation in force when the box starts. The font in force after the box stays as it was."""
    first, last = line[0], line[-1]
    moves_first = len(line) > 1 and first.text.isspace() and first.actual is None and not first.font.bitmap
    moves_last = len(line) > 1 and last_x is not None and last.text.isspace() and last.actual is None \
        and not last.font.bitmap
    shown = [index for index, item in enumerate(items) if item.endswith(b" TJ")]
    if not (moves_first or moves_last) or not shown or not items[0].endswith(b" Tm"):
        return items
    items, matrix = list(items), items[0]
    fonts = [(index, item) for index, item in enumerate(items) if item.endswith(b" Tf")]
    first_font = _font_at(fonts, shown[0], font)
    ending_font = fonts[-1][1] if fonts else font
    if moves_last and (cut := _without_last_glyph(items[shown[-1]], codes[-1])) is not None:
        last_font = _font_at(fonts, shown[-1], font)
        items[shown[-1]] = cut
        drawn = [_matrix_moved(matrix, last_x), b"[<%04x>] TJ" % codes[-1], matrix]
        if last_font != font:
            drawn[1:1] = [last_font]
            drawn.append(font)
        items[1:1] = drawn
        shown = [index + len(drawn) for index in shown]
    head = b"[<%04x" % codes[0]
    if moves_first and items[shown[0]].startswith(head):
        rest = items[shown[0]][len(head):]
        advance = b"%d" % -first.font.widths[first.glyph]
        items[shown[0]] = b"[" + advance + (b" " + rest[1:] if rest.startswith(b">") else b"<" + rest)
        drawn = [matrix, head + b">] TJ"]
        if first_font != ending_font:
            drawn[1:1] = [first_font]
            drawn.append(ending_font)
        items.extend(drawn)
    return items


def _font_at(fonts: list, index: int, font: bytes) -> bytes:
    """The font operation in force at operation `index`: the last of `fonts` before it, or `font`."""
    return next((item for at, item in reversed(fonts) if at < index), font)


def _without_last_glyph(item: bytes, code: int) -> bytes | None:
    """A `[…] TJ` without its last glyph, if that glyph's code is `code` (else None)."""
    end = item.rfind(b">")
    start = item.rfind(b"<", 0, end)
    if start < 0 or item[start + 1:end][-4:] != b"%04x" % code:
        return None
    return (item[:end - 4] + item[end:]).replace(b"<>", b" ")


def _matrix_moved(matrix: bytes, x: float) -> bytes:
    """A text matrix (`a b c d e f Tm`) moved `x` along its baseline."""
    a, b, c, d, e, f = map(float, matrix.split()[:6])
    return b" ".join(b"%.6f" % value for value in (a, b, c, d, e + a * x, f + b * x)) + b" Tm"


def _span_begins(actual: str, for_pdfium: str | None) -> bytes:
    """The operators that open a span: its ActualText and, where PDFium needs its own, a marked
    content of PDFium's text inside it (pdfium_actual_text)."""
    begins = b"/Span <</ActualText <feff%s>>> BDC" % actual.encode("utf-16-be").hex().encode()
    if for_pdfium is None:
        return begins
    return begins + b"\n" + _pdfium_begins(for_pdfium)


def _pdfium_begins(text: str) -> bytes:
    """A marked content of PDFium's text (poppler reads only a Span's ActualText)."""
    return b"/PDFium <</ActualText <feff%s>>> BDC" % text.encode("utf-16-be").hex().encode()


def _pdfium_texts(line: list, levels: list, ranges: list) -> dict:
    """PDFium's text of each span (by its first glyph's index) that needs one (pdfium_actual_text)."""
    found, firsts = {}, [first for first, _ in levels]
    for start, end, actual in ranges:
        if not any(PDFIUM_DIRECTIONS.get(unicodedata.bidirectional(char)) in ("W", "L") for char in actual):
            continue  # one run (letters only), which PDFium reverses as poppler does
        drawn = [(char, levels[bisect_right(firsts, index) - 1][1]) for index in range(start, end)
                 for char in line[index].text]  # (character, bidi level) in drawing order
        text = pdfium_actual_text(drawn)
        if text != actual:
            found[start] = text
    return found


def pdfium_actual_text(drawn: list) -> str:
    """The ActualText PDFium reads as the characters `drawn` ((character, bidi level) in drawing
    order, left to right) stand for, in logical order.

    poppler reads a span's ActualText in drawing order and puts it in logical order with the
    line's bidi, as a whole: a word's letters and marks are one right-to-left run. PDFium cuts an
    ActualText into runs of one direction as its CFX_BidiChar classes them (letters; marks, digits
    and their punctuation, which it counts as weak left-to-right; Latin) and reverses each run in
    place: `ن ُ ا` (`اُن` drawn) came back `نُا`, `ں ی م 2 0 1 6` (`2016میں`) `میں6102`. So PDFium's
    text is the word in logical order, each of its runs reversed: PDFium's reading reverses them
    back. poppler takes ActualText only from a Span tag's own dictionary (Gfx::opBeginMarkedContent)
    and PDFium the innermost (CPDF_TextPage::PreMarkedContent), so PDFium's text is given in a
    marked content of another tag inside the span."""
    return "".join(run[::-1] for run in _direction_runs(logical_text(drawn)))


def logical_text(drawn: list) -> str:
    """The characters `drawn` ((character, bidi level) in drawing order, left to right) in
    logical order: rule L2 of the bidi algorithm, undone."""
    chars, char_levels = [char for char, _ in drawn], [level for _, level in drawn]
    odd = [level for level in char_levels if level % 2] or [1]
    for level in range(min(odd), max(char_levels) + 1):
        i = 0
        while i < len(chars):
            if char_levels[i] < level:
                i += 1
                continue
            j = i
            while j < len(chars) and char_levels[j] >= level:
                j += 1
            chars[i:j], char_levels[i:j] = chars[i:j][::-1], char_levels[i:j][::-1]
            i = j
    return "".join(chars)


def _direction_runs(text: str) -> list:
    """`text` cut where PDFium's direction (PDFIUM_DIRECTIONS) changes."""
    runs, last = [], object()
    for char in text:
        direction = PDFIUM_DIRECTIONS.get(unicodedata.bidirectional(char), "N")
        if direction == last:
            runs[-1] += char
        else:
            runs.append(char)
            last = direction
    return runs


def span_ranges(line: list) -> list:
    """(start, end, ActualText) of each word of the line that needs one: a word holding a glyph
    that needs one (a textless or moved glyph) gets the word's text. poppler breaks a word at the
    gap such a glyph leaves and PDFium reads a textless glyph's code as a character; both take
    the span's ActualText instead. A span ends a pdf.js text item (pdf.js ignores ActualText), so
    spans are whole words. The text is in glyph order, the order poppler and PDFium read a span's
    characters in."""
    flagged = [i for i, actual in enumerate(map(itemgetter(3), line)) if actual]
    if not flagged:
        return []
    texts = list(map(itemgetter(2), line))
    spaces = [-1, *compress(count(), map(str.isspace, texts)), len(line)]
    ranges = {}
    for index in flagged:
        after = bisect_right(spaces, index)
        start, end = spaces[after - 1] + 1, spaces[after]
        if start not in ranges:
            ranges[start] = (start, end, "".join(texts[start:end]))
    return list(ranges.values())


def word_spans(line: list) -> list:
    """The ActualText of each glyph of the line (span_ranges), or None."""
    spans = [None] * len(line)
    for start, end, actual in span_ranges(line):
        spans[start:end] = [actual] * (end - start)
    return spans


def spaces_boxed(items: list, line: list, codes: list, fonts: list) -> list:
    """The line's operations with each `TJ` that draws only word spaces, between two of other
    fonts that end and start with a left-to-right letter or digit, drawn in stroke mode (`1 Tr`),
    which draws nothing for a glyph of no outline. PDFium skips a text object of no width
    (cpdf_textpage.cpp ProcessTextObject: `GetRect().Width() < kSizeEpsilon`), and a space glyph
    has no box: a space in a text operation of its own (in the article's right-to-left font,
    between two Latin words) was lost, and the words ran together where the gap alone is
    narrower than PDFium's threshold (`What an` -> `Whatan`). A text object in a stroke mode has
    its box widened by half the line width on each side (CalcPositionData). Between right-to-left
    words PDFium's reading of the space changes its bidi runs (`'ایپل'` -> `لپیا'`): not there."""
    spaces = {(line[i].font.hash.encode(), b"%04x" % codes[i]) for i, glyph in enumerate(line) if glyph.text == " "}
    if not spaces:
        return items
    by_name = {font.hash.encode(): font for font in fonts}
    drawn = []  # (index in items, font name, codes as hex digits) of each TJ
    font = None
    for index, item in enumerate(items):
        if item.endswith(b" Tf"):
            font = item.split()[0][1:]
        elif item.endswith(b" TJ") and (digits := b"".join(_HEX_DIGITS.findall(item))):
            drawn.append((index, font, [digits[at:at + 4] for at in range(0, len(digits), 4)]))
    boxed = set()
    for before, (index, font, hexes), after in zip(drawn, drawn[1:], drawn[2:]):
        if all((font, code) in spaces for code in hexes) and before[1] != font != after[1] \
                and _left_to_right(by_name.get(before[1]), before[2][-1], -1) \
                and _left_to_right(by_name.get(after[1]), after[2][0], 0):
            boxed.add(index)
    return _stroked(items, boxed)


def _stroked(items: list, boxed: set) -> list:
    """The operations with those at the indices `boxed` drawn in stroke mode (`1 Tr` … `0 Tr`)."""
    if not boxed:
        return items
    return [part for index, item in enumerate(items) for part in ((b"1 Tr", item, b"0 Tr") if index in boxed else (item,))]


def _left_to_right(font, code: bytes, end: int) -> bool:
    """Whether the text of a code of the font ends (end -1) or starts (0) with a left-to-right letter or digit."""
    text = font.to_unicode.get(int(code, 16)) if font is not None and len(code) == 4 else None
    return bool(text) and unicodedata.bidirectional(text[end]) in ("L", "EN")
