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
import re, unicodedata
import pikepdf

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEXPAIR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
_RANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])")
LTR_RUN = re.compile(r"[A-Za-z0-9\u00c0-\u024f\u0660-\u0669\u06f0-\u06f9]+")


def to_unicode(font) -> dict:
    cmap = font.ToUnicode.read_bytes()
    found = {}
    for block in _BFCHAR.findall(cmap):
        for code, text in _HEXPAIR.findall(block):
            found[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in _BFRANGE.findall(cmap):
        for low, high, target in _RANGE.findall(block):
            low, high = int(low, 16), int(high, 16)
            if target.startswith(b"["):
                for code, text in zip(range(low, high + 1), re.findall(rb"<([0-9a-fA-F]*)>", target)):
                    found[code] = bytes.fromhex(text.decode()).decode("utf-16-be")
            else:
                start = bytes.fromhex(target[1:-1].decode()).decode("utf-16-be")
                for offset, code in enumerate(range(low, high + 1)):
                    found[code] = start[:-1] + chr(ord(start[-1]) + offset)
    return found


def page_boxes(page, fonts_cache):
    """(y, text in content order) for each textbox (Tm) of the page, glyphs decoded through
    ToUnicode, spans replaced by their ActualText."""
    fonts = page.Resources.get("/Font", {})
    boxes, current, stack, font, width = [], None, [], None, 2
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "Tm":
            current = [float(operands[5]), []]
            boxes.append(current)
        elif op == "Tf":
            ref = fonts[str(operands[0])]
            key = ref.objgen
            if key not in fonts_cache:
                fonts_cache[key] = (to_unicode(ref), 1 if ref.Subtype == "/Type3" else 2)
            font, width = fonts_cache[key]
        elif op == "BDC":
            props = operands[1] if len(operands) > 1 else None
            actual = props.get("/ActualText") if isinstance(props, pikepdf.Dictionary) else None
            stack.append(None if actual is None else str(actual))
            if actual is not None and current is not None:
                current[1].append(str(actual))
        elif op == "BMC":
            stack.append(None)
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op in ("TJ", "Tj", "'", '"'):
            if any(a is not None for a in stack):
                continue  # inside an ActualText span: its text stands for the glyphs
            strings = operands[0] if op == "TJ" else [operands[-1]]
            for s in strings:
                if isinstance(s, pikepdf.String):
                    raw = bytes(s)
                    codes = [int.from_bytes(raw[i:i + width], "big") for i in range(0, len(raw), width)]
                    current[1].append("".join(font.get(code, "\ufffd") for code in codes))
    return [(y, "".join(parts)) for y, parts in boxes]


def logical(visual: str, rtl: bool) -> str:
    """Visual (left to right) order to logical: a right-to-left line reversed, its left-to-right
    runs (Latin, digits) put back."""
    if not rtl:
        return visual
    return LTR_RUN.sub(lambda m: m.group()[::-1], visual[::-1])


def layer_text(path, rtl: bool) -> str:
    pdf = pikepdf.open(path)
    lines, cache = [], {}
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
