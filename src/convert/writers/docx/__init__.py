"""Article tree → DOCX bytes that Word and LibreOffice show right to left correctly.

Steps: 1 a new document from python-docx's template; 2 styles from the style table (styles.py)
for the article's direction, fonts and language; 3 page setup and a footer with the page number;
4 one handler per article element adds paragraphs and runs, runs split by script so only
right-to-left runs carry w:rtl; 5 core properties; 6 save. Raw OOXML lives in ooxml.py only.
"""

import io
import zipfile
import re
from datetime import datetime, timezone
from functools import lru_cache

import docx
from docx.shared import Mm

from convert.document import names
from convert.errors import CopydeskError, OutputError
from convert.writers.bidi import direction_runs
from convert.writers.docx import ooxml, styles

DEFAULT_COMPLEX_SCRIPT_FONT = "Times New Roman"  # on every Word install, with Arabic and Hebrew glyphs
DEFAULT_LATIN_FONT = "Times New Roman"
PAGE_SIZES = {"A4": (210, 297), "A5": (148, 210), "LETTER": (215.9, 279.4), "LEGAL": (215.9, 355.6)}
MARGIN_MM = 25
CORE_PROPERTY_LIMIT = 255  # characters python-docx (and Word) allow in a core property
BIDI_LANGUAGES = {"ar": "ar-SA", "fa": "fa-IR", "ur": "ur-PK", "he": "he-IL", "ps": "ps-AF", "yi": "yi"}


def write(tree, options) -> bytes:
    root = tree.getroot()
    direction = root.get("dir")
    lang = language_slots(root.get(names.XML_LANG))
    body_font = options.font or DEFAULT_COMPLEX_SCRIPT_FONT
    latin_font = options.font if (options.font and direction == "ltr") else DEFAULT_LATIN_FONT
    document = docx.Document(io.BytesIO(template(direction, body_font, latin_font, lang, options.page_size)))  # 1-3
    writer = _Writer(document, direction)
    for element in root:  # step 4
        writer.render(element)
    set_core_properties(document, root)  # step 5
    stream = io.BytesIO()
    document.save(stream)  # step 6
    return reproducible(stream.getvalue())


def reproducible(package: bytes) -> bytes:
    """The same package with every part dated 1980-01-01 (the ZIP epoch) and mode 0644: the same
    article gives the same bytes on every run and every machine (python-docx stamps the clock)."""
    source, out = zipfile.ZipFile(io.BytesIO(package)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            target.writestr(fixed, source.read(info))
    return out.getvalue()


@lru_cache(maxsize=32)
def template(direction: str, body_font: str, latin_font: str, lang: tuple, page_size: str) -> bytes:
    """Steps 1-3 once per look: python-docx's template with our styles, language and page setup.
    A batch of articles reuses it (styling a document costs more than filling it)."""
    document = docx.Document()  # step 1
    styles.install(document, direction, body_font, latin_font, lang)  # step 2
    ooxml.set_theme_font_language(document.settings.element, *lang)
    setup_pages(document, page_size, direction)  # step 3
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def language_slots(lang: str) -> tuple[str, str | None]:
    """(Latin slot, bidi slot) for w:lang: an RTL language goes in the bidi slot."""
    primary = lang.split("-")[0].lower()
    if primary in BIDI_LANGUAGES:
        return "en-US", lang if "-" in lang else BIDI_LANGUAGES[primary]
    return (lang if "-" in lang else {"en": "en-US"}.get(primary, lang)), "ar-SA"


def setup_pages(document, page_size: str, direction: str) -> None:
    size = PAGE_SIZES.get(page_size.upper())
    if size is None:
        raise OutputError(f"unknown page size {page_size!r}; choose from {', '.join(PAGE_SIZES)}")
    for section in document.sections:
        section.page_width, section.page_height = Mm(size[0]), Mm(size[1])
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(MARGIN_MM))
        if direction == "rtl":
            ooxml.set_section_bidi(section._sectPr)
        footer = section.footer.paragraphs[0]
        footer.style = document.styles["Footer"]
        ooxml.set_justification(ooxml.properties(footer._p, "pPr"), "center")
        ooxml.append_page_number_field(footer._p)


def set_core_properties(document, root) -> None:
    properties = document.core_properties
    headline = root.find(f"{names.HEAD}/{names.HEADLINE}")
    first = next(("".join(p.itertext()) for p in root.iter(names.P)), "")
    title = headline.text if headline is not None else " ".join(first.split()[:12])
    properties.title = title[:CORE_PROPERTY_LIMIT]
    bylines = [b.text for b in root.iter(names.BYLINE) if b.text]
    properties.author = ("; ".join(bylines) if bylines else "copydesk")[:CORE_PROPERTY_LIMIT]
    properties.last_modified_by = "copydesk"
    properties.language = root.get(names.XML_LANG)
    keywords = ", ".join(" ".join(h.text.split()) for h in root.iter(names.HEADING) if h.text)
    properties.keywords = keywords[:CORE_PROPERTY_LIMIT]
    properties.revision = 1
    created = root.find(f"{names.META}/{names.CREATED}")
    moment = (datetime.fromisoformat(created.text.replace("Z", "+00:00")) if created is not None
              else datetime(2000, 1, 1, tzinfo=timezone.utc))
    properties.created = properties.modified = moment.replace(tzinfo=None)


class _Writer:
    """Adds paragraphs for article elements; one method per element (HANDLERS)."""

    def __init__(self, document, direction: str):
        self.document = document
        self.direction = direction
        # style objects, not names: python-docx looks a name up across every style on each use
        table = {**styles.PARAGRAPH_STYLES, **styles.CHARACTER_STYLES}
        self.styles = {role: document.styles[style.name] for role, style in table.items()}

    def render(self, element) -> None:
        handler = HANDLERS.get(names.local(element.tag))
        if handler is None:
            raise CopydeskError(f"the DOCX writer has no handler for <{names.local(element.tag)}>")
        handler(self, element)

    def render_children(self, element) -> None:
        for child in element:
            self.render(child)

    def paragraph(self, element, role: str):
        """A paragraph in the role's style, in the element's own direction when it has one."""
        paragraph = self.document.add_paragraph()
        if role != "paragraph":  # by id, as for runs; Normal is the default and is not written
            paragraph._p.style = self.styles[role].style_id
        direction = element.get("dir") or self.direction
        if direction == "rtl":
            ooxml.set_paragraph_bidi(ooxml.properties(paragraph._p, "pPr"))
        self.inline(paragraph, element, direction, None)
        return paragraph

    def inline(self, paragraph, element, direction: str, character_style) -> None:
        self.runs(paragraph, element.text or "", direction, character_style)
        for child in element:
            role = names.local(child.tag)
            if role == "attribution":
                self.inline(paragraph, child, direction, character_style)
            elif role in INLINE_ROLES:
                self.inline(paragraph, child, direction, self.styles.get(role, character_style))
            else:
                raise CopydeskError(f"the DOCX writer has no handler for inline <{role}>")
            self.runs(paragraph, child.tail or "", direction, character_style)

    def runs(self, paragraph, text: str, direction: str, character_style) -> None:
        """Runs split by script: w:rtl on right-to-left runs only, never on Latin ones."""
        text = re.sub(r"\s+", " ", text)
        for piece, other in direction_runs(text, direction):
            run = paragraph.add_run(piece)
            if character_style is not None:  # by id: python-docx's style= scans every style per run
                run._r.style = character_style.style_id
            if (direction == "rtl") != other:
                ooxml.set_run_rtl(ooxml.properties(run._r, "rPr"))


INLINE_ROLES = {"dateline", "location", "agency", "date", "cue", "source", "quote"}


def _skip(writer, element):
    return None


def _block(role):
    def handler(writer, element):
        if element.get("derived") == "true":
            return None  # a made-up title is metadata (core properties), never visible text
        writer.paragraph(element, role)
    return handler


HANDLERS = {
    "meta": _skip,
    "head": lambda w, e: w.render_children(e),
    "headline": _block("headline"),
    "subheadline": _block("subheadline"),
    "byline": _block("byline"),
    "body": lambda w, e: w.render_children(e),
    "section": lambda w, e: w.render_children(e),
    "heading": _block("heading"),
    "p": _block("paragraph"),
    "aside": _block("aside"),
    "end": lambda w, e: w.render_children(e),
    "credit": _block("credit"),
}
