"""Clean text → units: one paragraph-sized piece of text each, with the layout facts classifiers need.

The layout is decided per document from its own line statistics:
- ``lines``: one paragraph per line (most web copy) — every non-blank line is a unit;
- ``wrapped``: hard-wrapped lines (e.g. at 72 columns) — a line continues the previous one when
  no blank line separates them and the previous line ran to (nearly) the wrap width;
- ``indented``: Reuters-1987 style, hard-wrapped with an indented line starting each paragraph
  (there, only an indented line or a blank line starts a unit).
"""

import statistics
from dataclasses import dataclass

MAX_WRAP_WIDTH = 100
_SENTENCE_END = ".!?؟۔:\"”»"
FULL_LINE_SHARE = 0.75


@dataclass
class Unit:
    text: str
    index: int
    indented: bool = False
    blank_before: bool = False
    blank_after: bool = False


def is_blank(line: str) -> bool:
    return not line.strip()


def detect_layout(lines: list[str]) -> str:
    """'lines', 'wrapped' or 'indented', from line lengths, blank lines and indentation."""
    filled = [line for line in lines if not is_blank(line)]
    if not filled:
        return "lines"
    width = wrap_width(filled)
    if width is None:
        return "lines"
    # a wrapped line runs to the wrap width and usually stops mid-sentence; a line that is a whole
    # paragraph ends with its sentence's punctuation
    continued = sum(
        1 for previous, line in zip(lines, lines[1:])
        if not is_blank(previous) and not is_blank(line) and len(previous.rstrip()) >= FULL_LINE_SHARE * width
        and previous.rstrip()[-1:] not in _SENTENCE_END
    )
    if continued < max(2, len(filled) // 5):
        return "lines"
    indented = sum(1 for line in filled if _indent(line) >= 2)
    if 2 <= indented <= len(filled) * 0.6:
        return "indented"
    return "wrapped"


def wrap_width(filled: list[str]) -> float | None:
    """The width lines were wrapped at, or None when lines are too long to be wrapped copy."""
    lengths = sorted(len(line.rstrip()) for line in filled)
    if lengths[-1] > MAX_WRAP_WIDTH or len(lengths) < 3:
        return None
    return statistics.quantiles(lengths, n=10)[-1] if len(lengths) >= 10 else lengths[-1]


def split_units(text: str) -> tuple[list[Unit], str]:
    """Cut the text into units by the document's layout; returns the units and the layout name."""
    lines = text.split("\n")
    layout = detect_layout(lines)
    width = wrap_width([line for line in lines if not is_blank(line)]) if layout != "lines" else None
    units, pieces, blank = [], [], True
    for number, line in enumerate(lines):
        if is_blank(line):
            blank = True
            continue
        starts_unit = layout == "lines" or blank or not pieces or (
            _indent(line) >= 1 if layout == "indented" else len(pieces[-1].rstrip()) < FULL_LINE_SHARE * width
        )
        if starts_unit:
            if units:
                units[-1].blank_after = blank
            units.append(Unit("", number, indented=_indent(line) >= 2, blank_before=blank or number == 0))
            pieces = []
        pieces.append(line)
        units[-1].text = join_wrapped(pieces)
        blank = False
    if units:
        units[-1].blank_after = True
    return units, layout


def join_wrapped(pieces: list[str]) -> str:
    """Lines of one unit joined by a space; a line broken after a hyphen inside a word ('Al-' +
    'Zaquan') joins without one, as the wrap took it apart there."""
    text = ""
    for piece in (p.strip() for p in pieces):
        glue = "" if not text or (text.endswith("-") and text[-2:-1].isalpha()) else " "
        text += glue + piece
    return text


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t\u00a0"))
