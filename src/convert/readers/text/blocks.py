"""Clean text → units: one paragraph-sized piece of text each, with the layout facts classifiers need.

One mechanism for every layout, decided from the document's own line statistics, in linear time:

- Blank lines (lines of spaces or NBSPs count as blank) always end a unit.
- A line break inside a block of non-blank lines is a *soft wrap* (the unit goes on) only when
  the document is wrapped — its lines cluster under a wrap width — and the next line's first word
  would not have fitted on the line, so a wrapping program had to break there. Any other break
  (a short line, an increase of indentation) starts a new unit.
- A document is wrapped when enough of its line breaks look like soft wraps (a full line that does
  not end a sentence). One-paragraph-per-line web copy has long lines and sentence ends: no wraps.

So a hard-wrapped text, the same text with blank lines between paragraphs, the same text with a
4-space indent opening each paragraph (Reuters 1987) and its one-line-per-paragraph original all
give the same units.
"""

import re
from dataclasses import dataclass

# Wrapping programs and wire systems wrap at 60–80 columns; lines longer than this are not wrapped copy.
MAX_WRAP_WIDTH = 100
# Share of lines allowed above the wrap width (an unbreakable URL, a table row) before it is not one.
WIDTH_OUTLIERS = 0.02
# A document is wrapped when at least this share of its in-block breaks look like soft wraps: in wrapped
# copy most lines are full (all but a paragraph's last); in one-per-line copy almost none look full.
WRAPPED_SHARE = 0.4
# Indentation marks paragraphs only when it opens several of them (one indented line may be a quirk).
MIN_INDENTED_PARAGRAPHS = 2
_SENTENCE_END = ".!?؟۔:"  # a closing quote ends a wrapped line as often as a sentence: no evidence
_BLANK = " \t\u00a0\u2007\u202f\u3000"
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


@dataclass
class Unit:
    text: str
    index: int  # the line number the unit starts on
    indented: bool = False
    blank_before: bool = False
    blank_after: bool = False
    nbsp_before: bool = False  # the blank lines before it hold no-break spaces (a scrape's separator)


def is_blank(line: str) -> bool:
    return not line.strip()


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(_BLANK))


def first_word(line: str) -> str:
    stripped = line.lstrip(_BLANK)
    end = stripped.find(" ")
    return stripped if end < 0 else stripped[:end]


def wrap_width(lines: list[str]) -> int | None:
    """The column lines were wrapped at, or None when they are too long to be wrapped copy. Only lines
    with an inner space count: a wrapper leaves a word longer than the width alone on its line."""
    lengths = sorted(len(line) for line in lines if " " in line.strip(_BLANK))
    if not lengths:
        return None
    width = lengths[len(lengths) - 1 - int(WIDTH_OUTLIERS * len(lengths))]  # a few outliers in long copy, none in short
    return width if width <= MAX_WRAP_WIDTH else None


def would_not_fit(line: str, following: str, width: int) -> bool:
    """The following line's first word would have run past the wrap width on this line."""
    return len(line) + 1 + len(first_word(following)) > width


def soft_wrap(line: str, following: str, width: int | None, paragraph_indent: int | None = None) -> bool:
    """A break a wrapping program made: the unit goes on over it. A line indented more than the line
    before it starts a unit. In a wrapped document that indents its paragraphs' first lines (Reuters
    1987), indentation alone decides: an indented line starts a unit, a flush one continues."""
    if width is None or indent(following) > indent(line):
        return False
    if paragraph_indent is not None:
        return indent(following) <= paragraph_indent
    return would_not_fit(line, following, width)


def paragraph_indentation(lines: list[str]) -> int | None:
    """The indentation of continuation lines when the document indents each paragraph's first line
    (Reuters 1987): several breaks where the indentation changes between the flush margin and an
    indented line (an indented line running on over a flush one, or a flush line before an indented
    one); else None."""
    filled = [line for line in lines if line]
    if not filled:
        return None
    base = min(indent(line) for line in filled)
    changes = sum(1 for line, following in zip(lines, lines[1:])
                  if line and following and base in (indent(line), indent(following))
                  and indent(line) != indent(following))
    return base if changes >= MIN_INDENTED_PARAGRAPHS else None


def is_wrapped(lines: list[str], width: int | None, paragraph_indent: int | None = None) -> bool:
    """Enough in-block breaks look like soft wraps: a full line that does not end its sentence.
    A break before a more indented line (or, where indentation opens paragraphs, before an indented
    line) opens a paragraph in any layout: it is no evidence either way."""
    if width is None:
        return False
    breaks = looks_wrapped = 0
    for line, following in zip(lines, lines[1:]):
        if not line or not following or indent(following) > indent(line):
            continue
        if paragraph_indent is not None and indent(following) > paragraph_indent:
            continue
        breaks += 1
        if paragraph_indent is not None and indent(line) > paragraph_indent:
            looks_wrapped += 1  # an indented first line running on over a flush one: a wrapped paragraph
            continue
        looks_wrapped += soft_wrap(line, following, width) and line[-1] not in _SENTENCE_END
    return looks_wrapped >= max(1, WRAPPED_SHARE * breaks)


def detect_layout(lines: list[str]) -> str:
    """'wrapped' (lines wrapped at a width) or 'lines' (one unit per line), for the log and tests."""
    lines = [line.rstrip(_BLANK) for line in lines]
    return "wrapped" if is_wrapped(lines, wrap_width(lines), paragraph_indentation(lines)) else "lines"


def split_units(text: str) -> tuple[list[Unit], str]:
    """Cut the text into units by the rules above; returns the units and the layout name."""
    raw = text.split("\n")
    lines = [line.rstrip(_BLANK) for line in raw]
    width, paragraph_indent = wrap_width(lines), paragraph_indentation(lines)
    if not is_wrapped(lines, width, paragraph_indent):
        width = None
    units, pieces, blank, nbsp = [], [], True, False
    for number, line in enumerate(lines):
        if not line:
            blank, nbsp = True, nbsp or "\u00a0" in raw[number]
            continue
        if blank or not pieces or not soft_wrap(lines[number - 1], line, width, paragraph_indent):
            _close(units, pieces)
            if units:
                units[-1].blank_after = blank
            units.append(Unit("", number, indented=indent(line) >= 2, blank_before=blank or number == 0,
                              nbsp_before=nbsp))
            pieces = []
        pieces.append(line)
        blank = nbsp = False
    _close(units, pieces)
    if units:
        units[-1].blank_after = True
    return units, "lines" if width is None else "wrapped"


def _close(units: list[Unit], pieces: list[str]) -> None:
    if units and pieces:
        units[-1].text = join_wrapped(pieces)


def join_wrapped(pieces: list[str]) -> str:
    """Lines of one unit joined by a space, in one pass; a Latin word broken after its hyphen
    ('Al-' + 'Zaquan') joins without one, as the wrap took it apart there (Arabic script is not
    hyphenated at line ends: 'ذلك-' + 'أن' was 'ذلك- أن')."""
    parts = []
    for piece in (p.strip(_BLANK) for p in pieces):
        if parts:
            previous = parts[-1]
            broken_word = previous.endswith("-") and _LATIN_LETTER.match(previous[-2:-1]) and _LATIN_LETTER.match(piece[:1])
            parts.append(piece if broken_word else " " + piece)
        else:
            parts.append(piece)
    return "".join(parts)
