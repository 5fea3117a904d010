"""WeasyPrint's drawn glyphs → a PDF text layer that gives back exactly the characters each glyph shows.

WeasyPrint (through 70.0, its issue #2841) maps each glyph id to the text it was first drawn for,
so a glyph that a font shares between contexts extracts as one text everywhere: Amiri draws a lam
before kaf as two glyphs, and `الكشف` comes back as `اللكشف`. A character drawn as no glyph (ZWNJ)
drops out, so Persian loses every ZWNJ.

The adapter keeps WeasyPrint's drawing and rewrites the character codes of each line it draws:

1. walk Pango's glyph clusters again: a cluster's text goes to its first visible glyph, an
   invisible character (ZWNJ) joins a neighbouring glyph's text;
2. a glyph keeps its glyph id as code for the first text it is drawn for; for another text it is
   written with an alias code from the top of the code space, mapped to the same glyph by the
   font's Encoding CMap and to its own text by ToUnicode, which every reader (poppler, PDFium,
   pdf.js) follows;
3. a glyph that shows no character of its own (the second glyph of that lam) gets an empty
   ToUnicode entry, and its word an ActualText span, as does a word with a glyph moved far off its
   pen position: poppler reads the gap such a glyph leaves as a word space.

A text box of spaces only (the space between two inline elements) is drawn too: WeasyPrint skips
it, and the layer then has no space there (patches/weasyprint-space-boxes.patch).

Nastaliq (Noto Nastaliq Urdu) needs more, since its letters climb and join at offsets extractors
take for word and line breaks: a cluster's text goes to its widest glyph (its dots and joins, of
no width, get format-character codes, which pdf.js skips); words pdf.js would cut into pieces get
their pieces' texts mirrored and veils over the gaps it would read as spaces (pdf_pieces); and an
ActualText span opens with an invisible carrier on the baseline, which PDFium places the word by
(pdf_spans._carried).

A Latin word or a number in a right-to-left line gets a right-to-left mark beside it in the
ToUnicode texts, so that poppler's bidi does not carry the space after it to its other side
(pdf_anchors). A right-to-left box's edge spaces are drawn where they are read, for pdf.js
(pdf_spans.edge_spaces_read_in_order), and a mark on the baseline just right of punctuation is
drawn after a carrier PDFium reads as a right-to-left mark (pdf_spans.parted_marks); an ActualText span
or a line that opens with a mark opens with a stone for pdf.js (pdf_spans.stoned).

Right-to-left letters and marks WeasyPrint writes with a TJ adjustment after them or before the next
letter (Amiri's kerning and x offsets: gaps pdf.js reads as spaces, overlaps it cuts words at) are
written with glyphs of their advance in context, which step 3 adds to the subset (pdf_widths).

The fonts' other glyphs, their subsets and every other part of the PDF stay WeasyPrint's. It
replaces three WeasyPrint functions, so it is applied only on the versions it was verified on
(VERIFIED), and a line written otherwise than Pango laid it out raises AdapterMismatch instead of a
wrong text layer.
patches/weasyprint-tounicode.patch offers steps 1 and 2 upstream.
"""

import logging
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from contextlib import contextmanager
from itertools import accumulate, compress, count, islice, repeat
from operator import itemgetter, ne, not_, sub
from typing import NamedTuple

from convert.writers import pdf_widths
from convert.writers.pdf_anchors import ANCHOR, anchored, anchors
from convert.writers.pdf_pieces import item_by_item, mirrored, read_as_mark
from convert.writers.pdf_spans import (PDFIUM_DIRECTIONS, AdapterMismatch, edge_spaces_read_in_order, is_mark,
                                      parted_marks, rewrite, spaces_boxed, span_ranges, stoned, word_spans)

VERIFIED = ("70.0",)
# Alias codes count down from the top of the 2-byte code space; WeasyPrint's own codes (glyph ids,
# and its .notdef stand-ins just above them) count up from 0.
TOP_CODE = 0xFFFF
# Gaps between glyph boxes, in thousandths of an em. poppler starts a new word at a gap over 0.1 em
# (pdf.js at 0.102 em) or an overlap over 0.2 em; Amiri leaves 0.125 em after a ز or ر before ي, and
# Urdu's ے overlaps the next letter. Such words get an ActualText span, with some margin.
MAX_GAP = 80
MAX_OVERLAP = 160
# a mark over the middle of the glyph before it (within this share of its width) is its letter's;
# poppler cuts a word at a mark 0.1 em after the box before it or 0.2 em into it (_marks_apart)
COMBINING_SHARE = 0.25
MARK_GAP, MARK_OVERLAP = 95, 190
PANGO_SCALE = 1024
# a font whose letters are drawn this share of an em off the baseline climbs (_note_climbing)
CLIMB = 0.1
# Codes for glyphs that show no character: every format character (Cf), which pdf.js skips, but the
# soft hyphen (PDFium takes it for a hyphen) and U+FEFF, which pdf.js's SpecialCharRegExp takes for
# white space (JavaScript's `\s` holds it) and reads as a space before the next letter (`ہز ار`).
# Those below a font's glyph count are its glyph ids.
# The right-to-left ones come last: a span's carrier needs one (pdf_spans._carried).
RTL_TEXTLESS_CODES = (0x200F, 0x061C, 0x070F)
TEXTLESS_CODES = (0x200D, 0x2060, 0x200B, 0x2061, 0x2062, 0x2063, 0x2064, *range(0x2066, 0x2070),
                  0x200E, *range(0x202A, 0x202F), 0xFFF9, 0xFFFA, 0xFFFB,
                  *range(0x0600, 0x0606), 0x06DD, 0x0890, 0x0891, 0x08E2, 0x180E, 0x200C, *RTL_TEXTLESS_CODES)
_TEXTLESS = frozenset(TEXTLESS_CODES)
# the characters pdf.js's normalizeUnicode (src/shared/util.js) folds by NFKC, Arabic's among them
PDFJS_EXPANDS = re.compile("[\u00a0\u00b5\u037e\u0eb3\u2000-\u200a\u202f\u2126\ufb00-\ufb04\ufb06\ufb20-\ufb36"
                           "\ufb38-\ufb3c\ufb3e\ufb40-\ufb41\ufb43-\ufb44\ufb46-\ufba1\ufba4-\ufba9\ufbae-\ufbb1"
                           "\ufbd3-\ufbdc\ufbde-\ufbe7\ufbea-\ufbf8\ufbfc-\ufbfd\ufc00-\ufc5d\ufc64-\ufcf1"
                           "\ufcf5-\ufd3d\ufd88\ufdf4\ufdfa-\ufdfb\ufe71\ufe77\ufe79\ufe7b\ufe7d]")
OVERFLOW_TEXT = "\u2060"  # WORD JOINER: the text of a textless glyph's code once the codes run out
STONE = pdf_widths.Form(1, None, None)  # a stone's form: a thousandth of an em (pdf_spans.stoned)
# what opens the text of a stone only pdf.js reads (one inside a span), before its space (a glyph
# of spaces only is no text to pdf.js): pdf.js's bidi() types it right to left, but ANCHOR (U+200F)
# left to right, and took an item of two letters and two stones for a left-to-right one (`ّرد`)
ARABIC_LETTER_MARK = "\u061c"
# a nonspacing mark (in UTF-8: combining marks, Hebrew points, Arabic harakat and Quranic marks; a few
# neighbours of theirs too, which _holds_mark then tells apart) before a space, or ending a run: the
# space, or the space before the run, is drawn just left of the mark
_MARK = rb"(?:[\xcc\xcd][\x80-\xbf]|\xd6[\x91-\xbf]|\xd7[\x80-\x87]|\xd8[\x90-\x9a]|\xd9[\x8b-\x9f\xb0]|\xdb[\x96-\xad]" \
        rb"|\xe0\xa3[\x93-\xbf])"
MARK_THEN_SPACE, MARK_AT_END = re.compile(_MARK + rb" "), re.compile(_MARK + rb"\Z")
log = logging.getLogger(__name__)


def install(weasyprint) -> bool:
    """Patch WeasyPrint once per process; False (and a warning) on a version not verified."""
    if weasyprint.__version__ not in VERIFIED:
        log.warning("WeasyPrint %s is not one the PDF text-layer fix was verified on (%s): "
                    "PDFs keep WeasyPrint's own text layer", weasyprint.__version__, ", ".join(VERIFIED))
        return False
    from weasyprint.draw import text as draw_text
    from weasyprint.pdf import fonts

    if getattr(draw_text.draw_first_line, "exact_text", False):
        return True
    draw_text.draw_first_line = _exact_draw_first_line(draw_text.draw_first_line)
    fonts._build_vector_font_dictionary = _with_alias_encoding(fonts._build_vector_font_dictionary)
    fonts.Font.clean = _subset_without_aliases(fonts.Font.clean)
    return True


def installed() -> bool:
    from weasyprint.draw import text as draw_text

    return getattr(draw_text.draw_first_line, "exact_text", False)


# Step 1: the text of each glyph, from Pango's clusters


class Glyph(NamedTuple):
    font: object
    glyph: int  # Pango's glyph id (with the unknown flag for a missing character)
    text: str  # what the glyph's code maps to; "" for a glyph that shows no character of its own
    actual: str | None  # an ActualText for the glyph's word (see word_spans), or None


def glyph_texts(clusters: list, glyphs: list, utf8: bytes, rtl: bool, empty: int, advances=None) -> list:
    """(text, actual text) for each glyph of a run, in the run's glyph order; None for a glyph
    that draws nothing. A cluster's text goes to its widest visible glyph (by `advances`, the
    fonts' widths; the first on a tie), in the order extractors read a glyph's characters (left
    to right: reversed in a right-to-left run); an invisible cluster's text (ZWNJ) joins a
    neighbour. The widest glyph is the letter's body: Noto Nastaliq Urdu draws a letter's dots
    and joins as glyphs of no width before it, at offsets extractors take for jumps, and so
    many kinds of them that they would outnumber the codes extractors skip (TEXTLESS_CODES)."""
    if empty not in glyphs and clusters == sorted(set(clusters), reverse=rtl):  # a glyph per cluster
        return list(zip(_one_glyph_texts(clusters, utf8, rtl), repeat(None)))
    texts = _cluster_texts(clusters, glyphs, utf8, rtl, empty)
    carriers = _carriers(clusters, glyphs, empty, advances)
    shown = Counter(start for start, glyph in zip(clusters, glyphs) if glyph != empty)
    found = []
    for index, (start, glyph) in enumerate(zip(clusters, glyphs)):
        if glyph == empty:
            found.append(None)
            continue
        text = texts[start][::-1] if rtl else texts[start]
        found.append((text if carriers[start] == index else "", text if shown[start] > 1 else None))
    return found


def _carriers(clusters: list, glyphs: list, empty: int, advances) -> dict:
    """The index of the glyph that carries each cluster's text: its widest visible glyph."""
    carriers, widest = {}, {}
    for index, (start, glyph) in enumerate(zip(clusters, glyphs)):
        width = advances[index] if advances else 0
        if glyph != empty and (start not in carriers or width > widest[start]):
            carriers[start], widest[start] = index, width
    return carriers


def _one_glyph_texts(clusters: list, utf8: bytes, rtl: bool) -> list:
    """glyph_texts() for a run of one glyph per cluster, without ActualTexts."""
    text = utf8.decode()
    if len(text) == len(clusters):  # as many clusters as characters: a character each (most runs)
        return list(text[::-1]) if rtl else list(text)
    if rtl:
        return [utf8[start:end].decode()[::-1] for start, end in zip(clusters, [len(utf8), *clusters[:-1]])]
    return [utf8[start:end].decode() for start, end in zip(clusters, [*clusters[1:], len(utf8)])]


def _cluster_texts(clusters, glyphs, utf8, rtl, empty) -> dict:
    """The text of each visible cluster (by its start), with invisible clusters' text joined to
    the cluster before them in a right-to-left run and after them in a left-to-right one, so
    that a glyph's text never ends in a format character (pdf.js drops such glyphs)."""
    starts = sorted(set(clusters))
    visible = {start for start, glyph in zip(clusters, glyphs) if glyph != empty}
    texts = {start: utf8[start:end].decode() for start, end in zip(starts, starts[1:] + [len(utf8)])}
    order = starts if rtl else starts[::-1]
    for index, start in enumerate(order):
        if start in visible:
            continue
        target = next((s for s in reversed(order[:index]) if s in visible), None)
        if target is None:
            target = next((s for s in order[index + 1:] if s in visible), None)
        if target is None:
            continue  # nothing visible in the run: WeasyPrint writes no glyph either
        joined = (texts[target], texts[start])
        texts[target] = "".join(joined if (target < start) else joined[::-1])
    return {start: texts[start] for start in visible}


class ForPdfjs(NamedTuple):
    """What a line's glyphs are written with for pdf.js (pdf_pieces, pdf_widths), by their index in the line."""
    texts: dict  # the text a glyph's code maps to, where it is not the glyph's own
    veiled: dict  # the glyphs followed by a veil: whether raised, then (raised, their font's glyph of no ink)
    forms: dict  # the glyphs written with a glyph of their advance in context: their pdf_widths.Form
    mark_gaps: dict  # the spaces just left of a mark: the gap pdf.js measures from the space to it (pdf_anchors)
    flushes: set  # the glyphs before which pdf.js is made to end its text item (pdf_pieces)


def _line_glyphs(stream, fonts: dict, textbox, first_line, pango, ffi, pdfjs: ForPdfjs, levels: list) -> list:
    """A Glyph for each glyph WeasyPrint writes for the textbox's first line; `fonts` holds the
    (font, size) WeasyPrint's stream.add_font gave for each Pango font it drew the line with.
    `levels` gets (index of its first glyph, bidi level) for each run, in drawing order."""
    utf8 = textbox.pango_layout.text.encode()
    found = []
    info_size, empty = ffi.sizeof("PangoGlyphInfo"), pango.PANGO_GLYPH_EMPTY
    run = first_line.runs[0]
    space = None  # the last glyph found, if a word space of a run of its own (see _mark_gaps)
    while run != ffi.NULL:
        glyph_item = run.data
        item, glyph_string, run = glyph_item.item, glyph_item.glyphs, run.next
        analysis, count = item.analysis, glyph_string.num_glyphs
        # (WeasyPrint's cdef has PangoAnalysis's four guint8 fields, level to script, as guint: the low byte)
        levels.append((len(found), analysis.level & 0xFF))
        pango_font = analysis.font
        if pango_font not in fonts:  # (WeasyPrint gave each; its font key costs a Pango description)
            fonts[pango_font] = stream.add_font(pango_font)
        font, font_size = fonts[pango_font]
        run_utf8 = utf8[item.offset:item.offset + item.length]
        rtl = analysis.level % 2 == 1
        if count == 1 and (glyph := glyph_string.glyphs[0].glyph) != empty:
            text = run_utf8.decode()  # a word space (justification makes each its own run)
            found.append(Glyph(font, glyph, text[::-1] if rtl else text, None))
            space = (glyph_string.glyphs[0], font, font_size, len(found) - 1) if rtl and text == " " else None
            continue
        # PangoGlyphInfo: glyph, width, x_offset, y_offset, attributes (five 32-bit fields)
        infos = memoryview(ffi.buffer(glyph_string.glyphs, count * info_size))
        glyphs = infos.cast("I")[0::5].tolist()
        clusters = ffi.unpack(glyph_string.log_clusters, count)
        before, space = space, None
        if rtl and (before and MARK_AT_END.search(run_utf8) or MARK_THEN_SPACE.search(run_utf8)):
            _mark_gaps(infos.cast("i"), glyphs, run_utf8, clusters, font, font_size, before, len(found), empty,
                       pdfjs.mark_gaps)
        if empty in glyphs or clusters != sorted(set(clusters), reverse=rtl):
            start = len(found)
            formable = rtl and pdf_widths.formable(font, stream._fonts)
            found.extend(_cluster_glyphs(font, font_size, infos, glyphs, clusters, run_utf8, rtl, pango, pdfjs, start,
                                         formable))
            if len(pdfjs.veiled) and any(index >= start for index in pdfjs.veiled):
                _veil_with(font, pango_font, glyphs, stream, pango, pdfjs, start)
            if rtl and any(infos.cast("i")[3::5]):
                _find_carrier(font, pango_font, glyphs, font_size, stream, pango)
            continue
        texts = _one_glyph_texts(clusters, run_utf8, rtl)  # a glyph per cluster (most runs)
        fields = infos.cast("i")
        off_baseline = rtl and any(fields[3::5])
        gapped = ()  # Latin kerning never leaves such gaps: spare the walk
        forms, met = pdf_widths.run_forms(fields, glyphs, texts, font, font_size) \
            if rtl and pdf_widths.formable(font, stream._fonts) else ({}, False)
        if off_baseline:
            _note_climbing(font, fields, texts, font_size)
        moved = _mirrored(fields, glyphs, texts, font, font_size, forms) if off_baseline else ({}, {}, set())
        if forms and any(moved):
            moved, forms = _beside_forms(*moved, forms, texts)
        # a run with adjustments left (a raised mark, a mark first after a space) is looked at for the
        # gaps they leave: poppler joins a mark to its letter only by their boxes (`ويعر ّف`)
        if rtl and not met:
            gapped = _gapped(fields, glyphs, texts, font, font_size, pango, forms)
        if any(moved):
            pdfjs.texts.update((len(found) + index, text) for index, text in moved[0].items())
            pdfjs.veiled.update((len(found) + index, raised) for index, raised in moved[1].items())
            pdfjs.flushes.update(len(found) + index for index in moved[2])
            _veil_with(font, pango_font, glyphs, stream, pango, pdfjs, len(found))
            _find_carrier(font, pango_font, glyphs, font_size, stream, pango)
            gapped = {*gapped, *moved[0], *moved[1], *moved[2]}
        if forms:
            pdfjs.forms.update(zip(map(len(found).__add__, forms), forms.values()))
        if gapped:
            found.extend(Glyph(font, glyph, text, text if i in gapped else None)
                         for i, (glyph, text) in enumerate(zip(glyphs, texts)))
        else:  # built without a Python call per glyph
            found.extend(map(tuple.__new__, repeat(Glyph), zip(repeat(font), glyphs, texts, repeat(None))))
    return found


def _cluster_glyphs(font, font_size, infos, glyphs, clusters, run_utf8, rtl, pango, pdfjs, start, formable) -> list:
    """The Glyphs of a run with clusters of several glyphs or glyphs that draw nothing (the line's
    glyphs before them: `start`)."""
    advances = list(map(font.widths.get, glyphs, repeat(0)))
    texts = glyph_texts(clusters, glyphs, run_utf8, rtl, pango.PANGO_GLYPH_EMPTY, advances)
    plain = [None if text is None else text[0] for text in texts]
    forms, met = pdf_widths.run_forms(infos.cast("i"), glyphs, plain, font, font_size) if formable else ({}, False)
    if rtl:
        _note_climbing(font, infos.cast("i"), plain, font_size)
    moved, veiled, flushed = _mirrored(infos.cast("i"), glyphs, plain, font, font_size, forms) if rtl \
        else ({}, {}, set())
    if forms and (moved or veiled or flushed):
        (moved, veiled, flushed), forms = _beside_forms(moved, veiled, flushed, forms, plain)
    gapped = _gapped(infos.cast("i"), glyphs, plain, font, font_size, pango, forms) if rtl and not met else ()
    found = []
    for i, (glyph, text) in enumerate(zip(glyphs, texts)):
        if text is None:
            continue
        if i in forms:
            pdfjs.forms[start + len(found)] = forms[i]
        if i in moved:
            pdfjs.texts[start + len(found)] = moved[i]
        if i in veiled:
            pdfjs.veiled[start + len(found)] = veiled[i]
        if i in flushed:
            pdfjs.flushes.add(start + len(found))
        found.append(Glyph(font, glyph, text[0], text[1] or (
            text[0] if i in gapped or i in moved or i in veiled or i in flushed else None)))
    return found


def _note_climbing(font, fields, texts: list, font_size: float) -> None:
    """Mark the font as one whose letters climb (Nastaliq's) where a run draws a letter over
    CLIMB off the baseline (PangoGlyphInfo's y offset: every fifth field from the fourth). Marks
    are drawn off it in every Arabic font, and Amiri moves a letter by up to 0.02 em."""
    if not getattr(font, "climbs", False):
        least = CLIMB * font_size * PANGO_SCALE
        font.climbs = any(abs(offset) > least and text and unicodedata.category(text[0]).startswith("L")
                          for offset, text in zip(fields[3::5], texts))


def _stretch(width: int, glyph: int, font, font_size: float) -> float:
    """How much wider (thousandths of an em) Pango draws a glyph than its font's width: justification."""
    return width * 1000 / PANGO_SCALE / font_size - font.widths.get(glyph, 0)


def _mark_gaps(fields, glyphs, run_utf8: bytes, clusters: list, font, font_size: float, before, start: int,
               empty: int, gaps: dict) -> None:
    """Adds to `gaps` (pdf_anchors) the right-to-left run's spaces just left of a glyph of a cluster that
    holds a mark, by their index in the line (the run's glyphs start at `start`), with the gap pdf.js
    measures from the space's end to the mark: the space's stretch plus the mark's x offset (as
    WeasyPrint writes it: Pango units per point of the font size). `before` is the word space just
    before the run, if any: its PangoGlyphInfo, font and size, and its index in the line."""
    if before is not None:
        first = next((i for i, glyph in enumerate(glyphs) if glyph != empty), None)
        if first is not None and _holds_mark(run_utf8, clusters, first):
            info, space_font, space_size, index = before
            stretch = _stretch(info.geometry.width, info.glyph, space_font, space_size)
            gaps[index] = stretch + fields[5 * first + 2] / font_size
    for match in MARK_THEN_SPACE.finditer(run_utf8):
        at = match.end() - 1  # the space's byte offset: its cluster
        if at not in clusters or (i := clusters.index(at)) + 1 >= len(glyphs) or not _holds_mark(
                run_utf8, clusters, i + 1):
            continue
        kept = i - glyphs[:i].count(empty)
        gaps[start + kept] = _stretch(fields[5 * i + 1], glyphs[i], font, font_size) + fields[5 * i + 7] / font_size


def _holds_mark(run_utf8: bytes, clusters: list, index: int) -> bool:
    """Whether the cluster of the right-to-left run's glyph at `index` holds a nonspacing mark (Mn)."""
    begin = clusters[index]
    end = next((start for start in reversed(clusters[:index]) if start > begin), len(run_utf8))  # clusters fall
    return any(unicodedata.category(character) == "Mn" for character in run_utf8[begin:end].decode())


def _beside_forms(moved: dict, veiled: dict, flushed: set, forms: dict, texts: list) -> tuple:
    """pdf_pieces' texts and veils, and the run's forms (pdf_widths), that go together: a veil over
    the join after a glyph with a form goes (the glyph's advance closes it) but in a word with texts
    mirrored, and the words with texts mirrored or veils left keep WeasyPrint's adjustments, which
    pdf_pieces read their cuts from."""
    spaces = [i for i, text in enumerate(texts) if text and text.isspace()]
    mirrored_words = {bisect_left(spaces, i) for i in (*moved, *flushed)}
    veiled = {i: raised for i, raised in veiled.items() if raised or i not in forms or forms[i].advance is None
              or bisect_left(spaces, i) in mirrored_words}
    return (moved, veiled, flushed), pdf_widths.outside(forms, texts, {*moved, *veiled, *flushed})


def _mirrored(fields, glyphs, texts, font, font_size, forms: dict) -> tuple:
    """pdf_pieces.mirrored() for a right-to-left run with raised glyphs (Nastaliq's)."""
    if not any(fields[3::5]):
        return {}, {}, set()
    return mirrored(fields, texts, list(map(font.widths.get, glyphs, repeat(0))), font_size, forms.keys())


def _carrier_code(font):
    """The code of the font's glyph that opens its ActualText spans (pdf_spans._carried), or None:
    a right-to-left format character, so that PDFium takes the span it opens for right-to-left
    (IsRightToLeft reads such a glyph's code as its character) and places its text accordingly."""
    glyph = getattr(font, "carrier", None)
    if glyph is None:
        return None
    code = _textless_alias(font, glyph, "carrier")
    if code is None:
        font.carrier = None
    return code


def _parting_code(font, glyph: int, fonts: dict):
    """The code of the glyph drawn before a mark (or a letter after a joiner) that PDFium would
    read with the punctuation before it (pdf_spans.parted_marks), or None: the font's first such
    mark (a glyph of no width, with ink: PDFium drops a text object without), drawn invisible,
    with a code PDFium reads as a right-to-left mark; with no mark yet, the glyph itself written
    with a form of no advance (pdf_widths) and that mark for its text."""
    if font.widths.get(glyph, 1) == 0:
        font.__dict__.setdefault("parting", glyph)
    if getattr(font, "parting", None) is not None:
        return _textless_alias(font, font.parting, "parting")
    if not pdf_widths.formable(font, fonts):
        return None  # drawn, the glyph would move the pen
    return _form_code(font, glyph, "\u200f", pdf_widths.Form(0, None, None))


def _textless_alias(font, glyph: int, role: str):
    """A code of RTL_TEXTLESS_CODES for the glyph in the role (its ToUnicode text empty), or None if
    the font has none left."""
    aliases = _aliases(font)
    if (glyph, role) not in aliases:
        used = set(aliases.values())
        free = [code for code in RTL_TEXTLESS_CODES if code not in used and code >= font.glyph_count + len(font.missing)]
        if not free:
            return None
        aliases[glyph, role] = free[0]
        font.alias_glyphs[free[0]] = glyph
        font.to_unicode[free[0]] = ""
    return aliases[glyph, role]


def _find_carrier(font, pango_font, glyphs, font_size: float, stream, pango) -> None:
    """Gives the font its carrier (pdf_spans._carried): of the run's glyphs of no width but some ink
    (dots and small marks, in Noto Nastaliq Urdu) and the carrier it has, the narrowest. PDFium
    puts a space between two spans only where the second carrier starts further from the first
    than the first's width (a glyph of no advance: its box's) and a threshold that grows with it
    (cpdf_textpage.cpp GenerateSpace): the first such glyph found, a dot a third of an em wide,
    took in a short word and its space, and the two words came back glued in drawing order
    (`لاہور آ` read `آلاہور`). A carrier's code, once written, keeps its place in the Encoding:
    it is pointed at the narrower glyph, which the run draws, so that the subset has it."""
    tried = font.__dict__.setdefault("carrier_tried", set())
    for glyph in glyphs:
        if glyph not in tried and font.widths.get(glyph, 1) == 0:
            tried.add(glyph)
            pango.pango_font_get_glyph_extents(pango_font, glyph, stream.ink_rect, stream.logical_rect)
            width = stream.ink_rect.width / font_size  # (a font's runs come at several sizes)
            if stream.ink_rect.width > 0 and stream.ink_rect.height > 0 and (
                    getattr(font, "carrier", None) is None or width < font.carrier_width):
                _carrier_becomes(font, glyph)
                font.carrier_width = width


def _carrier_becomes(font, glyph: int) -> None:
    """Makes `glyph` the font's carrier, its carrier code (if written already) pointed at it."""
    old = getattr(font, "carrier", None)
    aliases = _aliases(font)
    if old is not None and (old, "carrier") in aliases:
        code = aliases[glyph, "carrier"] = aliases.pop((old, "carrier"))
        font.alias_glyphs[code] = glyph
    font.carrier = glyph


def _veil_with(font, pango_font, glyphs, stream, pango, pdfjs: ForPdfjs, start: int) -> None:
    """Gives the run's veils (from `start` on) the font's glyph of no width and no ink (one of
    the run's glyphs: Noto Nastaliq Urdu has several); drops them if the font has none here."""
    if not hasattr(font, "veil"):
        font.veil = None
    if font.veil is None:
        for glyph in glyphs:
            if font.widths.get(glyph, 1) == 0:
                pango.pango_font_get_glyph_extents(pango_font, glyph, stream.ink_rect, stream.logical_rect)
                if stream.ink_rect.width == 0 and stream.ink_rect.height == 0:
                    font.veil = glyph
                    break
    for index in [index for index in pdfjs.veiled if index >= start]:
        if font.veil is None:
            del pdfjs.veiled[index]
        else:
            pdfjs.veiled[index] = (pdfjs.veiled[index], font.veil)


def _gapped(fields, glyphs, texts, font, font_size, pango, forms: dict | None = None) -> set:
    """Of a run's glyphs (with their texts, None for a glyph that draws nothing), the indexes of
    those whose box (origin to origin + advance, as they are written: a glyph written with a form
    has the form's advance, which meets the next glyph) is apart from the box of the letter before
    them by more than poppler and pdf.js take for a letter gap, or overlaps it by more than poppler
    takes for a letter overlap. Spaces are word boundaries."""
    scale = 1000 / PANGO_SCALE / font_size
    advances = list(map(font.widths.get, glyphs, repeat(0)))
    for i, form in (forms or {}).items():
        if form.advance is not None:
            advances[i] = form.advance
    if not any(fields[2::5]) and pango.PANGO_GLYPH_EMPTY not in glyphs:
        if 0 not in advances:  # every glyph a box at its pen position (most runs): one pass in C
            return _kerned(list(map(sub, map(scale.__mul__, fields[1::5]), advances)), texts)
    origins = [pen + x_offset / font_size for pen, x_offset in zip(
        accumulate((width * scale for width in fields[1::5]), initial=0.0), fields[2::5])]
    drawn = [(i, origins[i], advances[i]) for i, glyph in enumerate(glyphs)
             if glyph != pango.PANGO_GLYPH_EMPTY and not (texts[i] is None or texts[i].isspace())]
    boxes = [box for box in drawn if box[2]]
    return {index for (i, origin, advance), (j, next_origin, _) in zip(boxes, boxes[1:])
            if not -MAX_OVERLAP <= next_origin - origin - advance <= MAX_GAP
            and not any(texts[k] is not None and texts[k].isspace() for k in range(i + 1, j))
            for index in (j - 1, j)} | _marks_apart(drawn, texts)


def _marks_apart(drawn: list, texts: list) -> set:
    """Of a run's drawn glyphs ((index, origin, advance), thousandths of an em), the marks (glyphs of
    no advance) drawn before their letter that poppler cuts their word at, with the glyph after
    them. poppler joins no Arabic mark to a letter (its combiningTable has only spacing accents);
    a gap over 0.1 em or an overlap over 0.2 em from the box before it (TextPage::addChar:
    endWord()) puts the mark in a word of its own. Noto Nastaliq draws the damma of `اُس` 0.22 em
    right of the alef's origin, and the alef, over 0.2 em left of the damma, starts another word,
    which sorts before the mark's (`ُاس`); the kasra of `اِس`, 0.11 em right, leaves a space
    (`اِ س`). poppler reads such a word by its ActualText. A mark over the middle of the glyph drawn
    before it (its own letter, a cluster's first glyph) is left as it is: poppler keeps the order
    there, and a span costs PDFium, which runs its bidi over a span's text (`كثيرًا` → `اًكثير`).
    The limits are poppler's, with a small margin (MARK_GAP): a wider one would take Amiri's
    tanween, 0.086 em after the letter before it, which poppler keeps in the word."""
    found = set()
    for (h, origin, advance), (i, mark, width), (j, next_origin, next_advance) in zip(drawn, drawn[1:], drawn[2:]):
        if width or not advance or not next_advance or texts[i] == "" or any(
                texts[k] is not None and texts[k].isspace() for k in range(h + 1, j)):
            continue
        over_letter = abs(mark - origin - advance / 2) < COMBINING_SHARE * advance
        if not over_letter and not -MARK_OVERLAP <= mark - origin - advance <= MARK_GAP:
            found.update((i, j))
    return found


def _kerned(gaps: list, texts: list) -> set:
    """_gapped() for a run whose glyphs all sit at their pen positions: the gap after a glyph is
    its Pango width less its advance, and a pair with a space on either side is no letter pair."""
    del gaps[-1]  # the last glyph has no letter after it in the run
    if -MAX_OVERLAP <= min(gaps, default=0) and max(gaps, default=0) <= MAX_GAP:
        return set()
    return {index for i, gap in enumerate(gaps) if not -MAX_OVERLAP <= gap <= MAX_GAP
            and not (texts[i].isspace() or texts[i + 1].isspace()) for index in (i, i + 1)}


# Step 2: the code each glyph is written with


def line_codes(line: list, fresh: dict, unknown: int) -> tuple:
    """The code WeasyPrint wrote for each glyph of the line, and the code it gets (_code_for)."""
    glyphs = list(map(itemgetter(1), line))
    fonts = set(map(itemgetter(0), line))
    font = next(iter(fonts), None)
    if len(fonts) != 1 or font.bitmap or max(glyphs) & unknown:
        written = [g.font.missing[g.glyph - unknown] if g.glyph & unknown else g.glyph for g in line]
        return written, [code if g.font.bitmap or g.glyph & unknown or (
                             g.text and g.font.to_unicode.get(code) == g.text and code not in fresh[id(g.font)])
                         else _code_for(g.font, g.glyph, g.text, fresh[id(g.font)]) for g, code in zip(line, written)]
    # one font (most lines): only the glyphs whose code may change take a Python call
    texts, new, codes = list(map(itemgetter(2), line)), fresh[id(font)], glyphs.copy()
    changing = sorted({*compress(count(), map(ne, map(font.to_unicode.get, glyphs), texts)),
                       *compress(count(), map(not_, texts)),
                       *(compress(count(), map(new.__contains__, glyphs)) if new else ())})
    for i in changing:  # in line order: a glyph's first text in the line may become its own
        codes[i] = _code_for(font, glyphs[i], texts[i], new)
    return glyphs, codes


def _code_for(font, glyph: int, text: str, fresh: set) -> int:
    if text == "":
        return _textless_code(font, glyph)
    if glyph in fresh:  # first drawn in this line: WeasyPrint's mapping may be a cluster's slice
        fresh.discard(glyph)
        font.to_unicode[glyph] = text
    if font.to_unicode.get(glyph) == text:
        return glyph
    aliases = _aliases(font)
    if (glyph, text) not in aliases:
        code = _free_code(font)
        aliases[glyph, text] = code
        font.alias_glyphs[code] = glyph
        font.to_unicode[code] = text
    return aliases[glyph, text]


def _free_code(font) -> int:
    """The next alias code down from the top that no glyph has and no textless glyph may want
    (TEXTLESS_CODES): an alias on a code already drawn would redraw that glyph as its own."""
    code = font.next_alias
    while code in font.alias_glyphs or code in _TEXTLESS:
        code -= 1
    if code <= font.glyph_count + len(font.missing):
        raise AdapterMismatch(f"font {font.family!r}: no codes left for its text layer")
    font.next_alias = code - 1
    return code


def _form_code(font, glyph: int, text: str, form) -> int:
    """The code of the glyph drawn as `form` for `text`: an alias code, which the Encoding CMap maps
    to the glyph pdf_widths adds to the subset for the form (its CID) and ToUnicode to the text."""
    aliases, key = _aliases(font), (glyph, form.advance)
    if (key, text) not in aliases:
        forms = font.__dict__.setdefault("forms", {})  # (glyph, advance) → its glyph's place after the subset's
        code = _free_code(font)
        aliases[key, text] = code
        font.alias_glyphs[code] = glyph
        font.to_unicode[code] = text
        font.__dict__.setdefault("form_codes", {})[code] = forms.setdefault(key, len(forms))
    return aliases[key, text]


def _textless_code(font, glyph: int) -> int:
    """A code for a glyph that shows no character of its own. Its ToUnicode entry is empty; PDFium
    and pdf.js then read the code itself as the character, so the code is an invisible format
    character (pdf.js drops those); poppler and PDFium read the cluster's ActualText instead.
    Once the font has used every format character (a long Nastaliq article may), the code is an
    alias whose ToUnicode entry is one (OVERFLOW_TEXT): read as the alias code itself, it would
    be a presentation form (`اسپﱟ ینش`)."""
    aliases = _aliases(font)
    if (glyph, None) not in aliases:
        used = set(aliases.values())
        free = [code for code in TEXTLESS_CODES if code not in used and code >= font.glyph_count + len(font.missing)]
        code = free[0] if free else _free_code(font)
        aliases[glyph, None] = code
        font.alias_glyphs[code] = glyph
        font.to_unicode[code] = "" if free else OVERFLOW_TEXT
    return aliases[glyph, None]


def _aliases(font) -> dict:
    if not hasattr(font, "aliases"):
        font.aliases, font.alias_glyphs, font.next_alias = {}, {}, TOP_CODE
    return font.aliases


def _veil_codes(line: list, veiled: dict) -> dict:
    """The code of each veil: its glyph's textless code, where that is a format character (any
    other code pdf.js would read as a character)."""
    codes = {index: (raised, _textless_code(line[index].font, glyph)) for index, (raised, glyph) in veiled.items()}
    return {index: veil for index, veil in codes.items() if veil[1] in _TEXTLESS}


def _fresh_glyphs(fonts: dict, before: dict) -> dict:
    """Per font, the glyph ids WeasyPrint mapped for the first time while drawing the line."""
    fresh = {}
    for font in fonts.values():
        added = len(font.to_unicode) - before.get(id(font), 0)
        fresh[id(font)] = set(islice(reversed(font.to_unicode), added))
    return fresh


def _exact_draw_first_line(original):
    from weasyprint.text.ffi import ffi, pango

    def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
        fonts = stream._fonts
        before = {id(font): len(font.to_unicode) for font in fonts.values()}
        start = len(stream.stream)
        layout, lines, used = textbox.pango_layout, [], {}
        get_first_line, add_font = layout.get_first_line, stream.add_font
        layout.get_first_line = lambda: lines.append(get_first_line()) or lines[-1]  # the line it draws
        stream.add_font = lambda pango_font: used.setdefault(pango_font, add_font(pango_font))  # its fonts
        try:
            with _spaces_drawn(textbox):
                emojis = original(stream, textbox, text_overflow, block_ellipsis, matrix)
        finally:
            del layout.get_first_line, stream.add_font
        if len(stream.stream) == start:
            return emojis
        pdfjs, levels = ForPdfjs({}, {}, {}, {}, set()), []
        line = _line_glyphs(stream, used, textbox, lines[-1][0], pango, ffi, pdfjs, levels)
        if textbox.style["direction"] == "rtl" and len(levels) > 1:
            line = _mixed_words_item_by_item(line, levels, pdfjs)
        fresh = _fresh_glyphs(fonts, before)
        coded = [glyph._replace(text=pdfjs.texts[i]) if i in pdfjs.texts else glyph for i, glyph in enumerate(line)] \
            if pdfjs.texts else line  # pdf.js's texts for the codes; the spans keep the glyphs' own
        if textbox.style["direction"] == "rtl":
            line, coded = _expansions_for_pdfjs(line, coded)
            coded = anchored(coded, anchors(levels, [glyph.text for glyph in coded], pdfjs.mark_gaps))
        written, codes = line_codes(coded, fresh, pango.PANGO_GLYPH_UNKNOWN_FLAG)
        for i, form in pdfjs.forms.items():
            if form.advance is not None:
                codes[i] = _form_code(line[i].font, line[i].glyph, coded[i].text, form)
        veils = _veil_codes(line, pdfjs.veiled)
        carriers = {id(font): code for font in set(map(itemgetter(0), line))
                    if (code := _carrier_code(font)) is not None}
        adjusted = {i: (form.before, form.after, form.rest) for i, form in pdfjs.forms.items()}
        parted, closing = {}, {}
        if textbox.style["direction"] == "rtl":
            line = _every_word_carried(line, carriers, levels)
            line, closing = _marked_last_spanned(line, fonts)
            marks = parted_marks([glyph.text for glyph in coded], word_spans(line))
            parted = {i: code for i in marks
                      if not line[i].font.bitmap and (code := _parting_code(line[i].font, line[i].glyph, fonts)) is not None}
        stones = _stones(line, coded, fonts, pdfjs.forms) if textbox.style["direction"] == "rtl" else {}
        box_text = textbox.text  # (this line's part of it)
        junction = _junction_stone(stream, matrix, line, levels, fonts, box_text, textbox.style["direction"] == "rtl")
        if junction is not None and junction[1] is None and 0 not in stones:
            stones[0] = (junction[0], False)  # (before any adjustment)
        if stones and (pdfjs.texts or pdfjs.flushes):
            pdfjs.flushes.update(_stones_alone(line, stones, pdfjs))
        islands = _islands(line, coded, levels) if textbox.style["direction"] == "rtl" else {}
        stream.stream[start:] = rewrite(stream.stream[start:], line, written, codes, veils, carriers, adjusted,
                                        parted, stones, levels, pdfjs.flushes, islands, closing)
        if textbox.style["direction"] == "rtl" and (line[0].text.isspace() or line[-1].text.isspace()):
            last_x = _last_glyph_x(lines[-1][0], ffi) if line[-1].text.isspace() else None
            stream.stream[start:] = edge_spaces_read_in_order(stream.stream[start:], line, codes, last_x,
                                                              _font_in_force(stream.stream, start))
        if len(used) > 1:  # (a line of one font draws its spaces in its words' text operations)
            stream.stream[start:] = spaces_boxed(stream.stream[start:], line, codes, [font for font, _ in used.values()])
        if junction is not None and junction[1] is not None:  # the stone ends the box before
            stream.stream[junction[1]:junction[1]] = stoned(junction[0], b"0")
        stream.copydesk_last_box = box_end(stream, matrix, line, levels, fonts, box_text)
        return emojis

    draw_first_line.exact_text = True
    return draw_first_line


def _expansions_for_pdfjs(line: list, coded: list) -> tuple:
    """The line and its codes' texts with each right-to-left glyph text that pdf.js would expand
    (its normalizeUnicode: NFKC of a presentation form of several letters, `ﷺ`) written expanded
    already, in drawing order, and its word in an ActualText span with the glyphs' own texts.
    pdf.js expands such a character where it stands in the item's text, drawing order, and its
    bidi() then reverses the item: `ﷺ` came back `ملسو هيلع هللا ىلص`, which no search finds."""
    expanding = [i for i, glyph in enumerate(coded) if PDFJS_EXPANDS.search(glyph.text)
                 and any(len(unicodedata.normalize("NFKC", char)) > 1 for char in PDFJS_EXPANDS.findall(glyph.text))]
    if not expanding:
        return line, coded
    line, coded = list(line), list(coded)
    for i in expanding:
        logical = PDFJS_EXPANDS.sub(lambda form: unicodedata.normalize("NFKC", form[0]), coded[i].text[::-1])
        coded[i] = coded[i]._replace(text=logical[::-1])
        line[i] = line[i]._replace(actual=line[i].actual or line[i].text)
    return line, coded


def _mixed_words_item_by_item(line: list, levels: list, pdfjs: ForPdfjs) -> list:
    """The line with each word that pdf.js reads in pieces, joined in drawing order, read glyph by
    glyph (pdf_pieces.item_by_item), in an ActualText span, which the other readers take instead
    of the glyphs' texts: a word that mixes directions, with runs in other fonts or a run
    pdf_pieces cut, and a right-to-left word with a letter of another font (setFont ends pdf.js's
    text item: Noto Nastaliq Urdu has no `ﺅ`, and `باﺅلر` came back `لرﺅبا`)."""
    firsts = [first for first, _ in levels]
    line, start = list(line), 0
    for end in [*compress(count(), (glyph.text.isspace() for glyph in line)), len(line)]:
        word = range(start, end)
        word_levels = [levels[bisect_right(firsts, index) - 1][1] for index in word]
        fonts = len({id(line[index].font) for index in word})
        if (len(set(word_levels)) > 1 and (fonts > 1 or any(index in pdfjs.texts or index in pdfjs.flushes
                                                             for index in word))
                or fonts > 1 and any(level % 2 for level in word_levels)):
            read = item_by_item([line[index].text for index in word], word_levels)
            if read is not None:
                for index in word:
                    pdfjs.texts.pop(index, None)
                    pdfjs.flushes.discard(index)
                pdfjs.texts.update((start + place, text) for place, text in read[0].items())
                pdfjs.flushes.update(start + place for place in read[1])
                line[start] = line[start]._replace(actual=line[start].actual or line[start].text)
        start = end + 1
    return line


def _marked_last_spanned(line: list, fonts: dict) -> tuple:
    """The line with each right-to-left word drawn mark first (its last letter carries a mark:
    `مقرراً` is drawn `ً`, `ا`, …), or punctuation first and then a mark (`دولاراً،`: PDFium took
    the two for one weak segment, `دولارا،ً`), in an ActualText span, and the stone (pdf_spans.stoned) that
    closes each such span, by the index of the glyph after the span: {end: code}. poppler cut
    the mark off the word (TextPage::addChar takes a mark within 0.1 em of its neighbour for a
    duplicate, or one past the word's end for a new word: `مقررا ً`) and reads a span's text
    instead (ar 132 -> 34 words, fa 14 -> 7). A span ends pdf.js's text item, and pdf.js joins a line's items in
    drawing order: the span's item ran into both its neighbours (`لإقناعمقرراً`), whose edge
    spaces are on their far sides. A stone opens the span (_stones: it opens with a mark) and
    one closes it (its text opening with ARABIC_LETTER_MARK), each read as a space by pdf.js and
    by no one else (in the span, poppler and PDFium read its ActualText, PDFium its own:
    pdf_spans.pdfium_actual_text): ar pdf.js 121 -> 68 words, fa 27 -> 16. A font that can
    have no stone (no glyphs of its own advance, pdf_widths.formable) keeps such words unspanned."""
    spanned, line, start, closing = word_spans(line), list(line), 0, {}
    for end in [*compress(count(), (glyph.text.isspace() for glyph in line)), len(line)]:
        first = line[start] if end > start else None
        mark = next((glyph for glyph in line[start:end] if not _punctuation(glyph.text)), None)  # (`دولاراً،`)
        if first is not None and spanned[start] is None and mark is not None and is_mark(mark.text) \
                and not first.font.bitmap and pdf_widths.formable(first.font, fonts):
            line[start] = first._replace(actual=first.text)
            last = line[end - 1]
            closing[end] = _form_code(last.font, _no_ink(last.font, line, last.glyph), ARABIC_LETTER_MARK + " ", STONE)
        start = end + 1
    return line, closing


def _punctuation(text: str) -> bool:
    return bool(text) and all(unicodedata.category(char)[0] == "P" for char in text)


def _islands(line: list, coded: list, levels: list) -> dict:
    """Each left-to-right word of a right-to-left line that mixes digits and Latin letters (`5G`),
    outside the spans, by its first glyph, with its text: {start: (end, text)}, for a marked
    content that gives PDFium the word's text. PDFium reads a line's runs of one direction (digits
    are weak left to right to it, pdf_spans.PDFIUM_DIRECTIONS) in the paragraph's order, right to
    left (`G5`), but an ActualText's in its own (ur 68 -> 55 words). Only PDFium gets it: poppler,
    given a span's ActualText there, took the space after the word into it (`5Gآئی`). Left: a
    word whose runs PDFium puts in other lines, with Nastaliq's raised glyphs (`MI6` -> `6MI`)."""
    firsts, spanned = [first for first, _ in levels], word_spans(line)
    found, start = {}, 0
    for end in [*compress(count(), (glyph.text.isspace() for glyph in line)), len(line)]:
        text = "".join(line[index].text for index in range(start, end))
        directions = {PDFIUM_DIRECTIONS.get(unicodedata.bidirectional(char)) for char in text}
        if {"L", "W"} <= directions and "R" not in directions and not any(spanned[start:end]) and not any(
                levels[bisect_right(firsts, index) - 1][1] % 2 for index in range(start, end)):
            found[start] = (end, "".join(coded[index].text for index in range(start, end)))  # (with its anchors)
        start = end + 1
    return found


def _every_word_carried(line: list, carriers: dict, levels: list) -> list:
    """The line with each right-to-left word of a font whose letters climb (Nastaliq's) in an
    ActualText span, which opens with a carrier, where one of them is. PDFium places a span by
    its carrier, on the baseline, and a word without one by its glyphs, raised and lowered: beside
    the spans, such a word ran into the one after it, which then came back reversed (`میں طے`
    read `ںیمطے`)."""
    carriers = {key for key, code in carriers.items() if any(
        id(glyph.font) == key and getattr(glyph.font, "climbs", False) for glyph in line)}
    if not carriers or not any(glyph.actual is not None and id(glyph.font) in carriers for glyph in line):
        return line
    spanned = {start for start, _, _ in span_ranges(line)}
    firsts = [first for first, _ in levels]
    line, start = list(line), 0
    for end in [*compress(count(), (glyph.text.isspace() for glyph in line)), len(line)]:
        word = line[start:end]
        if word and start not in spanned and id(word[0].font) in carriers and "".join(g.text for g in word) and all(
                levels[bisect_right(firsts, index) - 1][1] % 2 for index in range(start, end)):
            line[start] = word[0]._replace(actual=word[0].text)
        start = end + 1
    return line


def _stones(line: list, coded: list, fonts: dict, forms: dict) -> dict:
    """The stone (pdf_spans.stoned) that a glyph of no width to pdf.js opening a span or the line
    gets, by its index: the code of a glyph of a thousandth of an em (a form, pdf_widths), read as
    ANCHOR and a space, and whether it goes after the adjustment before the glyph. A mark (by its
    text for pdf.js, in `coded`) gets one after it where it is written with a form, in a span that
    opens with a carrier too (without, the mark was an item of its own, which pdf.js joined to the
    word before: `وقالً ‏وسعيا`); a glyph of no width that pdf.js reads as a letter (pdf_pieces
    gave a mark's glyph a letter's text) is compared with the glyph before it where it is drawn,
    after its adjustment: its stone goes there."""
    found = {}
    for start in {0, *(start for start, _, _ in span_ranges(line))}:
        glyph = line[start]
        as_mark = read_as_mark(coded[start].text)
        relettered = coded[start].text != glyph.text and not glyph.font.widths.get(glyph.glyph, 0)
        if not (as_mark or relettered) or glyph.font.bitmap \
                or not pdf_widths.formable(glyph.font, fonts):
            continue
        after = not as_mark or start in forms and forms[start].advance is not None
        # a glyph of no ink (PDFium reads a text object with ink, however narrow)
        found[start] = (_form_code(glyph.font, _no_ink(glyph.font, line, glyph.glyph), ANCHOR + " ", STONE), after)
    return found


class BoxEnd(NamedTuple):
    """How the text box drawn last in a stream ends, for the box drawn after it (_junction_stone)."""
    y: float  # its baseline: the same for the boxes of a line
    bare: bool  # whether it has no word space at either edge (one drawn at the junction, see edge_spaces_read_in_order)
    right_to_left: bool  # whether its last glyph is of a right-to-left run
    end: int  # where its operations end in the stream
    font: object  # the font of its last glyph, in force at its end, if one a stone can be written in, else None
    base: int  # a glyph of no ink of that font
    last: str  # its last character, in logical order
    open_start: bool  # whether no word runs into its first character from the box before it


def _junction_stone(stream, matrix, line: list, levels: list, fonts: dict, text: str, rtl: bool) -> tuple | None:
    """The stone (see _stones) that opens a text box drawn on the line of the box drawn before it,
    where one of the two meets the other with a right-to-left run and neither has a word space at
    its edges, as (code, None); (code, where the box before ends in the stream) for a stone that
    ends the box before instead; None for none.

    WeasyPrint draws a line's boxes in logical order (a Latin run in a right-to-left paragraph is
    a box of its own, `<bdi>`), each at its own text matrix, and a right-to-left run's glyphs left
    to right: pdf.js, joining its text items in drawing order with nothing between two where the
    pen moves back, read a right-to-left box's first word (drawn last) against the next box's
    start, and the next box's first drawn glyph, a right-to-left box's last word, against the box
    before (`وہ‏The`, `Ivanہیں`). The stone is read as a space there. poppler reads it where it is
    drawn, at one end of a box's text: it goes where that end is no word's middle (`لـCNN` is one
    word across two boxes), at this box's start where its font takes forms (pdf_widths.formable),
    else at the end of the box before. PDFium drops it (a text object under 0.01 wide). `text` is
    the box's, in logical order; `rtl`: whether the line is right to left."""
    before, first = getattr(stream, "copydesk_last_box", None), line[0]
    if before is None or abs(before.y - matrix.values[5]) > 0.01 or not before.bare or _edge_spaced(line) \
            or not (before.right_to_left or levels[0][1] % 2) or before.end > len(stream.stream):
        return None
    joined = _in_word(before.last) and _in_word(text[:1])
    # where poppler reads each stone: boxes are drawn left to right, so this box's start is its left
    # edge and the box before ends at its right; in a right-to-left line a box's left edge meets the
    # box after it, and its right edge the box before it
    here, there = (not _in_word(text[-1:]), before.open_start) if rtl else (not joined, not joined)
    if here and not first.font.bitmap and pdf_widths.formable(first.font, fonts):
        return _form_code(first.font, _no_ink(first.font, line, first.glyph), ANCHOR + " ", STONE), None
    if there and before.font is not None:
        return _form_code(before.font, before.base, ANCHOR + " ", STONE), before.end
    return None


def box_end(stream, matrix, line: list, levels: list, fonts: dict, text: str) -> BoxEnd:
    """The BoxEnd of a text box whose operations end the stream (`text`: the box's)."""
    last, before = line[-1], getattr(stream, "copydesk_last_box", None)
    font_in_force = _font_in_force(stream.stream, len(stream.stream))
    writable = not last.font.bitmap and pdf_widths.formable(last.font, fonts) \
        and font_in_force is not None and font_in_force.split()[0][1:] == last.font.hash.encode()
    joined = before is not None and abs(before.y - matrix.values[5]) <= 0.01 and _in_word(before.last) \
        and _in_word(text[:1])
    return BoxEnd(matrix.values[5], not _edge_spaced(line), levels[-1][1] % 2 == 1, len(stream.stream),
                  last.font if writable else None, _no_ink(last.font, line, last.glyph), text[-1:], not joined)


def _edge_spaced(line: list) -> bool:
    return line[0].text.isspace() or line[-1].text.isspace()


def _no_ink(font, line: list, glyph: int) -> int:
    """A glyph of the font with no ink, for a stone: its veil or its space, else `glyph`."""
    return getattr(font, "veil", None) or next(
        (other.glyph for other in line if other.font is font and other.text == " "), glyph)


def _in_word(char: str) -> bool:
    """Whether a character is one a word runs on with: a letter, a digit, a mark, ZWNJ."""
    return bool(char) and (char.isalnum() or unicodedata.category(char)[0] == "M" or char == "\u200c")


def _stones_alone(line: list, stones: dict, pdfjs: ForPdfjs) -> set:
    """The spans' first glyphs after a stone that pdf.js is to read in an item of their own: the
    words whose glyphs have other texts for pdf.js (pdf_pieces), whose first item pdf.js reads
    first, so that the stone's space, in it, came inside the word (`یٰ ‏علا`)."""
    return {start for start, end, _ in span_ranges(line) if start in stones and any(
        index in pdfjs.texts or index in pdfjs.flushes for index in range(start, end))}


def _font_in_force(operations: list, start: int) -> bytes:
    """The last font operation before `start` (WeasyPrint writes one only where the font changes)."""
    return next((operation for i in range(start - 1, -1, -1)
                 if isinstance(operation := operations[i], bytes) and operation.endswith(b" Tf")), b"")


def _last_glyph_x(first_line, ffi) -> float:
    """Where the line's last glyph is drawn, from the line's start: the advances before it."""
    advances, run = [], first_line.runs[0]
    while run != ffi.NULL:
        glyph_string, run = run.data.glyphs, run.next
        advances.extend(glyph_string.glyphs[i].geometry.width for i in range(glyph_string.num_glyphs))
    return sum(advances[:-1]) / PANGO_SCALE


@contextmanager
def _spaces_drawn(textbox):
    """A text box of spaces only (the space between two inline elements, `<location>…</location>
    <date>…</date>`) drawn as its space glyphs, which WeasyPrint skips as invisible: without them
    the text layer has no space there, and extractors guess one from the gap or run the words
    together (`واشنگٹن7`). A space glyph has no outline: the page looks the same."""
    text = textbox.text
    if text and not text.strip():
        textbox.text = "spaces"  # only WeasyPrint's is-it-blank test reads it; the layout has the text
    try:
        yield
    finally:
        textbox.text = text


# Step 3: the fonts: alias codes in the Encoding CMap, not in the subset; forms' glyphs in the subset


def _with_alias_encoding(original):
    import pydyf

    def build(font_dictionary, pdf, font, widths, compress, *args):
        alias_glyphs = getattr(font, "alias_glyphs", None)
        if not alias_glyphs:
            return original(font_dictionary, pdf, font, widths, compress, *args)
        form_cids, widths = _form_cids(font, widths)
        # WeasyPrint's own Encoding would map codes to themselves; its CIDSet reads font.widths
        missing, font.missing, own_widths, font.widths = font.missing, {}, font.widths, widths
        try:
            original(font_dictionary, pdf, font, widths, compress, *args)
        finally:
            font.missing, font.widths = missing, own_widths
        notdef = set(missing.values())
        cids = {code: 0 if code in notdef else form_cids.get(code) or alias_glyphs.get(code, code)
                for code in font.to_unicode}
        encoding = pydyf.Stream(_encoding_cmap(cids), pydyf.Dictionary({
            "Type": "/CMap", "CMapName": "/WP-Encod-0",
            "CIDSystemInfo": pydyf.Dictionary({"Registry": pydyf.String("Adobe"),
                                               "Ordering": pydyf.String("Identity"), "Supplement": 0}),
        }), compress=compress)
        pdf.add_object(encoding)
        font_dictionary["Encoding"] = encoding.reference

    return build


def _encoding_cmap(cids: dict) -> list:
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
             b"/CIDSystemInfo", b"3 dict dup begin", b"/Registry (Adobe) def",
             b"/Ordering (Identity) def", b"/Supplement 0 def", b"end def",
             b"/CMapName /WP-Encod-0 def", b"/CMapType 1 def",
             b"1 begincodespacerange", b"<0000> <ffff>", b"endcodespacerange"]
    items = sorted(cids.items())
    for batch in range(0, len(items), 100):  # a CMap holds at most 100 entries per block
        chunk = items[batch:batch + 100]
        lines.append(b"%d begincidchar" % len(chunk))
        lines.extend(b"<%04x> %d" % (code, cid) for code, cid in chunk)
        lines.append(b"endcidchar")
    return lines + [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]


def _form_cids(font, widths: dict) -> tuple:
    """The CID of each form's code (the glyph pdf_widths added to the subset for it), and the
    widths with those CIDs' (the forms' advances) and without WeasyPrint's .notdef stand-ins
    (codes past the font's glyphs, which the Encoding maps to CID 0) where the new glyphs are."""
    form_codes = getattr(font, "form_codes", None)
    if not form_codes:
        return {}, widths
    first = getattr(font, "first_form_glyph", None)
    if first is None:  # WeasyPrint embeds the subset of another font object on the same file
        raise AdapterMismatch(f"font {font.family!r}: its forms' glyphs are not in the subset embedded")
    advances = {first + index: advance for (_, advance), index in font.forms.items()}
    kept = {cid: width for cid, width in widths.items() if cid < first}
    return {code: first + index for code, index in form_codes.items()}, {**kept, **advances}


def _subset_without_aliases(original):
    def clean(self, to_unicode, hinting):
        aliases = getattr(self, "alias_glyphs", None)
        if aliases:  # alias codes are no glyph ids: the subset keeps only real glyphs
            to_unicode = {code: text for code, text in to_unicode.items() if code not in aliases}
        original(self, to_unicode, hinting)
        forms = getattr(self, "forms", None)
        if forms:  # each form's glyph, after the subset's (pdf_widths)
            self.file_content, self.first_form_glyph = pdf_widths.add_glyphs(
                self.file_content, [(glyph, 0, advance) for glyph, advance in forms], self.upem)

    return clean
