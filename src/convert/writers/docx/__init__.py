"""Article tree → DOCX bytes that Word and LibreOffice show right to left correctly.

Steps: 1 a new document from python-docx's template (or the reference document, emptied); 2 styles
from the style table (styles.py) for the article's direction, faces, language and house style;
3 page setup, a footer with the page number, the faces embedded (embed.py);
4 one handler per article element adds paragraphs and runs, runs split by script so only
right-to-left runs carry w:rtl; 5 core properties; 6 save. Raw OOXML lives in ooxml.py only.
"""

import io
import logging
import re
import zipfile
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import docx
from docx.shared import Mm

from convert.document import names, queries
from convert.errors import OutputError
from convert.writers import fonts, handler_for
from convert.writers.bidi import direction_runs
from convert.writers.docx import embed, ooxml, styles
from convert.writers.house import house_style

CORE_PROPERTY_LIMIT = 255  # characters python-docx (and Word) allow in a core property
BIDI_LANGUAGES = {"ar": "ar-SA", "fa": "fa-IR", "ur": "ur-PK", "he": "he-IL", "ps": "ps-AF", "yi": "yi"}
# PAGE field digits: OOXML's hindiNumbers are the Arabic-Indic digits Word shows for Arabic-script
# languages (LibreOffice 7.4 reads the format but shows 1, 2, 3: measured)
PAGE_NUMBER_FORMATS = {"ar": "hindiNumbers", "fa": "hindiNumbers", "ur": "hindiNumbers"}
log = logging.getLogger(__name__)


def write(tree, options) -> bytes:
    root = tree.getroot()
    direction = root.get("dir")
    lang = language_slots(root.get(names.XML_LANG))
    house = house_style(options.house_style, options.reference_doc)
    body, latin = choose_faces(root, house, options.font)
    look = (direction, body, latin, lang, options.page_size, house, options.proof, root.get(names.XML_LANG))
    package, embedded = template(*look)
    document = docx.Document(io.BytesIO(package))  # steps 1-3
    writer = _Writer(document, direction)
    for element in root:  # step 4
        writer.render(element)
    set_core_properties(document, root)  # step 5
    stream = io.BytesIO()
    document.save(stream)  # step 6
    return reproducible(stream.getvalue(), dict(embedded))


FONT_COMPRESSION = 1  # zlib level for embedded fonts: 2.5x faster than 6, 5 % larger


def reproducible(package: bytes, fonts_by_name: dict | None = None) -> bytes:
    """The same package with every part dated 1980-01-01 (the ZIP epoch) and mode 0644: the same
    article gives the same bytes on every run and every machine (python-docx stamps the clock).
    The embedded fonts' bytes go in here, into the parts embed.py left empty."""
    fonts_by_name = fonts_by_name or {}
    source, out = zipfile.ZipFile(io.BytesIO(package)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            if info.filename in fonts_by_name:
                target.writestr(fixed, fonts_by_name[info.filename], compresslevel=FONT_COMPRESSION)
            else:
                target.writestr(fixed, source.read(info))
    return out.getvalue()


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


def set_core_properties(document, root) -> None:
    properties = document.core_properties
    properties.title = queries.title(root)[:CORE_PROPERTY_LIMIT]
    properties.author = (queries.author(root) or "copydesk")[:CORE_PROPERTY_LIMIT]
    properties.last_modified_by = "copydesk"
    properties.language = queries.language(root)
    properties.keywords = ", ".join(queries.keywords(root))[:CORE_PROPERTY_LIMIT]
    properties.revision = 1
    created = queries.created(root)
    moment = (datetime.fromisoformat(created.replace("Z", "+00:00")) if created is not None
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
        handler_for(HANDLERS, element, "DOCX")(self, element)

    def render_children(self, element) -> None:
        for child in element:
            self.render(child)

    def paragraph(self, element, role: str):
        """A paragraph in the role's style, in the element's own direction when it has one."""
        paragraph = self.document.add_paragraph()
        role = f"{role}:{element.get('kind')}" if f"{role}:{element.get('kind')}" in self.styles else role
        if role != "paragraph":  # by id, as for runs; Normal is the default and is not written
            paragraph._p.style = self.styles[role].style_id
        direction = element.get("dir") or self.direction
        if direction == "rtl":
            ooxml.set_paragraph_bidi(ooxml.properties(paragraph._p, "pPr"))
        elif self.direction == "rtl":  # the styles say bidi: a left-to-right paragraph must say it is not
            ooxml.set_paragraph_bidi(ooxml.properties(paragraph._p, "pPr"), False)
        self.inline(paragraph, element, direction, None)
        return paragraph

    def inline(self, paragraph, element, direction: str, character_style) -> None:
        self.runs(paragraph, element.text or "", direction, character_style)
        for child in element:
            role = names.local(child.tag) if isinstance(child.tag, str) else None
            if role == "attribution":
                self.inline(paragraph, child, direction, character_style)
            elif role in INLINE_ROLES:
                self.inline(paragraph, child, direction, self.styles.get(role, character_style))
            else:
                handler_for({}, child, "DOCX")  # raises MissingHandler, naming the node
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
