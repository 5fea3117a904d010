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

import logging

from convert.document.build import Block, Span
from convert.errors import InputError
from convert.readers import assemble
from convert.readers.docx.package import (PARAGRAPH_ROLES, Paragraph, Styles, core_language, open_package,
                                          paragraphs as read_paragraphs, section_bidi)
from convert.readers.docx.styled import apply_character_styles
from convert.readers.text.blocks import Unit
from convert.readers.text.classify import aside_kind, classify, credit_kind
from convert.readers.text.line_words import line_words

log = logging.getLogger(__name__)


def read_docx(data: bytes, options):
    """Read a DOCX into an article tree (not yet validated)."""
    parts = open_package(data, options.name)  # step 1
    styles = Styles(parts.get("word/styles.xml"))
    paragraphs = read_paragraphs(parts["word/document.xml"], styles)  # step 2
    if not paragraphs:
        raise InputError(f"{options.name}: the DOCX has no text")
    own = styles.own()
    log.debug("step 3, roles: %s styles", "copydesk" if own else "no copydesk")
    declared_lang = core_language(parts.get("docProps/core.xml"))
    # the language first, as for text: the line rules read with that language's vocabulary
    words_lang, _ = assemble.document_language([Block("paragraph", p.text) for p in paragraphs], options.lang, declared_lang)
    blocks, styled = _blocks_from_styles(paragraphs, words_lang) if own else _blocks_by_rules(paragraphs, words_lang)
    document_dir = _document_direction(paragraphs, styles, parts["word/document.xml"], own)
    lang, direction = assemble.document_language(blocks, options.lang, declared_lang, document_dir)
    assemble.block_languages(blocks, direction)  # step 4
    assemble.inline_spans(blocks, lang, options.attributions)  # step 5
    if own:
        apply_character_styles(blocks, styled)
    return assemble.build(blocks, assemble.meta_for(data, options), lang, direction, options.title)  # step 6


def _document_direction(paragraphs, styles, document: bytes, own: bool) -> str | None:
    """rtl when the default style or the section says bidi; else the direction most of the text
    is marked with; None (the letters decide) when nothing in the document marks a direction."""
    if styles.default_bidi() or section_bidi(document):
        return "rtl"
    if own:
        return "ltr"  # copydesk writes bidi into the styles of every right-to-left document
    marked = [(len(p.text), _direction(p)) for p in paragraphs if _direction(p) is not None]
    if not marked:
        return None
    rtl = sum(n for n, d in marked if d == "rtl")
    return "rtl" if rtl * 2 > sum(n for n, _ in marked) else "ltr"


def visible_text(data: bytes) -> str:
    """The text a reader sees in the DOCX's body, tracked changes accepted: the lossless rule's input."""
    parts = open_package(data, "<docx>")
    return "\n".join(p.text for p in read_paragraphs(parts["word/document.xml"], Styles(parts.get("word/styles.xml"))))


# --- step 3: roles ------------------------------------------------------------------------------

def _blocks_from_styles(paragraphs: list[Paragraph], lang: str) -> tuple[list[Block], list[list[Span]]]:
    """copydesk's styles name the roles; aside and credit kinds come from the text reader's rules
    over the whole document (as when the text was read), else from the line alone.
    Returns the blocks and, beside each, its character-style spans."""
    words = line_words(lang.split("-")[0].lower())
    by_rules = classify(_units(paragraphs), lang, words)
    blocks = []
    for paragraph, ruled in zip(paragraphs, by_rules):
        kind, _, styled_kind = PARAGRAPH_ROLES.get(paragraph.style or "normal", "paragraph").partition(":")
        subkind = styled_kind or None
        if kind in ("aside", "credit") and not subkind:
            line_rule = aside_kind if kind == "aside" else credit_kind
            subkind = (ruled.subkind if ruled.kind == kind else None) or line_rule(paragraph.text, words) or "other"
        blocks.append(_block(kind, paragraph, subkind))
    return [b for b, _ in blocks], [spans for _, spans in blocks]


def _blocks_by_rules(paragraphs: list[Paragraph], lang: str) -> tuple[list[Block], list[list[Span]]]:
    """A DOCX without copydesk's styles: one unit per paragraph, classified as plain text is."""
    ruled_blocks = classify(_units(paragraphs), lang)
    blocks = [_block(ruled.kind, p, ruled.subkind) for p, ruled in zip(paragraphs, ruled_blocks)]
    return [b for b, _ in blocks], [spans for _, spans in blocks]


def _units(paragraphs: list[Paragraph]) -> list[Unit]:
    return [Unit(" ".join(p.text.split()), index) for index, p in enumerate(paragraphs)]


def _block(kind: str, paragraph: Paragraph, subkind: str | None) -> tuple[Block, list[Span]]:
    """The block, whitespace tidied, and its character-style spans moved with the text."""
    block = Block(kind, paragraph.text, [Span(s, e, t) for s, e, t in paragraph.styled], subkind=subkind)
    block.dir = _direction(paragraph)
    assemble.tidy(block)
    styled, block.spans = block.spans, []
    return block, styled


def _direction(paragraph: Paragraph) -> str | None:
    if paragraph.bidi is not None:
        return "rtl" if paragraph.bidi else "ltr"
    if paragraph.rtl_chars:
        return "rtl" if paragraph.rtl_chars * 2 > len(paragraph.text.strip()) else "ltr"
    return None


