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

A word that ends in a mark (`اعلیٰ`, `تقریباً`) draws the mark first, in the piece that must carry
the word's first letters; a mark never opens an item's text, so no dealing of the word's text by
pieces serves. Two ways out, tried in turn: the mark's kind moves to one or two glyphs drawn last
(_kinds_to_try: a glyph given a mark's text is one pdf.js measures nothing from), or each glyph
becomes a text item of its own (_glyph_by_glyph), pdf.js ending its item at an empty marked
content before it (pdf_spans.FLUSH: pdf.js flushes there and keeps its pen; the other readers
take nothing from it), and the word's text is dealt out in drawing order.
"""

import unicodedata
from functools import lru_cache
from itertools import accumulate, combinations

from convert.writers.pdf_spans import logical_text

PANGO_SCALE = 1024
# pdf.js's thresholds (evaluator.js), in thousandths of an em
VERTICAL_SHIFT = 250  # VERTICAL_SHIFT_RATIO 0.25 of the item's height, the font size
NEGATIVE_SPACE = -200  # NEGATIVE_SPACE_FACTOR
SPACE_IN_FLOW = 102  # SPACE_IN_FLOW_MIN_FACTOR: a gap this wide is a space
LINE_END = 1000  # a climb over the item's height, the font size, ends pdf.js's line
SKIPPED, MARK, SPACE, GLYPH = range(4)  # how pdf.js takes a glyph (getCharUnicodeCategory)


def mirrored(fields, texts: list, widths: list, font_size: float, formed=frozenset()) -> tuple:
    """({index: text}, {index: raised}, {index}) for the glyphs of a right-to-left run
    (PangoGlyphInfo's fields; their texts, None for a glyph that draws nothing; their widths in
    the font): the glyphs that get another text, those to be followed by a veil (see _cuts), with
    whether the glyph is raised (its veil then opens the next glyph string), and those before
    which pdf.js is made to end its text item (see _glyph_by_glyph; not in a word with a glyph
    in `formed`, written with a glyph of its advance in context, pdf_widths, which pdf.js may
    then read whole)."""
    origins, rises, following = _positions(fields, texts, widths, font_size)
    found, veiled, flushed = {}, {}, set()
    for word in _words(texts):
        read = _read_in_order(word, texts, origins, rises, following, widths)
        if read is None and formed.isdisjoint(word):
            read = _glyph_by_glyph(word, texts, origins, rises, following, widths)
            flushed.update(read[2] if read else ())
        if read is None:
            continue
        new, veils = read[:2]
        found.update(new)
        veiled.update((index, bool(rises[index])) for index in veils)
    return found, veiled, flushed


def _glyph_by_glyph(word: list, texts: list, origins, rises, following, widths) -> tuple | None:
    """({index: text}, veils, {index}) for a word pdf.js would read out of order and whose pieces
    cannot be given texts that it reads in order (a word that ends in a mark draws the mark
    first): each glyph a text item of its own, pdf.js ending its item before each (at a marked
    content operator, which leaves its pen where it was), and the word's text dealt out to the
    glyphs in drawing order, as long as each glyph's own. None where pdf.js reads it whole, or
    puts a space or a line end inside it all the same."""
    own = {index: _kind(texts[index]) for index in word}
    read = _cuts(word, own, origins, rises, following, widths)
    if read is not None and not read[0]:
        return None  # one text item: read in order as it is
    drawn = [index for index in word if own[index] != SKIPPED]
    dealt = dealt_in_drawing_order([texts[index] for index in drawn], "".join(texts[index] for index in drawn)[::-1])
    if dealt is None:
        return None
    new = dict(zip(drawn, dealt))
    kinds = {**own, **{index: _kind(text) for index, text in new.items()}}
    read = _cuts(word, kinds, origins, rises, following, widths)
    if read is None or any(kind == SPACE for kind in kinds.values()):
        return None
    cuts, veils = read
    starts = {word[place] for place in cuts}
    flushes = {index for index in drawn[1:] if index not in starts}
    return {index: text for index, text in new.items() if text != texts[index]}, veils, flushes


def item_by_item(texts: list, levels: list) -> tuple | None:
    """({position: text}, {position}) for a word that mixes directions (digits glued to letters:
    `2016میں`), given as its glyphs' own texts in drawing order and their bidi levels: the glyphs
    that get another text and those before which pdf.js is made to end its text item, so that
    each glyph is an item of its own, read in drawing order. pdf.js reads a run of another font
    as an item of its own (setFont ends one), joined in drawing order: `میں2016`. None where a
    glyph is one pdf.js does not read as a letter (a mark, a format character with a text)."""
    kinds = [_kind(text) for text in texts]
    if any(kind in (MARK, SPACE) or kind == SKIPPED and text for kind, text in zip(kinds, texts)):
        return None
    read = [place for place, kind in enumerate(kinds) if kind == GLYPH]
    logical = logical_text([(char, level) for text, level in zip(texts, levels) for char in text])
    dealt = dealt_in_drawing_order([texts[place] for place in read], logical)
    if dealt is None or any(_kind(text) != GLYPH for text in dealt):
        return None
    return {place: text for place, text in zip(read, dealt) if text != texts[place]}, set(read[1:])


def dealt_in_drawing_order(texts: list, logical: str) -> list | None:
    """The texts that glyphs (their own `texts`, in drawing order), each a pdf.js text item of its
    own, take for pdf.js to read `logical`: each a stretch of it as long as its own text, reversed
    where pdf.js's bidi() reverses it. None where a stretch mixes right-to-left letters with
    others, which pdf.js would reorder."""
    dealt, at = [], 0
    for own in texts:
        stretch = logical[at:at + len(own)]
        at += len(stretch)
        text = stretch[::-1] if len(stretch) > 1 and _reversed_whole(stretch) else stretch
        if len(stretch) > 1 and text is stretch and {"R", "AL"} & set(map(unicodedata.bidirectional, stretch)):
            return None
        dealt.append(text)
    return dealt if at == len(logical) else None


def _read_in_order(word: list, texts: list, origins, rises, following, widths) -> tuple | None:
    """({index: text}, veils) that make pdf.js read the word in order, or None (it reads it
    whole as it is, or cannot be made to). The glyphs keep how pdf.js takes them (a mark, a
    glyph) where that serves; where it does not (a word that ends in a mark draws it first, in
    the piece that must carry the word's first letters), the mark's kind goes to other glyphs,
    and the cuts are found again for those kinds."""
    own = {index: _kind(texts[index]) for index in word}
    logical = "".join(texts[index] for index in word)[::-1]
    for kinds in _kinds_to_try(word, own, sum(map(_is_mn, logical)), rises):
        read = _cuts(word, kinds, origins, rises, following, widths)
        if read is None:
            continue
        cuts, veils = read
        if not cuts and kinds is own:
            return ({}, veils) if veils else None
        for new in _mirrors(word, texts, kinds, cuts, logical):
            taken = {**own, **{index: _kind(text) for index, text in new.items()}}
            if _cuts(word, taken, origins, rises, following, widths) == read \
                    and (kinds is own or _first_read(word, taken) != MARK):
                return new, veils
    return None


def _kinds_to_try(word: list, own: dict, marks: int, rises: list):
    """The glyphs' own kinds, then (for a word with marks) the mark kind moved to one or two
    other glyphs: those last drawn in the word first, where it does pdf.js's reading no harm
    (no width and no position to it, and the span ends after it); then, for a word that climbs
    over an em from one glyph to the next, those kinds with the higher glyph of each such step
    skipped (_off_the_steps)."""
    for kinds in _mark_moves(word, own, marks):
        yield kinds
        if (lowered := _off_the_steps(word, kinds, rises)) is not None:
            yield lowered


def _off_the_steps(word: list, kinds: dict, rises: list) -> dict | None:
    """The kinds with the higher glyph of each step over an em between two glyphs pdf.js measures
    (where it ends the line: `Math.abs(advanceY) > textContentItem.height`) made one it skips: a
    glyph given no text (a format character's code), whose letters the others take. pdf.js keeps
    its last position past a glyph it skips, so the next is measured from the glyph before,
    nearer. None for a word with no such step, or one that no skipping evens."""
    kinds, changed = dict(kinds), False
    while True:
        measured = [index for index in word if kinds[index] == GLYPH]
        step = next(((low, high) for low, high in zip(measured, measured[1:])
                     if abs(rises[high] - rises[low]) > LINE_END), None)
        if step is None:
            return kinds if changed and measured else None
        kinds[max(step, key=lambda index: abs(rises[index]))] = SKIPPED
        changed = True


def _mark_moves(word: list, own: dict, marks: int):
    """The glyphs' own kinds, then the mark kind moved to one or two other glyphs (see _kinds_to_try),
    the marks' own glyphs given letters; then moved so, the marks' own glyphs given no text, which
    pdf.js skips: a mark drawn right of its letter's pen (Noto Nastaliq Urdu's kasra, `سپِن`) is,
    given a letter, a glyph pdf.js measures a space before."""
    yield own
    if not marks:
        return
    movable = [index for index in reversed(word) if own[index] in (MARK, GLYPH)]
    for left in (GLYPH, SKIPPED):  # what a mark's own glyph becomes, if not chosen
        for size in range(1, min(marks, 2) + 1):
            for chosen in combinations(movable[:8], size):
                kinds = {index: own[index] if own[index] not in (MARK, GLYPH) else MARK if index in chosen
                         else left if own[index] == MARK else GLYPH for index in word}
                if kinds != own:
                    yield kinds
    # a mark moved to another glyph, and a letter drawn next to it or last skipped too, so that
    # the piece it ends holds the mark's stretch (`آسٹِن`: the ٹ's piece reads `ٹِن`)
    letters = [index for index in movable if own[index] == GLYPH]
    for chosen in movable[:8]:
        place = letters.index(chosen) if chosen in letters else None
        near = letters[:2] + (letters[max(place - 1, 0):place + 2] if place is not None else [])
        for skipped in dict.fromkeys(index for index in near if index != chosen):
            yield {index: own[index] if own[index] not in (MARK, GLYPH) else MARK if index == chosen
                   else SKIPPED if own[index] == MARK or index == skipped else GLYPH for index in word}


def _first_read(word: list, kinds: dict) -> int:
    """The kind of the word's first drawn glyph pdf.js does not skip (a mark there opens its span's
    text item with no width, see pdf_spans.stoned)."""
    return next((kinds[index] for index in word if kinds[index] != SKIPPED), SKIPPED)


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


def read_as_mark(text: str) -> bool:
    """Whether pdf.js takes a glyph with this text for a mark (of no width, its position unread)."""
    return _kind(text) == MARK


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


def _cuts(word: list, kinds: dict, origins: list, rises: list, following: list, widths: list) -> tuple | None:
    """Where pdf.js starts a new text item inside the word (the positions in `word` of the glyphs
    that start one), and the glyphs to be followed by a veil: a glyph that draws nothing, with a
    format character's code, in the same glyph string, which makes pdf.js drop the TJ adjustment
    after it, as it does after any glyph it skips, where that adjustment leaves a gap pdf.js would
    take for a space (Nastaliq's joins: a letter's pen advance is wider than its box). None if
    pdf.js puts a space or a line end inside the word all the same."""
    cuts, veils, last, shift = [], set(), None, 0.0  # shift: how far pdf.js's pen is from WeasyPrint's
    for place, index in enumerate(word):
        kind = kinds[index]
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
            if gap > SPACE_IN_FLOW or climb > LINE_END or (gap < NEGATIVE_SPACE and climb > LINE_END / 2):
                return None
            if gap < NEGATIVE_SPACE or climb > VERTICAL_SHIFT:
                cuts.append(place)
        if widths[index]:  # (pdf.js keeps its last position past a glyph of no width)
            last = (origin + widths[index], rise, index)
    return cuts, veils


def _mirrors(word: list, texts: list, kinds: dict, cuts: list, logical: str):
    """New texts for the word's glyphs that may serve: the pieces (split at the cuts) read in
    drawing order give the word's text in logical order once pdf.js reverses each piece's text.
    Each glyph pdf.js reads takes a stretch of the word's text (reversed, as pdf.js reverses it
    back): first as long as its own text, then (where that changes which glyphs pdf.js takes for
    marks) with a nonspacing mark in a mark's stretch and none in a glyph's, as near its own
    length as may be. A glyph pdf.js skips keeps its text, or loses it where it is to be skipped
    (_off_the_steps); the caller checks that the cuts hold."""
    bounds = [0, *cuts, len(word)]
    pieces = [[index for index in word[start:end] if kinds[index] != SKIPPED] for start, end in zip(bounds, bounds[1:])]
    read = [index for piece in pieces for index in reversed(piece)]  # the order pdf.js reads them in
    own = [len(texts[index]) for index in read]
    tried = []
    for sizes in (own, _stretches(logical, [kinds[index] == MARK for index in read], own)):
        if sizes is None or sum(sizes) != len(logical) or sizes in tried:
            continue
        tried.append(sizes)
        stretch = dict(zip(read, (logical[at:at + size] for at, size in zip(accumulate(sizes, initial=0), sizes))))
        shown = ["".join(stretch[index] for index in piece) for piece in pieces]
        if any(len(text) > 1 and not _reversed_whole(text) for text in shown):
            continue
        if any(_kind(text[::-1]) in (SKIPPED, SPACE) for text in stretch.values()):
            continue  # (a stretch that a format character ends would be skipped)
        yield {**{index: "" for index in word if kinds[index] == SKIPPED and texts[index]},
               **{index: text[::-1] for index, text in stretch.items() if text[::-1] != texts[index]}}


def _stretches(logical: str, marks: list, own: list) -> list | None:
    """The lengths of the stretches of `logical` that glyphs take in turn (`marks`: whether pdf.js
    takes each for a mark, so that its stretch holds a nonspacing mark, and a glyph's none), each
    at least one character, nearest their own lengths; None if there are none such."""
    count, length = len(marks), len(logical)
    marks_before = list(accumulate(map(_is_mn, logical), initial=0))
    best = {(count, length): (0, 0)}  # (glyph, start) -> (cost, size) of the best way on
    for glyph in range(count - 1, -1, -1):
        for start in range(glyph, length - (count - glyph) + 1):
            options = []
            for size in range(1, length - start - (count - glyph - 1) + 1):
                if (marks_before[start + size] > marks_before[start]) != marks[glyph] or (glyph + 1, start + size) not in best:
                    continue
                options.append((abs(size - own[glyph]) + best[glyph + 1, start + size][0], size))
            if options:
                best[glyph, start] = min(options)
    if (0, 0) not in best:
        return None
    sizes, start = [], 0
    for glyph in range(count):
        size = best[glyph, start][1]
        sizes.append(size)
        start += size
    return sizes


def _is_mn(char: str) -> bool:
    return unicodedata.category(char) == "Mn"


@lru_cache(maxsize=4096)
def _reversed_whole(text: str) -> bool:
    """Whether pdf.js's bidi() reverses the whole text: right-to-left letters and neutrals only."""
    classes = set(map(unicodedata.bidirectional, text))
    return bool(classes & {"R", "AL"}) and not classes & {"L", "EN", "AN", "LRE", "LRO", "LRI"}
