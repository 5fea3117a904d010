"""Article tree → DOCX bytes that Word and LibreOffice show right to left correctly.

Steps: 1 a new document from python-docx's template (or the reference document, emptied); 2 styles
from the style table (styles.py) for the article's direction, faces, language and house style;
3 page setup, a footer with the page number, the faces embedded (embed.py);
— steps 1-3 once per look and process (`look`); 4 one handler per article element adds
paragraphs and runs to a copy of the template's body, written with lxml (python-docx's object
model is what a batch spent its time in), runs split by script so only right-to-left runs carry
w:rtl; 5 core properties; 6 the package zipped, the parts every article shares (styles, fonts)
compressed once per look. Raw OOXML lives in ooxml.py only.
"""

import io
import logging
import re
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import docx
from docx.shared import Mm
from lxml import etree

from convert.document import names, queries
from convert.errors import OutputError
from convert.writers import fonts, handler_for
from convert.writers.bidi import direction_runs
from convert.writers.docx import embed, ooxml, package, styles
from convert.writers.house import house_style

CORE_PROPERTY_LIMIT = 255  # characters python-docx (and Word) allow in a core property
BIDI_LANGUAGES = {"ar": "ar-SA", "fa": "fa-IR", "ur": "ur-PK", "he": "he-IL", "ps": "ps-AF", "yi": "yi"}
# PAGE field digits: OOXML's hindiNumbers are the Arabic-Indic digits Word shows for Arabic-script
# languages (LibreOffice 7.4 reads the format but shows 1, 2, 3: measured)
PAGE_NUMBER_FORMATS = {"ar": "hindiNumbers", "fa": "hindiNumbers", "ur": "hindiNumbers"}
DOCUMENT_PART, CORE_PART = "word/document.xml", "docProps/core.xml"
log = logging.getLogger(__name__)


def write(tree, options) -> bytes:
    root = tree.getroot()
    direction = root.get("dir")
    lang = language_slots(root.get(names.XML_LANG))
    house = house_style(options.house_style, options.reference_doc)
    body, latin = choose_faces(root, house, options.font)
    page = look(direction, body, latin, lang, options.page_size, house, options.proof,
                root.get(names.XML_LANG))  # steps 1-3, once per look
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


FONT_COMPRESSION = 1  # zlib level for embedded fonts: 2.5x faster than 6, 5 % larger


def prepare() -> None:
    """Import python-docx and the style table before workers are forked (each builds its looks)."""
    import convert.writers.docx.styles  # noqa: F401


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
def look(*arguments) -> Look:
    """The template of `arguments` (template()'s), its parts as python-docx compressed them, the
    embedded fonts compressed once (ZIP entries dated 1980-01-01 by package.py: reproducible)."""
    data, embedded = template(*arguments)
    document = docx.Document(io.BytesIO(data))
    table = {**styles.PARAGRAPH_STYLES, **styles.CHARACTER_STYLES}
    style_ids = {role: document.styles[style.name].style_id for role, style in table.items()}
    fonts_by_name = dict(embedded)
    entries = [(name, package.compress(name, fonts_by_name[name], FONT_COMPRESSION) if name in fonts_by_name else entry)
               for name, entry in package.read_entries(data)]
    made = {name: package.decompress(entry) for name, entry in entries if name in (DOCUMENT_PART, CORE_PART)}
    return Look(tuple((name, None if name in made else entry) for name, entry in entries),
                etree.fromstring(made[DOCUMENT_PART]), etree.fromstring(made[CORE_PART]), style_ids)


def choose_faces(root, house, font: str | None):
    """(complex-script face, Latin face): --font or the house style's face for the language, with
    the house Latin face for Latin runs when that face has no Latin letters (Nastaliq)."""
    from convert.readers.text.language import scripts

    lang = root.get(names.XML_LANG)
    body = _face(font or house.fonts.for_language(lang))
    if root.get("dir") == "ltr":
        used = scripts("".join(root.itertext()))
        other = "arabic" if used.get("arabic") else "hebrew" if used.get("hebrew") else None
        complex_script = _face(getattr(house.fonts, other)) if other else body
        return complex_script, body
    has_latin = body.regular is None or ord("a") in fonts.coverage(body.regular)
    return body, (body if has_latin else _face(house.fonts.latin))


def _face(name: str):
    """The face to embed; a family this machine lacks is still named (the reader's Word may have
    it, e.g. Traditional Arabic), only not embedded."""
    try:
        return fonts.find(name, static=True)
    except OutputError:
        if Path(name).suffix.lower() in fonts.FONT_SUFFIXES:
            raise  # a missing font file is a mistake, not a font the reader may have
        log.info("font %r is not installed here: named in the DOCX, not embedded", name)
        return fonts.Face(name, None, None, "named")


@lru_cache(maxsize=32)
def template(direction: str, body, latin, lang: tuple, page_size: str | None, house, proof: bool,
             language: str) -> tuple[bytes, tuple]:
    """Steps 1-3 once per look: the template (python-docx's, or the reference document) with our
    styles, language, page setup and embedded faces (their bytes apart, by ZIP entry name). A
    batch of articles reuses it."""
    document, keep = _start(house.reference_doc)  # step 1
    styles.install(document, direction, body.family, latin.family, lang, house, proof, keep)  # step 2
    ooxml.set_theme_font_language(document.settings.element, *lang)
    setup_pages(document, page_size, direction, house, language)  # step 3
    named = _font_names(document)
    embedded = embed.embed_faces(document, [face for face in dict.fromkeys((body, latin))
                                            if face.regular is not None and face.family in named])
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue(), tuple(embedded.items())


def _start(reference):
    """python-docx's template, or a reference document emptied of its text (its styles, page
    setup, headers and footers stay, as in pandoc); with the names of the styles it defines."""
    if reference is None:
        return docx.Document(), frozenset()
    try:
        document = docx.Document(str(reference))
    except Exception as err:  # python-docx raises several kinds for a file that is not a DOCX
        raise OutputError(f"--reference-doc {reference}: not a readable .docx ({err.__class__.__name__})") from None
    body = document.element.body
    for child in list(body):
        if child.tag != ooxml.qn("w:sectPr"):
            body.remove(child)
    return document, frozenset(style.name for style in document.styles)


def _font_names(document) -> set[str]:
    """The font names the styles use: a face is embedded only when something is set in it."""
    found = set()
    for fonts_element in document.styles.element.iter(ooxml.qn("w:rFonts")):
        found |= {value for key, value in fonts_element.attrib.items() if not key.endswith("Theme") and
                  not key.endswith("theme")}
    return found


def language_slots(lang: str) -> tuple[str, str | None]:
    """(Latin slot, bidi slot) for w:lang: an RTL language goes in the bidi slot."""
    primary = lang.split("-")[0].lower()
    if primary in BIDI_LANGUAGES:
        return "en-US", lang if "-" in lang else BIDI_LANGUAGES[primary]
    return (lang if "-" in lang else {"en": "en-US"}.get(primary, lang)), "ar-SA"


def setup_pages(document, page_size: str | None, direction: str, house, language: str) -> None:
    """Page size and margins (--page-size, else the house style's; a reference document keeps its
    own unless asked), section direction, page-number digits, and a footer with the page number."""
    reference = house.reference_doc is not None
    size_name = page_size or (None if reference else house.page.size)
    size = queries.page_size(size_name) if size_name else None
    for section in document.sections:
        if size:
            section.page_width, section.page_height = Mm(size[0]), Mm(size[1])
        if not reference:
            margins = house.page.margins_mm()
            for side, value in zip(("top_margin", "right_margin", "bottom_margin", "left_margin"), margins):
                setattr(section, side, Mm(value))
        if direction == "rtl":
            ooxml.set_section_bidi(section._sectPr)
        number_format = PAGE_NUMBER_FORMATS.get(language.split("-")[0].lower())
        if number_format:
            ooxml.set_page_number_format(section._sectPr, number_format)
        if reference and any(p.text.strip() or "PAGE" in p._p.xml for p in section.footer.paragraphs):
            continue  # the reference's own footer
        footer = section.footer.paragraphs[0]
        footer.style = document.styles["Footer"]
        ooxml.set_justification(ooxml.properties(footer._p, "pPr"), "center")
        ooxml.append_page_number_field(footer._p)


def set_core_properties(core, root) -> None:
    """docProps/core.xml: title, author, language, keywords, a fixed revision and the created date."""
    created = queries.created(root)
    moment = (datetime.fromisoformat(created.replace("Z", "+00:00")) if created is not None
              else datetime(2000, 1, 1, tzinfo=timezone.utc))
    stamp = moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    for name, value in (("title", queries.title(root)[:CORE_PROPERTY_LIMIT]),
                        ("author", (queries.author(root) or "copydesk")[:CORE_PROPERTY_LIMIT]),
                        ("last_modified_by", "copydesk"), ("language", queries.language(root)),
                        ("keywords", ", ".join(queries.keywords(root))[:CORE_PROPERTY_LIMIT]), ("revision", "1"),
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
        handler_for(HANDLERS, element, "DOCX")(self, element)

    def render_children(self, element) -> None:
        for child in element:
            self.render(child)

    def paragraph(self, element, role: str):
        """A paragraph in the role's style, in the element's own direction when it has one."""
        direction = element.get("dir") or self.direction
        kind_role = f"{role}:{element.get('kind')}"  # an aside's or credit's kind has a style of its own
        role = kind_role if kind_role in self.style_ids else role
        style_id = None if role == "paragraph" else self.style_ids[role]  # Normal is the default, not written
        # the styles say bidi in a right-to-left document: a left-to-right paragraph must say it is not
        bidi = True if direction == "rtl" else (False if self.direction == "rtl" else None)
        paragraph = ooxml.add_body_paragraph(self.body, style_id, bidi)
        self.inline(paragraph, element, direction, None)
        return paragraph

    def inline(self, paragraph, element, direction: str, character_style) -> None:
        self.runs(paragraph, element.text or "", direction, character_style)
        for child in element:
            role = names.local(child.tag) if isinstance(child.tag, str) else None
            if role == "attribution":
                self.inline(paragraph, child, direction, character_style)
            elif role in INLINE_ROLES:
                self.inline(paragraph, child, direction, self.style_ids.get(role, character_style))
            else:
                handler_for({}, child, "DOCX")  # raises MissingHandler, naming the node
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
