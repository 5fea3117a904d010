"""A right-to-left run's glyphs, positions and texts → the texts that make pdf.js read its words in order.

pdf.js (src/core/evaluator.js, getTextContent; 4.x and 5.x) reads no ActualText. It cuts a line's
glyphs into text items where a glyph's origin is more than 0.25 em above or below the glyph before
it (VERTICAL_SHIFT_RATIO) or more than 0.2 em back (NEGATIVE_SPACE_FACTOR), turns each item's text
into logical order on its own (bidi) and joins the items in drawing order. Nastaliq climbs: each
letter of a word sits higher than the one after it, so a word drawn left to right comes in pieces,
and pdf.js gives them back last piece first (`کے` → `ےک`).

mirrored() gives each piece the text of its mirror piece, the one as far from the word's other
end: pdf.js then reads the pieces' texts in logical order. The glyphs' own texts no longer say
which glyph shows which letter, so such a word gets an ActualText span with its text, which
poppler, PDFium and the text layer as ISO 32000 reads it take instead of the glyphs' texts.

The cuts are found as pdf.js finds them, from the positions WeasyPrint writes (draw_first_line:
each glyph at its pen position plus Pango's x offset, a raised glyph in a text operation of its
own after a Ts; a TJ adjustment after each glyph to the next pen position, truncated to
thousandths of an em). Glyphs whose text pdf.js skips (a format character: the codes of glyphs
that show no character) or takes for a mark (any nonspacing mark in it) take no part in the cuts,
as in pdf.js. A word whose cuts come out otherwise with its new texts keeps its own.
"""

import unicodedata
from functools import lru_cache
from itertools import accumulate

from convert.writers.pdf_spans import UNSPANNED

PANGO_SCALE = 1024
# pdf.js's thresholds (evaluator.js), in thousandths of an em
VERTICAL_SHIFT = 250  # VERTICAL_SHIFT_RATIO 0.25 of the item's height, the font size
NEGATIVE_SPACE = -200  # NEGATIVE_SPACE_FACTOR
SPACE_IN_FLOW = 102  # SPACE_IN_FLOW_MIN_FACTOR: a gap this wide is a space
SKIPPED, MARK, SPACE, GLYPH = range(4)  # how pdf.js takes a glyph (getCharUnicodeCategory)


def mirrored(fields, texts: list, widths: list, font_size: float) -> tuple:
    """({index: text}, {index: raised}) for the glyphs of a right-to-left run (PangoGlyphInfo's
    fields; their texts, None for a glyph that draws nothing; their widths in the font): the
    glyphs that get another text, and those to be followed by a veil (see _cuts), with whether
    the glyph is raised (its veil then opens the next glyph string)."""
    origins, rises, following = _positions(fields, texts, widths, font_size)
    found, veiled = {}, {}
    for word in _words(texts):
        if UNSPANNED.search("".join(texts[index] for index in word)):
            continue  # (a word with a ZWNJ gets no ActualText span: its glyphs keep their texts)
        read = _cuts(word, texts, origins, rises, following, widths)
        if read is None or read == ([], set()):
            continue
        cuts, veils = read
        new = _mirror(word, texts, cuts) if cuts else {}
        if new and _cuts(word, {index: new.get(index, texts[index]) for index in word},
                         origins, rises, following, widths) != read:
            continue
        found.update(new)
        veiled.update((index, bool(rises[index])) for index in veils)
    return found, veiled


def _positions(fields, texts: list, widths: list, font_size: float) -> tuple:
    """Each glyph's origin and rise as WeasyPrint draws them, in thousandths of an em, and the
    pen move of the first TJ adjustment after it (for a raised glyph, alone in its operation,
    that adjustment opens the next one, after an empty glyph string)."""
    scale = 1000 / PANGO_SCALE / font_size
    origins, numbers, pen = [], [], 0.0  # numbers: the (pen moves of the) adjustments before and after each glyph
    for width, x_offset, y_offset, advance, text in zip(fields[1::5], fields[2::5], fields[3::5], widths, texts):
        if text is None:  # a glyph that draws nothing: WeasyPrint moves the pen by its width
            origins.append(pen)
            numbers.append((width / font_size, 0))
            pen += width / font_size
            continue
        offset = x_offset / font_size
        kerning = int(advance + offset - width * scale)
        origins.append(pen + offset)
        numbers.append((0 if y_offset else offset, -kerning))
        pen += offset + advance - kerning
    rises = [y_offset / font_size for y_offset in fields[3::5]]
    following = [after or (numbers[index + 1][0] if index + 1 < len(numbers) else 0)
                 for index, (_, after) in enumerate(numbers)]
    return origins, rises, following


def _words(texts: list):
    """The index lists of the run's words (glyphs between spaces), glyphs that draw nothing left out."""
    word = []
    for index, text in enumerate(texts):
        if text is not None and text.isspace():
            if word:
                yield word
            word = []
        elif text is not None:
            word.append(index)
    if word:
        yield word


@lru_cache(maxsize=4096)  # a font's glyph texts repeat
def _kind(text: str) -> int:
    """How pdf.js takes a glyph with this text: getCharUnicodeCategory's `^(\\s)|(\\p{Mn})|(\\p{Cf})$`,
    the first match from the left deciding; a glyph with no text has a format character's code."""
    for place, char in enumerate(text):
        category = unicodedata.category(char)
        if place == 0 and char.isspace():
            return SPACE
        if category == "Mn":
            return MARK
        if category == "Cf" and place == len(text) - 1:
            return SKIPPED
    return GLYPH if text else SKIPPED


def _cuts(word: list, texts, origins: list, rises: list, following: list, widths: list) -> tuple | None:
    """Where pdf.js starts a new text item inside the word (the positions in `word` of the glyphs
    that start one), and the glyphs to be followed by a veil: a glyph that draws nothing, with a
    format character's code, in the same glyph string, which makes pdf.js drop the TJ adjustment
    after it, as it does after any glyph it skips, where that adjustment leaves a gap pdf.js would
    take for a space (Nastaliq's joins: a letter's pen advance is wider than its box). None if
    pdf.js puts a space or a line end inside the word all the same."""
    cuts, veils, last, shift = [], set(), None, 0.0  # shift: how far pdf.js's pen is from WeasyPrint's
    for place, index in enumerate(word):
        kind = _kind(texts[index])
        if kind == SPACE:
            return None
        if kind == MARK:  # no advance over it, its adjustment made
            shift -= widths[index]
            continue
        if kind == SKIPPED:  # no advance over it, nor the adjustment after it in its glyph string
            shift -= widths[index] + (0 if rises[index] else following[index])
            continue
        origin, rise = origins[index] + shift, rises[index]
        if last is not None:
            gap, climb = origin - last[0], abs(rise - last[1])
            if gap > SPACE_IN_FLOW and following[last[2]]:
                veils.add(last[2])
                shift -= following[last[2]]
                origin -= following[last[2]]
                gap -= following[last[2]]
            if gap > SPACE_IN_FLOW or climb > 1000 or (gap < NEGATIVE_SPACE and climb > 500):
                return None
            if gap < NEGATIVE_SPACE or climb > VERTICAL_SHIFT:
                cuts.append(place)
        last = (origin + widths[index], rise, index)
    return cuts, veils


def _mirror(word: list, texts: list, cuts: list) -> dict:
    """New texts for the word's glyphs: the pieces (split at the cuts) read in drawing order give
    the word's text in logical order once pdf.js reverses each piece's text."""
    bounds = [0, *cuts, len(word)]
    pieces = [word[start:end] for start, end in zip(bounds, bounds[1:])]
    drawn = "".join(texts[index] for index in word)  # visual order: the word's text reversed
    logical = drawn[::-1]
    sizes = [sum(len(texts[index]) for index in piece) for piece in pieces]
    starts = list(accumulate(sizes, initial=0))
    new = {}
    for piece, start, size in zip(pieces, starts, sizes):
        shown = logical[start:start + size][::-1]  # pdf.js reverses it back
        if len(shown) > 1 and not _reversed_whole(shown):
            return {}
        at = 0
        for index in piece:
            length = len(texts[index])
            if texts[index] != shown[at:at + length]:
                new[index] = shown[at:at + length]
            at += length
    return new


@lru_cache(maxsize=4096)
def _reversed_whole(text: str) -> bool:
    """Whether pdf.js's bidi() reverses the whole text: right-to-left letters and neutrals only."""
    classes = set(map(unicodedata.bidirectional, text))
    return bool(classes & {"R", "AL"}) and not classes & {"L", "EN", "AN", "LRE", "LRO", "LRI"}
