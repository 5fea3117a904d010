r"""Left-to-right islands (a Latin word, a number) in right-to-left lines, anchored for extractors by
a right-to-left mark in the ToUnicode text beside them (writers/pdf_text.py calls anchors()).

poppler reads a right-to-left line from the right and takes into a left-to-right section every
character that is not right-to-left (TextOutputDev.cc reorderText: `!unicodeTypeR(text[j])`),
a comma or a period as part of a number, so the space after a Latin word or a number goes with
it, to its other side: `أن 28 عضوا` → `أن  28عضوا`, `فيغالي، 34` → `فيغالي34 ،`. A right-to-left
mark between the island and that character ends the section where the island does. pdf.js
drops the space glyphs at a text box's edges, since the next box is drawn to the left of the
last (compareWithLastPosition then starts a new item with no space): `موقع <bdi>CNN</bdi> إن`
→ `موقعCNNإن`; such a space keeps its place with the mark before it. By the bidi algorithm the
mark changes nothing there, and it is invisible.

Where it goes in a code's text follows the readers: pdf.js skips a glyph whose text ends in a
format character and takes one that opens with a space for a space (SpecialCharRegExp
`^(\s)|(\p{Mn})|(\p{Cf})$`), and poppler sets a code's characters left to right unless all
are right-to-left. A space left of an island is written ` \u200f`; where punctuation is left of
it (`و2016،`), the island's leftmost glyph takes the mark before its text. pdf.js then reads
the mark inside a word glued to the island (`و\u200f2016`; poppler and PDFium read it after
the word), the one place the mark is not between words.

The mark also goes before a space drawn just left of a mark (the word's last letter carries it:
`ردوداً` is drawn `ً`, `ا`, …). pdf.js takes a glyph whose text holds a mark for one of no width
(`\p{Mn}`): it measures the letter after it from the word before, across the space, and in a
justified line the gap gets a space of its own: `ردودا ً`. A space opening with the mark is read as
a glyph with its width: the letter is measured from the space's end, and the mark stays with it,
unless that gap is one pdf.js breaks at itself: a space (over SPACE_IN_FLOW_MIN, 0.102 em) or an
overlap that starts a new text item (under NEGATIVE_SPACE_MAX, -0.2 em; Amiri draws `ً` 0.214 em
left of its pen). The caller measures the gap (`mark_gaps`): what the space is drawn wider than its
width, and the mark's x offset. poppler then also keeps the mark with its letter (its space
glyph is no longer skipped, and the mark is measured from it).

A right-to-left line that opens with a hyphen-minus (a dash before a list item, `- قطعا`) has it
drawn last, at its right end, where poppler looks for a word hyphenated at a line's end
(TextLine::coalesce: `hyphenated = text[len - 1] == '-'`, its characters in x order): it drops the
dash and runs the line's last word into the next line's first (`افراد` `را` → `افرادرا`). The
dash's text then ends in a space, which keeps it and the line break.
"""

ANCHOR = "\u200f"


# the gaps (thousandths of an em) after a space before a mark that pdf.js reads as no gap, with a margin
MARK_GAPS = range(-180, 90)


def anchors(levels: list, texts: list, mark_gaps: dict | None = None) -> dict:
    """Where a right-to-left line's glyphs (their `texts`, in drawing order; `levels` as
    _line_glyphs gives them) get ANCHOR, by glyph index, with the text they then have: next to
    each left-to-right run (an island), on its side, the neighbour that shows no letter; the
    leftmost glyph of a line that is all one island (a <bdi>, whose neighbours are in other text
    boxes); a space at either end of the line. Left of an island, a space takes the mark after it
    and punctuation (which cannot end in it) passes it to the island's leftmost glyph; right of
    it, a space before punctuation (`فيغالي، 34`) or punctuation (`ל-2`) takes it before. A
    neutral between two islands (`3-6`) takes none: both sides are left to right. A space just
    left of a mark takes it before (by glyph index, `mark_gaps` holds its gap to the mark). A dash
    drawn last (the line's first character) takes a space after it."""
    runs = [(start, end, level % 2 == 0) for (start, level), (end, _) in zip(levels, [*levels[1:], (len(texts), 0)])
            if start < end]
    in_island = [False] * len(texts)
    for start, end, island in runs:
        if island:
            in_island[start:end] = [True] * (end - start)
    codes = {}
    for start, end, island in runs:
        if not island:
            continue
        left, right = start - 1, end
        if left >= 0 and not in_island[left] and _shows_no_letter(texts[left]):
            if texts[left].isspace():
                codes[left] = texts[left] + ANCHOR
            elif texts[start] and (left == 0 or not in_island[left - 1]):
                codes[start] = ANCHOR + texts[start]
        if right + 1 < len(texts) and not in_island[right] and not in_island[right + 1] and \
                _shows_no_letter(texts[right]) and (not texts[right].isspace() or _shows_no_letter(texts[right + 1])):
            codes[right] = ANCHOR + texts[right] if not texts[right].isspace() else texts[right] + ANCHOR
    for index, gap in (mark_gaps or {}).items():
        if round(gap) in MARK_GAPS and not in_island[index]:
            codes.setdefault(index, ANCHOR + texts[index])
    if texts and texts[-1].endswith("-") and not in_island[-1]:
        codes[len(texts) - 1] = codes.get(len(texts) - 1, texts[-1]) + " "
    if texts and all(in_island) and texts[0]:
        codes[0] = ANCHOR + texts[0]
    if texts and not in_island[0] and texts[0].isspace():
        codes[0] = ANCHOR + texts[0]
    if len(texts) > 1 and not in_island[-1] and texts[-1].isspace():
        codes[len(texts) - 1] = ANCHOR + texts[-1]
    return codes


def _shows_no_letter(text: str) -> bool:
    return bool(text) and not any(map(str.isalnum, text))


def anchored(line: list, texts: dict) -> list:
    """The line with the anchored texts of anchors()."""
    if not texts:
        return line
    line = list(line)
    for index, text in texts.items():
        line[index] = line[index]._replace(text=text)
    return line
