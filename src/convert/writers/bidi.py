"""Text → runs of the paragraph's direction and of the other one: the one rule every writer applies.

In right-to-left text a left-to-right run starts at a Latin letter, or at a number glued to one
(`5G`, `4GB`, `3.5GHz`: isolating the letters alone would set them left of the number, `G5`), and
takes the digits, Latin punctuation and single spaces that continue it; in left-to-right text a
right-to-left run is the Arabic or Hebrew letters with the spaces between them. Everything else
(neutrals, digits standing alone) belongs to the paragraph's direction, as Word and browsers
resolve it.
"""

import re

_LATIN = r"A-Za-z\u00c0-\u024f"
_DIGIT = r"0-9\u0660-\u0669\u06f0-\u06f9"
_LTR_RUN = re.compile(
    rf"(?:[{_DIGIT}]+(?:[.,][{_DIGIT}]+)*(?=[{_LATIN}]))?"
    rf"[{_LATIN}](?:[{_LATIN}0-9.,:;@&/_'’+\-]|\s(?=[A-Za-z0-9]))*"
)
_RTL_RUN = re.compile(
    r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc](?:[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200c]|\s(?=[\u0590-\u08ff]))*"
)


def direction_runs(text: str, base: str) -> list[tuple[str, bool]]:
    """(piece, is_other_direction) in order; the pieces join back to the text exactly."""
    pattern = _LTR_RUN if base == "rtl" else _RTL_RUN
    runs, cursor = [], 0
    for match in pattern.finditer(text):
        if match.start() > cursor:
            runs.append((text[cursor:match.start()], False))
        runs.append((match.group(), True))
        cursor = match.end()
    if cursor < len(text):
        runs.append((text[cursor:], False))
    return runs
