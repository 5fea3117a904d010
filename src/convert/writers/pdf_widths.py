"""A right-to-left run's glyphs drawn off their nominal widths → glyphs of the subset font with their
advance in context, so that no TJ adjustment stands between the letters of a word.

WeasyPrint writes each glyph's code with its font's nominal width and, after a glyph whose Pango
advance differs (kerning), a TJ adjustment to the next pen position; before a glyph with an x offset,
another (draw_first_line). Extractors see those as gaps and overlaps: pdf.js adds a space at a gap
over 0.102 em (Amiri draws a ر or و 0.125 em right of its pen position after a ي) and starts a new
text item at an overlap over 0.2 em (Amiri's ر 0.3 em left, under a ك), whose bidi runs alone:
`شركة` → `كةشر`.

Such a letter is written instead with a glyph of its own: a TrueType composite of one component, the
letter itself, whose advance takes the pen from the letter's origin to the next letter's origin as
WeasyPrint draws them (its width less `int(kerning)`, as WeasyPrint rounds, plus the next letter's x
offset). Every glyph keeps its origin and ink: the page is drawn as before, and the adjustments go
but for the advance's rounding to a whole unit (an x offset is in sixteenths of one), left as a TJ
adjustment under half a thousandth of an em: PDFium reads W's widths as integers, and PDF/A requires
them to be consistent with the font program's (ISO 19005-3, 6.2.11.5), whose hmtx advance is the
same whole number (in font units). The new glyph's id is its CID (WeasyPrint's CIDToGIDMap is
/Identity); the Encoding CMap maps its code to it (pdf_text step 3).

Only letters and marks are so written: glyphs on the baseline (a raised glyph has a text operation of
its own) with a text other than a space (a space's advance is the justification's; a glyph that shows
no character of its own has a format character's code, pdf_text). A mark so gets the advance from its
origin, over its letter, to the next glyph's: pdf.js then reads no gap or overlap around it, and
poppler and PDFium no longer set it apart from its letter. Fonts need glyf outlines and no table that
holds a value per glyph other than those extended here (CFF fonts keep WeasyPrint's adjustments).
"""

import struct
import sys
from array import array
from bisect import bisect_left
from itertools import compress, repeat
from math import log2
from operator import add, mul, sub, truediv
from typing import NamedTuple

FROM_UNITS = 1 / 1024  # weasyprint.text.ffi.FROM_UNITS: the same float, for the same roundings
# Tables kept as they are (or dropped by WeasyPrint's subset) besides those extended here
KEPT_TABLES = frozenset(("GDEF", "GPOS", "GSUB", "OS/2", "cmap", "gasp", "name", "prep", "cvt ", "fpgm",
                         "DSIG", "BASE", "JSTF", "LTSH", "PCLT", "kern", "meta"))
EXTENDED_TABLES = frozenset(("glyf", "loca", "head", "hhea", "hmtx", "maxp", "post"))
# composite flags: two 16-bit arguments that are x and y offsets (not point numbers)
ARG_1_AND_2_ARE_WORDS, ARGS_ARE_XY_VALUES = 0x0001, 0x0002


class Form(NamedTuple):
    """A glyph's advance in context, in thousandths of an em, and the TJ adjustments that it makes
    needless: its own kerning after it and the x offset of the letter after it."""
    advance: int | None  # its pen's advance to the next glyph's origin, rounded; None: the glyph keeps its code
    before: bytes | None  # the adjustment WeasyPrint writes before it (`>{-offset}<`) that goes, if any
    after: bytes | None  # the one after it (`>{int(kerning)}`, then `<` or `] TJ`) that goes, if any
    rest: bytes | None = None  # the adjustment left after it: the advance's rounding (under half a unit)


def formable(font, fonts: dict) -> bool:
    """Whether glyphs of the font can be written with forms: glyf outlines, no per-glyph table this
    module does not extend, and the first of WeasyPrint's fonts on its file (WeasyPrint subsets
    only the first: the glyphs must be added to the subset that is embedded)."""
    found = font.__dict__.get("formable")
    if found is None:
        tables = set(font.tables)
        found = font.formable = bool(
            not font.bitmap and not (font.png or font.svg or font.colr) and {"glyf", "loca"} <= tables
            and tables <= KEPT_TABLES | EXTENDED_TABLES
            and next(other for other in fonts.values() if other.hash == font.hash) is font)
    return found


def run_forms(fields, glyphs: list, texts: list, font, font_size: float) -> tuple:
    """Index → Form of the run's glyphs WeasyPrint writes with an adjustment after them (kerning)
    or before the letter after them (its x offset), from Pango's glyph fields (glyph, width, x
    offset, y offset, attributes); and whether that leaves no adjustment of a unit or more in the
    run (then every glyph's box, as extractors see it, meets the next one's). `texts` holds each
    glyph's text (None for a glyph that draws nothing, "" for one that shows no character of its
    own). A letter here is a glyph on the baseline with a text other than a space, marks too."""
    offsets, rises = fields[2::5], fields[3::5]
    widths = list(map(font.widths.get, glyphs, repeat(0)))
    if not any(offsets) and not any(rises):  # (most runs) a first look, with a margin for its roundings
        scale = 1000 * FROM_UNITS / font_size
        if max(map(abs, map(sub, map(scale.__mul__, fields[1::5]), widths))) < 1 - 1e-6:
            return {}, True
    # WeasyPrint's own expression, float for float: logical_width + offset - width * 1000 * FROM_UNITS / font_size
    shifts = list(map(truediv, offsets, repeat(font_size)))
    pango = map(truediv, map(mul, map(mul, fields[1::5], repeat(1000)), repeat(FROM_UNITS)), repeat(font_size))
    kernings = list(map(sub, map(add, widths, shifts), pango))
    adjustments = list(map(int, kernings))
    kerned = set(compress(range(len(glyphs)), adjustments))
    shifted = set(compress(range(len(glyphs)), offsets))
    raised = set(compress(range(len(glyphs)), rises)) if any(rises) else ()
    forms = {}
    for i in sorted(kerned | {i - 1 for i in shifted if i}):
        if not (texts[i] and not texts[i].isspace()) or i in raised:
            continue
        follows = i + 1 in shifted and texts[i + 1] and not texts[i + 1].isspace() \
            and i + 1 not in raised
        exact = widths[i] - adjustments[i] + (shifts[i + 1] if follows else 0)
        if exact < 0 or not (follows or adjustments[i]):
            continue
        before = forms[i].before if i in forms else None  # its own offset, in the advance of the glyph before
        rest = (advance := round(exact)) - exact  # (PDFium reads W's widths as integers)
        forms[i] = Form(advance, before, b">%d" % adjustments[i] if kernings[i] else None,
                        (b"%.6f" % rest).rstrip(b"0") if abs(rest) >= 5e-7 else None)
        if follows:
            forms[i + 1] = Form(None, b">%s<" % str(-shifts[i + 1]).encode(), None)
    left = kerned.difference(i for i, form in forms.items() if form.advance is not None)
    return forms, not left and shifted <= {i for i, form in forms.items() if form.before}


def outside(forms: dict, texts: list, indexes) -> dict:
    """The forms of the run's words (between spaces) that hold none of the glyphs at `indexes`."""
    spaces = [i for i, text in enumerate(texts) if text and text.isspace()]
    words = {bisect_left(spaces, index) for index in indexes}
    return {i: form for i, form in forms.items() if bisect_left(spaces, i) not in words}


# The subset font: a composite glyph for each form


def add_glyphs(content: bytes, forms: list, upem: int) -> tuple:
    """The TrueType font with a glyph appended for each (glyph, shift, advance) of `forms` (shift and
    advance in thousandths of an em): one component, the glyph at that shift, and that advance
    rounded to font units; and the glyph id of the first one appended."""
    version, tables, checksums = _tables(content)
    if not set(tables) <= KEPT_TABLES | EXTENDED_TABLES or tables["maxp"][:4] != b"\0\1\0\0":
        raise ValueError("not a TrueType font whose glyphs this adapter can extend")
    head, hhea, maxp = bytearray(tables["head"]), bytearray(tables["hhea"]), bytearray(tables["maxp"])
    count, metrics = struct.unpack_from(">H", maxp, 4)[0], struct.unpack_from(">H", hhea, 34)[0]
    long_loca = struct.unpack_from(">h", head, 50)[0] == 1
    loca = array("I" if long_loca else "H", tables["loca"][:(count + 1) * (4 if long_loca else 2)])
    if sys.byteorder == "little":
        loca.byteswap()
    unit = 1 if long_loca else 2  # bytes per loca step
    glyf, hmtx = tables["glyf"], tables["hmtx"]
    if metrics < count:  # the glyphs after the last advance get it, so that the new glyphs can have theirs
        last = hmtx[4 * metrics - 4:4 * metrics - 2]
        bearings = hmtx[4 * metrics:4 * metrics + 2 * (count - metrics)]
        hmtx = hmtx[:4 * metrics] + b"".join(last + bearings[k:k + 2] for k in range(0, len(bearings), 2))
    hmtx = [hmtx[:4 * count]]
    new_glyf, end = [glyf[:loca[count] * unit]], loca[count] * unit
    scale, deeper = upem / 1000, False
    x_min, x_max = struct.unpack_from(">h", head, 36)[0], struct.unpack_from(">h", head, 40)[0]
    points, contours = struct.unpack_from(">HH", maxp, 10)
    width_max, lsb_min, rsb_min, extent_max = struct.unpack_from(">Hhhh", hhea, 10)
    offsets = []
    for glyph, shift, advance in forms:
        start, stop = loca[glyph] * unit, loca[glyph + 1] * unit
        dx, width = round(shift * scale), round(advance * scale)
        width_max = max(width_max, width)
        if stop - start < 10:  # a glyph with no outline: so is its form
            hmtx.append(struct.pack(">Hh", width, 0))
            offsets.append(end)
            continue
        number, left, bottom, right, top = struct.unpack_from(">hhhhh", glyf, start)
        new_glyf.append(struct.pack(">hhhhhHHhhH", -1, left + dx, bottom, right + dx, top,
                                    ARG_1_AND_2_ARE_WORDS | ARGS_ARE_XY_VALUES, glyph, dx, 0, 0))
        hmtx.append(struct.pack(">Hh", width, left + dx))
        end += 20
        offsets.append(end)
        x_min, x_max = min(x_min, left + dx), max(x_max, right + dx)
        lsb_min, rsb_min = min(lsb_min, left + dx), min(rsb_min, width - right - dx)
        extent_max = max(extent_max, right + dx)
        if number < 0:
            deeper = True
        elif number:
            points = max(points, struct.unpack_from(">H", glyf, start + 10 + 2 * (number - 1))[0] + 1)
            contours = max(contours, number)
    total = count + len(forms)
    struct.pack_into(">H", maxp, 4, total)
    struct.pack_into(">HH", maxp, 10, points, contours)
    elements, depth = struct.unpack_from(">HH", maxp, 28)
    struct.pack_into(">HH", maxp, 28, max(elements, 1), depth + 1 if deeper else max(depth, 1))
    struct.pack_into(">Hhhh", hhea, 10, width_max, lsb_min, rsb_min, extent_max)
    struct.pack_into(">H", hhea, 34, total)
    struct.pack_into(">hh", head, 36, x_min, struct.unpack_from(">h", head, 38)[0])
    struct.pack_into(">h", head, 40, x_max)
    struct.pack_into(">L", head, 8, 0)
    if not long_loca and end > 0x1FFFE:
        long_loca, unit, loca = True, 1, array("I", [offset * 2 for offset in loca])
        struct.pack_into(">h", head, 50, 1)
    else:
        loca = loca[:count + 1]
    loca.extend(offset // unit for offset in offsets)
    if sys.byteorder == "little":
        loca.byteswap()
    changed = {
        "glyf": b"".join(new_glyf), "loca": loca.tobytes(), "hmtx": b"".join(hmtx),
        "head": bytes(head), "hhea": bytes(hhea), "maxp": bytes(maxp),
        # format 3: no glyph names (a PDF reader needs none), so none to add
        "post": b"\0\3\0\0" + tables["post"][4:32],
    }
    tables.update(changed)
    checksums.update((tag, _checksum(data)) for tag, data in changed.items())
    return _sfnt(version, tables, checksums), count


def _tables(content: bytes) -> tuple:
    version, number = content[:4], struct.unpack_from(">H", content, 4)[0]
    tables, checksums = {}, {}
    for index in range(number):
        tag, checksum, offset, length = struct.unpack_from(">4sLLL", content, 12 + 16 * index)
        tag = tag.decode("latin-1")
        tables[tag], checksums[tag] = content[offset:offset + length], checksum
    return version, tables, checksums


def _checksum(data: bytes) -> int:
    words = array("I", data + b"\0" * (-len(data) % 4))
    if sys.byteorder == "little":
        words.byteswap()
    return sum(words) & 0xFFFFFFFF


def _sfnt(version: bytes, tables: dict, checksums: dict) -> bytes:
    """The font file of `tables` (head's checksum adjustment zeroed) with their checksums, and its own."""
    tags = sorted(tables)
    selector = int(log2(len(tags)))
    header = version + struct.pack(">HHHH", len(tags), 16 << selector, selector, 16 * (len(tags) - (1 << selector)))
    offset, records, bodies, head_at = 12 + 16 * len(tags), [], [], 0
    for tag in tags:
        data = tables[tag]
        records.append(struct.pack(">4sLLL", tag.encode("latin-1"), checksums[tag], offset, len(data)))
        if tag == "head":
            head_at = offset
        bodies.append(data + b"\0" * (-len(data) % 4))
        offset += len(bodies[-1])
    directory = header + b"".join(records)
    font = bytearray(directory + b"".join(bodies))
    total = _checksum(directory) + sum(checksums.values())
    struct.pack_into(">L", font, head_at + 8, (0xB1B0AFBA - total) & 0xFFFFFFFF)
    return bytes(font)
