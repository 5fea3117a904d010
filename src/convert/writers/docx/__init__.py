"""Article tree → DOCX bytes that Word and LibreOffice show right to left correctly.

Steps: 1 a new document from python-docx's template (or the reference document, emptied); 2 styles
from the style table (styles.py) for the article's direction, faces, language and house style;
3 page setup, a footer with the page number, the faces embedded (embed.py);
— steps 1-3 once per look (`look`, in template.py with python-docx; the result is kept on disk by
convert.cache, so a later process neither imports python-docx nor builds styles); 4 one handler per article element adds
paragraphs and runs to a copy of the template's body, written with lxml (python-docx's object
model is what a batch spent its time in), runs split by script so only right-to-left runs carry
w:rtl; 5 core properties; 6 the package zipped, the parts every article shares (styles, fonts)
compressed once per look. Raw OOXML lives in ooxml.py only.
"""

import json
import logging
import re
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from lxml import etree

from convert import cache
from convert.document import names, queries
from convert.errors import OutputError
from convert.writers import fonts, handler_for
from convert.writers.bidi import direction_runs
from convert.writers.docx import ooxml, package
from convert.writers.house import house_style

CORE_PROPERTY_LIMIT = 255  # characters python-docx (and Word) allow in a core property
BIDI_LANGUAGES = {"ar": "ar-SA", "fa": "fa-IR", "ur": "ur-PK", "he": "he-IL", "ps": "ps-AF", "yi": "yi"}
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


def prepare() -> None:
    """Import python-docx and the style table before workers are forked (a look not yet cached is
    built in the worker that first needs it)."""
    import convert.writers.docx.template  # noqa: F401


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
    embedded fonts compressed once (ZIP entries dated 1980-01-01 by package.py: reproducible).
    Kept on disk (convert.cache) under everything it is made from: a later process reads it
    instead of importing python-docx and building the styles again."""
    name = cache.key("docx-look", arguments, _look_inputs(*arguments))
    stored = cache.read(name)
    if stored is not None:
        try:
            return _unpack_look(stored)
        except (ValueError, KeyError, etree.XMLSyntaxError, *package.BROKEN_ARCHIVE):
            log.debug("cached DOCX template %s unreadable: rebuilt", name)
    from convert.writers.docx.template import build_look

    entries, style_ids = build_look(*arguments)
    cache.write(name, _pack_look(entries, style_ids))
    return _look_of(entries, style_ids)


def _look_inputs(direction, body, latin, lang, page_size, house, proof, language) -> tuple:
    """What a template is made from besides its arguments: the font files, the reference document,
    python-docx and lxml, and the writer's own sources."""
    return (tuple(cache.file_stamp(path) for face in (body, latin) for path in (face.regular, face.bold)),
            cache.file_stamp(house.reference_doc), cache.module_stamp("docx"), etree.LXML_VERSION,
            cache.sources_stamp("writers.docx", "writers.fonts", "writers.house", "document.queries"))


def _look_of(entries: list, style_ids: dict) -> Look:
    made = {name: package.decompress(entry) for name, entry in entries if name in (DOCUMENT_PART, CORE_PART)}
    return Look(tuple((name, None if name in made else entry) for name, entry in entries),
                etree.fromstring(made[DOCUMENT_PART]), etree.fromstring(made[CORE_PART]), style_ids)


def _pack_look(entries: list, style_ids: dict) -> bytes:
    """A look on disk: a JSON line (the style ids), then the template as a ZIP of its entries."""
    header = json.dumps({"style_ids": style_ids}, sort_keys=True).encode("utf-8")
    return header + b"\n" + package.zip_package([entry for _, entry in entries])


def _unpack_look(stored: bytes) -> Look:
    header, _, archive = stored.partition(b"\n")
    return _look_of(package.read_entries(archive), json.loads(header)["style_ids"])


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


def language_slots(lang: str) -> tuple[str, str | None]:
    """(Latin slot, bidi slot) for w:lang: an RTL language goes in the bidi slot."""
    primary = lang.split("-")[0].lower()
    if primary in BIDI_LANGUAGES:
        return "en-US", lang if "-" in lang else BIDI_LANGUAGES[primary]
    return (lang if "-" in lang else {"en": "en-US"}.get(primary, lang)), "ar-SA"


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
