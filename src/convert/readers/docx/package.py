"""The parts of a DOCX package → paragraphs as a reader sees them: text with tracked changes
accepted, style names, direction marks and character-style ranges. Reads WordprocessingML only
(writing it stays in writers/docx/ooxml.py)."""

import io
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from convert.document import names
from convert.errors import InputError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
DC = "http://purl.org/dc/elements/1.1/"
MAX_PART_BYTES = 200 * 1024 * 1024  # a zip bomb is refused before it is inflated
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)

# copydesk's paragraph styles (by lower-cased name; Word stores built-ins as "heading 1") → block kinds
PARAGRAPH_ROLES = {"title": "headline", "subtitle": "subheadline", "byline": "byline", "heading 1": "heading",
                   "heading 2": "heading", "heading 3": "heading", "normal": "paragraph", "aside": "aside",
                   "end credit": "credit",
                   # the kind of an aside or credit, as the writer's styles carry it (styles.ASIDE_KINDS)
                   **{f"aside {k}": f"aside:{k}" for k in ("caption", "promo", "related", "continued")},
                   **{f"end credit {k}": f"credit:{k}" for k in ("agency", "reporting", "marker", "copyright")}}
CHARACTER_ROLES = {"dateline": names.DATELINE, "cue": names.CUE, "source": names.SOURCE, "quote char": names.QUOTE}
# styles only copydesk defines: a document that has them was written by copydesk
OWN_STYLES = {"byline", "aside", "end credit", "dateline", "cue", "source", "quote char"}
_SKIPPED = {f"{{{W}}}{t}" for t in ("del", "moveFrom", "pPr", "rPr", "instrText", "delText", "commentReference",
                                    "footnoteReference", "endnoteReference")}
_SKIPPED.add(f"{{{MC}}}Fallback")


def w(local: str) -> str:
    return f"{{{W}}}{local}"


@dataclass
class Paragraph:
    """One paragraph as read: its text, role from the style, direction, character-style ranges."""

    text: str = ""
    style: str | None = None  # lower-cased style name
    bidi: bool | None = None
    rtl_chars: int = 0
    styled: list = field(default_factory=list)  # (start, end, tag)
    mark_deleted: bool = False


# --- step 1: the package -------------------------------------------------------------------------

def open_package(data: bytes, name: str) -> dict:
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


def xml(data: bytes, name: str = "part"):
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as err:
        raise InputError(f"{name}: not well-formed XML in the DOCX: {err.msg}") from None
    return root


def core_language(data: bytes | None) -> str | None:
    if not data:
        return None
    found = xml(data).findtext(f"{{{DC}}}language")
    return found.strip() if found and found.strip() else None


def section_bidi(document: bytes) -> bool:
    root = xml(document)
    section = root.find(f"{w('body')}/{w('sectPr')}")
    return section is not None and on(section.find(w("bidi")))


def on(element) -> bool | None:
    """A WordprocessingML on/off property: None when absent, else its value (default on)."""
    if element is None:
        return None
    return element.get(w("val"), "true").lower() not in ("0", "false", "off")


class Styles:
    """styles.xml: style ids → names, base styles and paragraph direction."""

    def __init__(self, data: bytes | None):
        self.by_id, self.default_paragraph, self.any_bidi, self.defaults_bidi = {}, None, False, None
        if not data:
            return
        root = xml(data, "styles.xml")
        defaults = root.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}")
        self.defaults_bidi = on(defaults.find(w("bidi"))) if defaults is not None else None
        for style in root.iter(w("style")):
            name = (style.find(w("name")).get(w("val")) if style.find(w("name")) is not None else "").lower()
            ppr = style.find(w("pPr"))
            bidi = on(ppr.find(w("bidi"))) if ppr is not None else None
            self.any_bidi = self.any_bidi or bool(bidi)
            base = style.find(w("basedOn"))
            self.by_id[style.get(w("styleId"))] = (name, base.get(w("val")) if base is not None else None, bidi,
                                                   style.get(w("type")))
            if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true", "on"):
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

def paragraphs(document: bytes, styles: Styles) -> list[Paragraph]:
    body = xml(document, "word/document.xml").find(w("body"))
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
    """Every w:p in reading order (tables, content controls and text boxes included, a text box
    after the paragraph it is anchored in), skipping deleted content and the fallback copies of
    alternate content."""
    for child in element:
        if child.tag in _SKIPPED or not isinstance(child.tag, str):
            continue
        if child.tag == w("p"):
            yield child
            for box in child.iter(w("txbxContent")):
                if _outermost_box(box, child):
                    yield from _walk(box)
        else:
            yield from _walk(child)


def _outermost_box(box, paragraph) -> bool:
    """A text box directly in this paragraph (not in a box inside it, not a fallback copy)."""
    for ancestor in box.iterancestors():
        if ancestor is paragraph:
            return True
        if ancestor.tag in _SKIPPED or ancestor.tag in (w("txbxContent"), w("p")):
            return False
    return False


def _paragraph(p, styles: Styles) -> Paragraph:
    ppr = p.find(w("pPr"))
    style_id = ppr.find(w("pStyle")).get(w("val")) if ppr is not None and ppr.find(w("pStyle")) is not None else None
    paragraph = Paragraph(style=styles.role(style_id, PARAGRAPH_ROLES) or styles.name(style_id))
    own_bidi = on(ppr.find(w("bidi"))) if ppr is not None else None
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


def _add_run(paragraph: Paragraph, run, styles: Styles) -> None:
    rpr = run.find(w("rPr"))
    if rpr is not None and on(rpr.find(w("vanish"))):
        return  # hidden text is not visible text
    text = "".join(_run_text(run))
    if not text:
        return
    start = len(paragraph.text)
    paragraph.text += text
    if rpr is not None and on(rpr.find(w("rtl"))):
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


