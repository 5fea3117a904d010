"""DOCX bytes (made by copydesk and edited in Word or LibreOffice, or typed by anyone) → article tree.

Steps: 1 open the package (a zip: word/document.xml, styles.xml, core properties), parsed safely;
2 paragraphs in reading order with tracked changes accepted (w:ins kept, w:del and w:moveFrom
dropped, a deleted paragraph mark joins two paragraphs) and comments ignored; 3 each paragraph's
role: from copydesk's styles (writers/docx/styles.py: Title, Subtitle, Byline, Heading 1, Aside,
End Credit, Normal) when the document has them, else the text reader's classification rules,
paragraph by paragraph; 4 direction from w:bidi (paragraph, style, defaults) and w:rtl (runs),
language from the core properties; 5 inline: the dateline and attribution passes, checked against
the character styles (Dateline, Cue, Source, Quote Char), which win where an editor changed them;
6 build. Everything visible in the body is kept: the lossless rule holds for visible_text().
"""

import io
import logging
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from convert.document import names
from convert.document.build import Block, Span
from convert.errors import InputError
from convert.readers import assemble
from convert.readers.text.blocks import Unit
from convert.readers.text.classify import aside_kind, classify, credit_kind

log = logging.getLogger(__name__)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
DC = "http://purl.org/dc/elements/1.1/"
MAX_PART_BYTES = 200 * 1024 * 1024  # a zip bomb is refused before it is inflated
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)

# copydesk's paragraph styles (by lower-cased name; Word stores built-ins as "heading 1") → block kinds
PARAGRAPH_ROLES = {"title": "headline", "subtitle": "subheadline", "byline": "byline", "heading 1": "heading",
                   "normal": "paragraph", "aside": "aside", "end credit": "credit"}
CHARACTER_ROLES = {"dateline": names.DATELINE, "cue": names.CUE, "source": names.SOURCE, "quote char": names.QUOTE}
# styles only copydesk defines: a document that has them was written by copydesk
OWN_STYLES = {"byline", "aside", "end credit", "dateline", "cue", "source", "quote char"}
_SKIPPED = {f"{{{W}}}{t}" for t in ("del", "moveFrom", "pPr", "rPr", "instrText", "delText", "commentReference",
                                    "footnoteReference", "endnoteReference", "drawing", "pict", "object")}
_SKIPPED.add(f"{{{MC}}}Fallback")


def w(local: str) -> str:
    return f"{{{W}}}{local}"


def is_docx(name: str, data: bytes) -> bool:
    if name.lower().endswith(".docx"):
        return True  # read_docx says clearly when it is not one
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "word/document.xml" in package.namelist()
    except zipfile.BadZipFile:
        return False


@dataclass
class Paragraph:
    """One paragraph as read: its text, role from the style, direction, character-style ranges."""

    text: str = ""
    style: str | None = None  # lower-cased style name
    bidi: bool | None = None
    rtl_chars: int = 0
    styled: list = field(default_factory=list)  # (start, end, tag)
    mark_deleted: bool = False


def read_docx(data: bytes, options):
    """Read a DOCX into an article tree (not yet validated)."""
    parts = _open(data, options.name)  # step 1
    styles = _Styles(parts.get("word/styles.xml"))
    paragraphs = _paragraphs(parts["word/document.xml"], styles)  # step 2
    if not paragraphs:
        raise InputError(f"{options.name}: the DOCX has no text")
    own = styles.own()
    log.debug("step 3, roles: %s styles", "copydesk" if own else "no copydesk")
    blocks = _blocks_from_styles(paragraphs) if own else _blocks_by_rules(paragraphs)
    declared_lang = _core_language(parts.get("docProps/core.xml"))
    document_dir = _document_direction(paragraphs, styles, parts["word/document.xml"], own)
    lang, direction = assemble.document_language(blocks, options.lang, declared_lang, document_dir)
    assemble.block_languages(blocks, direction)  # step 4
    assemble.inline_spans(blocks, lang, options.attributions)  # step 5
    if own:
        _apply_character_styles(blocks)
    return assemble.build(blocks, assemble.meta_for(data, options), lang, direction, options.title)  # step 6


def _document_direction(paragraphs, styles, document: bytes, own: bool) -> str | None:
    """rtl when the default style or the section says bidi; else the direction most of the text
    is marked with; None (the letters decide) when nothing in the document marks a direction."""
    if styles.default_bidi() or _section_bidi(document):
        return "rtl"
    if own:
        return "ltr"  # copydesk writes bidi into the styles of every right-to-left document
    marked = [(len(p.text), _direction(p)) for p in paragraphs if _direction(p) is not None]
    if not marked:
        return None
    rtl = sum(n for n, d in marked if d == "rtl")
    return "rtl" if rtl * 2 > sum(n for n, _ in marked) else "ltr"


# --- step 1: the package -------------------------------------------------------------------------

def _open(data: bytes, name: str) -> dict:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"{name}: not a DOCX (not a zip package)") from None
    parts = {}
    with package:
        for part in ("word/document.xml", "word/styles.xml", "docProps/core.xml"):
            try:
                info = package.getinfo(part)
            except KeyError:
                continue
            if info.file_size > MAX_PART_BYTES:
                raise InputError(f"{name}: {part} inflates to {info.file_size} bytes; refused")
            parts[part] = package.read(part)
    if "word/document.xml" not in parts:
        raise InputError(f"{name}: not a DOCX (no word/document.xml)")
    return parts


def _xml(data: bytes, name: str = "part"):
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as err:
        raise InputError(f"{name}: not well-formed XML in the DOCX: {err.msg}") from None
    return root


def _core_language(data: bytes | None) -> str | None:
    if not data:
        return None
    found = _xml(data).findtext(f"{{{DC}}}language")
    return found.strip() if found and found.strip() else None


def _section_bidi(document: bytes) -> bool:
    root = _xml(document)
    section = root.find(f"{w('body')}/{w('sectPr')}")
    return section is not None and _on(section.find(w("bidi")))


def _on(element) -> bool | None:
    """A WordprocessingML on/off property: None when absent, else its value (default on)."""
    if element is None:
        return None
    return element.get(w("val"), "true").lower() not in ("0", "false", "off")


class _Styles:
    """styles.xml: style ids → names, base styles and paragraph direction."""

    def __init__(self, data: bytes | None):
        self.by_id, self.default_paragraph, self.any_bidi, self.defaults_bidi = {}, None, False, None
        if not data:
            return
        root = _xml(data, "styles.xml")
        defaults = root.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}")
        self.defaults_bidi = _on(defaults.find(w("bidi"))) if defaults is not None else None
        for style in root.iter(w("style")):
            name = (style.find(w("name")).get(w("val")) if style.find(w("name")) is not None else "").lower()
            ppr = style.find(w("pPr"))
            bidi = _on(ppr.find(w("bidi"))) if ppr is not None else None
            self.any_bidi = self.any_bidi or bool(bidi)
            base = style.find(w("basedOn"))
            self.by_id[style.get(w("styleId"))] = (name, base.get(w("val")) if base is not None else None, bidi,
                                                   style.get(w("type")))
            if style.get(w("type")) == "paragraph" and _on(style.find(w("default"))) is None and \
                    style.get(w("default")) in ("1", "true", "on"):
                self.default_paragraph = style.get(w("styleId"))

    def own(self) -> bool:
        found = {name for name, _, _, _ in self.by_id.values()}
        return len(found & OWN_STYLES) >= 3

    def name(self, style_id: str | None) -> str | None:
        style_id = style_id or self.default_paragraph
        return self.by_id[style_id][0] if style_id in self.by_id else None

    def role(self, style_id: str | None, table: dict) -> str | None:
        """The role of a style or of the nearest base style that has one."""
        seen = set()
        style_id = style_id or self.default_paragraph
        while style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            name, base, _, _ = self.by_id[style_id]
            if name in table:
                return name
            style_id = base
        return None

    def bidi(self, style_id: str | None) -> bool | None:
        seen = set()
        style_id = style_id or self.default_paragraph
        while style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            _, base, bidi, _ = self.by_id[style_id]
            if bidi is not None:
                return bidi
            style_id = base
        return self.defaults_bidi

    def default_bidi(self) -> bool:
        return bool(self.bidi(None))


# --- step 2: paragraphs, tracked changes accepted ------------------------------------------------

def _paragraphs(document: bytes, styles: _Styles) -> list[Paragraph]:
    body = _xml(document, "word/document.xml").find(w("body"))
    if body is None:
        return []
    found: list[Paragraph] = []
    for element in _walk(body):
        paragraph = _paragraph(element, styles)
        if found and found[-1].mark_deleted:  # the mark between them was deleted: one paragraph now
            found[-1].styled += [(s + len(found[-1].text), e + len(found[-1].text), t) for s, e, t in paragraph.styled]
            found[-1].text += paragraph.text
            found[-1].rtl_chars += paragraph.rtl_chars
            found[-1].mark_deleted = paragraph.mark_deleted
        else:
            found.append(paragraph)
    return [p for p in found if p.text.strip()]


def _walk(element):
    """Every w:p in reading order (tables and content controls included), skipping deleted
    content and the fallback copies of alternate content."""
    for child in element:
        if child.tag in _SKIPPED or not isinstance(child.tag, str):
            continue
        if child.tag == w("p"):
            yield child
        else:
            yield from _walk(child)


def _paragraph(p, styles: _Styles) -> Paragraph:
    ppr = p.find(w("pPr"))
    style_id = ppr.find(w("pStyle")).get(w("val")) if ppr is not None and ppr.find(w("pStyle")) is not None else None
    paragraph = Paragraph(style=styles.role(style_id, PARAGRAPH_ROLES) or styles.name(style_id))
    own_bidi = _on(ppr.find(w("bidi"))) if ppr is not None else None
    paragraph.bidi = own_bidi if own_bidi is not None else styles.bidi(style_id)
    mark = ppr.find(f"{w('rPr')}/{w('del')}") if ppr is not None else None
    paragraph.mark_deleted = mark is not None
    for run in _runs(p):
        _add_run(paragraph, run, styles)
    return paragraph


def _runs(element):
    for child in element:
        if child.tag in _SKIPPED or not isinstance(child.tag, str) or child.tag == w("p"):
            continue
        if child.tag == w("r"):
            yield child
        else:  # w:ins, w:hyperlink, w:smartTag, w:sdt, w:fldSimple, w:moveTo …
            yield from _runs(child)


def _add_run(paragraph: Paragraph, run, styles: _Styles) -> None:
    rpr = run.find(w("rPr"))
    if rpr is not None and _on(rpr.find(w("vanish"))):
        return  # hidden text is not visible text
    text = "".join(_run_text(run))
    if not text:
        return
    start = len(paragraph.text)
    paragraph.text += text
    if rpr is not None and _on(rpr.find(w("rtl"))):
        paragraph.rtl_chars += len(text)
    style = rpr.find(w("rStyle")) if rpr is not None else None
    role = styles.role(style.get(w("val")), CHARACTER_ROLES) if style is not None else None
    if role:
        tag = CHARACTER_ROLES[role]
        if paragraph.styled and paragraph.styled[-1][2] == tag and paragraph.styled[-1][1] == start:
            paragraph.styled[-1] = (paragraph.styled[-1][0], len(paragraph.text), tag)
        else:
            paragraph.styled.append((start, len(paragraph.text), tag))


def _run_text(run):
    for child in run:
        if child.tag == w("t"):
            yield child.text or ""
        elif child.tag in (w("tab"), w("ptab")):
            yield "\t"
        elif child.tag in (w("br"), w("cr")):
            yield "\n"
        elif child.tag == w("noBreakHyphen"):
            yield "\u2011"


def visible_text(data: bytes) -> str:
    """The text a reader sees in the DOCX's body, tracked changes accepted: the lossless rule's input."""
    parts = _open(data, "<docx>")
    return "\n".join(p.text for p in _paragraphs(parts["word/document.xml"], _Styles(parts.get("word/styles.xml"))))


# --- step 3: roles ------------------------------------------------------------------------------

def _blocks_from_styles(paragraphs: list[Paragraph]) -> list[Block]:
    """copydesk's styles name the roles; aside and credit kinds come from the text reader's rules
    over the whole document (as when the text was read), else from the line alone."""
    by_rules = classify(_units(paragraphs))
    blocks = []
    for paragraph, ruled in zip(paragraphs, by_rules):
        kind = PARAGRAPH_ROLES.get(paragraph.style or "normal", "paragraph")
        subkind = None
        if kind in ("aside", "credit"):
            line_rule = aside_kind if kind == "aside" else credit_kind
            subkind = (ruled.subkind if ruled.kind == kind else None) or line_rule(paragraph.text) or "other"
        blocks.append(_block(kind, paragraph, subkind))
    return blocks


def _blocks_by_rules(paragraphs: list[Paragraph]) -> list[Block]:
    """A DOCX without copydesk's styles: one unit per paragraph, classified as plain text is."""
    return [_block(ruled.kind, paragraph, ruled.subkind) for paragraph, ruled in zip(paragraphs, classify(_units(paragraphs)))]


def _units(paragraphs: list[Paragraph]) -> list[Unit]:
    return [Unit(" ".join(p.text.split()), index) for index, p in enumerate(paragraphs)]


def _block(kind: str, paragraph: Paragraph, subkind: str | None) -> Block:
    block = Block(kind, paragraph.text, [Span(s, e, t) for s, e, t in paragraph.styled], subkind=subkind)
    direction = _direction(paragraph)
    if direction is not None:
        block.dir = direction
    assemble.tidy(block)
    block.styled, block.spans = block.spans, []
    return block


def _direction(paragraph: Paragraph) -> str | None:
    if paragraph.bidi is not None:
        return "rtl" if paragraph.bidi else "ltr"
    if paragraph.rtl_chars:
        return "rtl" if paragraph.rtl_chars * 2 > len(paragraph.text.strip()) else "ltr"
    return None


# --- step 5: character styles ------------------------------------------------------------------------

def _apply_character_styles(blocks: list[Block]) -> None:
    """Where an editor's character styles differ from what the passes found, the styles win."""
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    for number, block in enumerate(paragraphs, 1):
        styled = {(s.start, s.end, s.tag) for s in getattr(block, "styled", [])}
        found = {(s.start, s.end, s.tag) for s in block.spans if s.tag in CHARACTER_ROLES.values()}
        if styled != found:
            block.spans = _spans_from_styles(block.text, block.spans, styled, f"p{number}a")


def _spans_from_styles(text: str, spans: list[Span], styled: set, id_prefix: str) -> list[Span]:
    """Keep found spans the styles confirm: a dateline (with its parts), each attribution whose
    cue and source are both styled; pair the other styled cues and sources into attributions;
    every styled quote, linked to the attribution beside it."""
    kept = []
    datelines = [s for s in spans if s.tag == names.DATELINE and (s.start, s.end, s.tag) in styled]
    for dateline in datelines:
        kept += [s for s in spans if dateline.start <= s.start and s.end <= dateline.end
                 and s.tag in (names.DATELINE, names.LOCATION, names.AGENCY, names.DATE)]
    if not datelines:
        kept += [Span(a, b, t) for a, b, t in styled if t == names.DATELINE]
    attributions, used = [], set()
    for attribution in (s for s in spans if s.tag == names.ATTRIBUTION):
        inner = [s for s in spans if s is not attribution and attribution.start <= s.start and s.end <= attribution.end
                 and s.tag in (names.CUE, names.SOURCE)]
        if inner and all((s.start, s.end, s.tag) in styled for s in inner):
            attributions.append(attribution)
            kept += [attribution] + inner
            used.update((s.start, s.end, s.tag) for s in inner)
    for cue, source in _pairs(text, styled - used, kept):
        identifier = next(f"{id_prefix}{k}" for k in range(1, 1000)
                          if f"{id_prefix}{k}" not in {dict(a.attrs)["id"] for a in attributions})
        attribution = Span(min(cue[0], source[0]), max(cue[1], source[1]), names.ATTRIBUTION, (("id", identifier),))
        attributions.append(attribution)
        kept += [attribution, Span(cue[0], cue[1], names.CUE), Span(source[0], source[1], names.SOURCE)]
    quotes = {(s.start, s.end): s for s in spans if s.tag == names.QUOTE}
    for start, end, tag in sorted(styled):
        if tag == names.QUOTE:
            quote = quotes.get((start, end))
            linked = dict(quote.attrs).get("attribution") if quote is not None else None
            if linked not in {dict(a.attrs)["id"] for a in attributions}:
                linked = _adjacent(text, (start, end), attributions)
            kept.append(Span(start, end, names.QUOTE, (("attribution", linked),) if linked else ()))
    return kept


PAIR_GAP = 60  # characters between a styled cue and its source: one clause, not the next sentence
_LINKING_GAP = re.compile(r"[\s،,:\-–—]*(?:إن|أن|إنه|أنه|that)?[\s،,:\-–—]*")


def _pairs(text: str, styled: set, taken: list[Span]):
    """Each styled cue with the nearest free styled source within PAIR_GAP characters."""
    cues = sorted((a, b) for a, b, t in styled if t == names.CUE)
    sources = sorted((a, b) for a, b, t in styled if t == names.SOURCE)
    for cue in cues:
        near = [s for s in sources if max(s[0] - cue[1], cue[0] - s[1]) <= PAIR_GAP]
        near = [s for s in near if not any(t.start < max(cue[1], s[1]) and min(cue[0], s[0]) < t.end for t in taken)]
        if near:
            source = min(near, key=lambda s: max(s[0] - cue[1], cue[0] - s[1]))
            sources.remove(source)
            yield cue, source


def _adjacent(text: str, quote: tuple, attributions: list[Span]) -> str | None:
    """The attribution right before or after a quote, with only punctuation or إن/أن/that between."""
    for attribution in attributions:
        start, end = attribution.start, attribution.end
        gap = text[end:quote[0]] if end <= quote[0] else text[quote[1]:start] if quote[1] <= start else None
        if gap is not None and _LINKING_GAP.fullmatch(gap):
            return dict(attribution.attrs)["id"]
    return None
