"""Article tree → DOCX bytes that Word and LibreOffice show right to left correctly.

Steps: 1 a new document from python-docx's template; 2 styles from the style table (styles.py)
for the article's direction, fonts and language; 3 page setup and a footer with the page number —
steps 1-3 once per look and process (the template); 4 one handler per article element adds
paragraphs and runs to a copy of the template's body, runs split by script so only right-to-left
runs carry w:rtl; 5 core properties; 6 the package zipped, shared parts compressed once.
Raw OOXML lives in ooxml.py only; python-docx builds the template, lxml the article's body.
"""

import io
import re
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

from lxml import etree

from convert.document import names
from convert.errors import CopydeskError, OutputError
from convert.writers.bidi import direction_runs
from convert.writers.docx import cache, ooxml, package

DEFAULT_COMPLEX_SCRIPT_FONT = "Times New Roman"  # on every Word install, with Arabic and Hebrew glyphs
DEFAULT_LATIN_FONT = "Times New Roman"
PAGE_SIZES = {"A4": (210, 297), "A5": (148, 210), "LETTER": (215.9, 279.4), "LEGAL": (215.9, 355.6)}
MARGIN_MM = 25
CORE_PROPERTY_LIMIT = 255  # characters python-docx (and Word) allow in a core property
BIDI_LANGUAGES = {"ar": "ar-SA", "fa": "fa-IR", "ur": "ur-PK", "he": "he-IL", "ps": "ps-AF", "yi": "yi"}
DOCUMENT_PART, CORE_PART = "word/document.xml", "docProps/core.xml"


def write(tree, options) -> bytes:
    root = tree.getroot()
    direction = root.get("dir")
    lang = language_slots(root.get(names.XML_LANG))
    body_font = options.font or DEFAULT_COMPLEX_SCRIPT_FONT
    latin_font = options.font if (options.font and direction == "ltr") else DEFAULT_LATIN_FONT
    page = look(direction, body_font, latin_font, lang, options.page_size)  # steps 1-3, once per look
    document = deepcopy(page.document)
    writer = _Writer(document.find(ooxml.qn("w:body")), page.style_ids, direction)
    for element in root:  # step 4
        writer.render(element)
    writer.close()
    core = deepcopy(page.core)
    set_core_properties(core, root)  # step 5
    made = {DOCUMENT_PART: document, CORE_PART: core}
    return package.zip_package([package.compress(name, _part_bytes(made[name])) if name in made else entry
                                for name, entry in page.entries])  # step 6


def prepare() -> None:
    """Import python-docx and the style table before workers are forked (each builds its looks)."""
    _styles()


def _part_bytes(element) -> bytes:
    return etree.tostring(element, encoding="UTF-8", standalone=True)  # as python-docx serializes a part


@dataclass(frozen=True)
class Look:
    """A template, ready to fill: its shared parts compressed, its body and core properties parsed,
    and the style id of each role (python-docx maps built-in style names to ids)."""

    entries: tuple  # (part name, package.Entry or None for the parts made per article), in zip order
    document: object
    core: object
    style_ids: dict


@lru_cache(maxsize=32)
def look(direction: str, body_font: str, latin_font: str, lang: tuple, page_size: str) -> Look:
    """The look's template: from the disk cache (cache.py) when it is there, else built and stored."""
    arguments = (direction, body_font, latin_font, lang, page_size)
    cached = cache.load(arguments)
    if cached is None:
        document = template_document(*arguments)
        table = {**_styles().PARAGRAPH_STYLES, **_styles().CHARACTER_STYLES}
        style_ids = {role: document.styles[style.name].style_id for role, style in table.items()}
        stream = io.BytesIO()
        document.save(stream)
        cached = stream.getvalue(), style_ids
        cache.store(arguments, *cached)
    data, style_ids = cached
    entries = package.read_entries(data)  # compressed once, by python-docx's save
    made = {name: package.decompress(entry) for name, entry in entries if name in (DOCUMENT_PART, CORE_PART)}
    return Look(tuple((name, None if name in made else entry) for name, entry in entries),
                etree.fromstring(made[DOCUMENT_PART]), etree.fromstring(made[CORE_PART]), style_ids)


def _styles():
    """The style table (styles.py imports python-docx's style API: template time only)."""
    import convert.writers.docx.styles

    return convert.writers.docx.styles


def template_document(direction: str, body_font: str, latin_font: str, lang: tuple, page_size: str):
    """Steps 1-3, once per look: python-docx's template with our styles, language and page setup
    (styling a document costs more than filling it)."""
    import docx

    document = docx.Document()  # step 1
    _styles().install(document, direction, body_font, latin_font, lang)  # step 2
    ooxml.set_theme_font_language(document.settings.element, *lang)
    setup_pages(document, page_size, direction)  # step 3
    return document


def template(direction: str, body_font: str, latin_font: str, lang: tuple, page_size: str) -> bytes:
    """A look's template as a DOCX of its own (an empty article in the house style)."""
    stream = io.BytesIO()
    template_document(direction, body_font, latin_font, lang, page_size).save(stream)
    return stream.getvalue()


def language_slots(lang: str) -> tuple[str, str | None]:
    """(Latin slot, bidi slot) for w:lang: an RTL language goes in the bidi slot."""
    primary = lang.split("-")[0].lower()
    if primary in BIDI_LANGUAGES:
        return "en-US", lang if "-" in lang else BIDI_LANGUAGES[primary]
    return (lang if "-" in lang else {"en": "en-US"}.get(primary, lang)), "ar-SA"


def setup_pages(document, page_size: str, direction: str) -> None:
    from docx.shared import Mm

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


def set_core_properties(core, root) -> None:
    """docProps/core.xml: title, author, language, keywords, a fixed revision and the created date."""
    headline = root.find(f"{names.HEAD}/{names.HEADLINE}")
    first = next(("".join(p.itertext()) for p in root.iter(names.P)), "")
    title = headline.text if headline is not None else " ".join(first.split()[:12])
    bylines = [b.text for b in root.iter(names.BYLINE) if b.text]
    keywords = ", ".join(" ".join(h.text.split()) for h in root.iter(names.HEADING) if h.text)
    created = root.find(f"{names.META}/{names.CREATED}")
    moment = (datetime.fromisoformat(created.text.replace("Z", "+00:00")) if created is not None
              else datetime(2000, 1, 1, tzinfo=timezone.utc))
    stamp = moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    for name, value in (("title", title[:CORE_PROPERTY_LIMIT]),
                        ("author", ("; ".join(bylines) if bylines else "copydesk")[:CORE_PROPERTY_LIMIT]),
                        ("last_modified_by", "copydesk"), ("language", root.get(names.XML_LANG)),
                        ("keywords", keywords[:CORE_PROPERTY_LIMIT]), ("revision", "1"),
                        ("created", stamp), ("modified", stamp)):
        ooxml.set_core_property(core, name, value)


class _Writer:
    """Adds paragraphs for article elements to the body; one method per element (HANDLERS)."""

    def __init__(self, body, style_ids: dict, direction: str):
        self.body = body
        self.section = body.find(ooxml.qn("w:sectPr"))  # stays last: moved after the paragraphs on close
        self.direction = direction
        self.style_ids = style_ids

    def close(self) -> None:
        if self.section is not None:
            self.body.append(self.section)

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
        direction = element.get("dir") or self.direction
        style_id = None if role == "paragraph" else self.style_ids[role]  # Normal is the default, not written
        paragraph = ooxml.add_body_paragraph(self.body, style_id, direction == "rtl")
        self.inline(paragraph, element, direction, None)
        return paragraph

    def inline(self, paragraph, element, direction: str, character_style) -> None:
        self.runs(paragraph, element.text or "", direction, character_style)
        for child in element:
            role = names.local(child.tag)
            if role == "attribution":
                self.inline(paragraph, child, direction, character_style)
            elif role in INLINE_ROLES:
                self.inline(paragraph, child, direction, self.style_ids.get(role, character_style))
            else:
                raise CopydeskError(f"the DOCX writer has no handler for inline <{role}>")
            self.runs(paragraph, child.tail or "", direction, character_style)

    def runs(self, paragraph, text: str, direction: str, character_style) -> None:
        """Runs split by script: w:rtl on right-to-left runs only, never on Latin ones."""
        text = _SPACES.sub(" ", text)
        for piece, other in direction_runs(text, direction):
            ooxml.add_run(paragraph, piece, character_style, (direction == "rtl") != other)


_SPACES = re.compile(r"\s+")
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
