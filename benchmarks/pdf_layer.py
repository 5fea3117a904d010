"""A PDF → its text layer as ISO 32000 defines it, read with no heuristics: each text-showing operator's
codes decoded through the font's ToUnicode CMap (an ActualText span's text standing for its glyphs,
14.9.4), in content order, word breaks only where a space character is drawn (14.8.2.5).

A glyph's position plays no part: no gap is taken for a space and no glyph is moved between lines.
WeasyPrint starts each text box with a text matrix (Tm); the glyphs of a box are drawn in visual
order (left to right), so a right-to-left box is reversed and its left-to-right runs (Latin,
digits) put back, which is what the Unicode bidi algorithm undoes for such a line. What this
reading gives is what our PDF says; an extractor that gives something else added it.

    python benchmarks/pdf_layer.py FILE.pdf [--ltr]
"""
import re
import pikepdf

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEXPAIR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
_RANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])")
# a left-to-right run inside right-to-left text, matched in the reversed line: Latin words (digits
# glued to them, `5G`) with the spaces and marks between them and the numbers after them, or a
# number with its separators (the bidi algorithm's rules W7, N1 and W4: `New York`, `COVID-19`,
# `iPhone 12`, `19,1`, `٢٠١٤`). A number before a Latin word, a space between, is a run of its
# own (W2 makes it Arabic), but drawn just as a Latin word with a number after it: read as that.
_LATIN, _DIGIT, _GAP = "[A-Za-z\u00c0-\u024f]", "[0-9\u0660-\u0669\u06f0-\u06f9]", "[ '.,:-]+"
_TOKEN = f"(?:{_LATIN}|{_DIGIT})*{_LATIN}(?:{_LATIN}|{_DIGIT})*"
_NUMBERS = f"(?:{_DIGIT}+{_GAP})*"
_TERMINATOR = "[%\u066a$\u20ac\u00a3]?"  # a percent or currency sign beside a number is one with it (W5)
LTR_RUN = re.compile(f"{_NUMBERS}{_TOKEN}(?:{_GAP}{_NUMBERS}{_TOKEN})*"
                     f"|{_TERMINATOR}{_DIGIT}+(?:[.,:/\u066b\u066c]{_DIGIT}+)*{_TERMINATOR}")


def to_unicode(font) -> dict:
    """The font's ToUnicode CMap: code → text (bfchar and bfrange entries)."""
    cmap, found = font.ToUnicode.read_bytes(), {}
    for block in _BFCHAR.findall(cmap):
        for code, text in _HEXPAIR.findall(block):
            found[int(code, 16)] = _utf16(text)
    for block in _BFRANGE.findall(cmap):
        for low, high, target in _RANGE.findall(block):
            codes = range(int(low, 16), int(high, 16) + 1)
            if target.startswith(b"["):
                found.update(zip(codes, map(_utf16, re.findall(rb"<([0-9a-fA-F]*)>", target))))
            else:
                first = _utf16(target[1:-1])
                found.update((code, first[:-1] + chr(ord(first[-1]) + i)) for i, code in enumerate(codes))
    return found


def _utf16(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode()).decode("utf-16-be")


class Reading:
    """The text of a page's text boxes, operator by operator (a handler for each that matters)."""

    def __init__(self, fonts, cache: dict):
        self.fonts, self.cache = fonts, cache
        self.boxes, self.spans, self.font, self.width = [], [], {}, 2

    def Tm(self, operands):  # WeasyPrint starts each text box with a text matrix
        self.boxes.append((float(operands[5]), []))

    def Tf(self, operands):
        font = self.fonts[str(operands[0])]
        if font.objgen not in self.cache:
            self.cache[font.objgen] = (to_unicode(font), 1 if font.Subtype == "/Type3" else 2)
        self.font, self.width = self.cache[font.objgen]

    def BDC(self, operands):
        properties = operands[1] if len(operands) > 1 else None
        actual = properties.get("/ActualText") if isinstance(properties, pikepdf.Dictionary) else None
        if actual is not None and not any(outer is not None for outer in self.spans):
            self.boxes[-1][1].append(str(actual))  # the span's text stands for its glyphs (and inner spans')
        self.spans.append(actual)

    def BMC(self, operands):
        self.spans.append(None)

    def EMC(self, operands):
        self.spans.pop()

    def TJ(self, operands):
        if any(actual is not None for actual in self.spans):
            return
        for string in operands[0] if isinstance(operands[0], pikepdf.Array) else operands[-1:]:
            if isinstance(string, pikepdf.String):
                raw, width = bytes(string), self.width
                codes = (int.from_bytes(raw[i:i + width], "big") for i in range(0, len(raw), width))
                self.boxes[-1][1].append("".join(self.font.get(code, "\ufffd") for code in codes))

    Tj = TJ


def page_boxes(page, cache: dict) -> list:
    """(baseline, text in drawing order) of each text box of the page."""
    reading = Reading(page.Resources.get("/Font", {}), cache)
    for operands, operator in pikepdf.parse_content_stream(page):
        handler = getattr(reading, str(operator), None)
        if handler is not None and str(operator).isalpha():
            handler(operands)
    return [(y, "".join(parts)) for y, parts in reading.boxes]


def logical(visual: str, rtl: bool) -> str:
    """Visual (left to right) order to logical: a right-to-left line reversed, its left-to-right
    runs (Latin, digits) put back."""
    if not rtl:
        return visual
    return LTR_RUN.sub(lambda m: m.group()[::-1], visual[::-1])


def layer_text(path, rtl: bool) -> str:
    """The PDF's text, a line break where the baseline moves."""
    lines, cache = [], {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            last_y = None
            for y, text in page_boxes(page, cache):
                if last_y is not None and abs(y - last_y) > 1:
                    lines.append("\n")
                lines.append(logical(text, rtl))
                last_y = y
            lines.append("\n")
    return "".join(lines)


if __name__ == "__main__":
    import sys

    print(layer_text(sys.argv[1], "--ltr" not in sys.argv[2:]), end="")
