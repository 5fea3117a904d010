"""Blocks read from a structured document (DOCX, NITF) → article tree: meta, language, inline passes.

The structured readers find the blocks themselves (styles, NITF elements); what is left is what
the text reader does after classifying: the document's language and direction, each block's own,
the dateline and attribution passes, a derived title, and meta from the input's bytes. The text
reader's stages are used as they are (small imports, one line each), so both read the same way.
"""

import re

from convert.document import names
from convert.document.build import Block, Meta, Span, build_article
from convert.readers.stages import SourceFacts, apply_title, derive_title, source_meta
from convert.readers.text.attributions import tag_attributions
from convert.readers.text.dateline import find_dateline
from convert.readers.text.language import detect_language, differs, direction_of

_SPACES = re.compile(r"\s+")


def meta_for(data: bytes, options, encoding: str = "UTF-8") -> Meta:
    return source_meta(SourceFacts(data, encoding), options)


def document_language(blocks: list[Block], forced: str | None, declared: str | None = None,
                      declared_dir: str | None = None) -> tuple[str, str]:
    """--lang, else the language the document declares, else the letters' script."""
    if forced:
        return forced, direction_of(forced)
    text = "\n".join(b.text for b in blocks)
    detected, detected_dir = detect_language(text)
    if declared:
        return declared, declared_dir or direction_of(declared)
    return detected, declared_dir or detected_dir


def block_languages(blocks: list[Block], direction: str) -> None:
    """A block whose letters are mostly of the other direction gets its own language and dir
    (the text reader's rule), unless the document said its direction already (block.dir set)."""
    for block in blocks:
        if block.dir is not None:
            if block.dir == direction:
                block.dir = None
            elif block.lang is None:
                block.lang = detect_language(block.text)[0]
        elif differs(block.text, direction):
            block.lang, block.dir = detect_language(block.text)


def inline_spans(blocks: list[Block], lang: str, attributions: bool = True) -> None:
    """The dateline (lede only) and attribution passes over paragraphs without spans of their own."""
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    for number, block in enumerate(paragraphs, 1):
        if number == 1 and not any(s.tag == names.DATELINE for s in block.spans):
            block.spans += find_dateline(block.text)
        if attributions:
            block.spans += tag_attributions(block.text, block.lang or lang, block.spans, id_prefix=f"p{number}a")


def tidy(block: Block) -> Block:
    """Whitespace folded to single spaces and trimmed, spans moved with their characters."""
    text, spans = block.text, block.spans
    keep = []  # new offset of each old offset
    out = []
    for index, char in enumerate(text):
        keep.append(len(out))
        if char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
        else:
            out.append(char)
    keep.append(len(out))
    folded = "".join(out)
    lead = len(folded) - len(folded.lstrip(" "))
    stripped = folded.strip(" ")
    moved = []
    for span in spans:
        start = min(max(keep[span.start] - lead, 0), len(stripped))
        end = min(max(keep[span.end] - lead, 0), len(stripped))
        while end > start and stripped[end - 1] == " ":
            end -= 1
        while start < end and stripped[start] == " ":
            start += 1
        if end > start:
            moved.append(Span(start, end, span.tag, span.attrs))
    block.text, block.spans = stripped, moved
    return block


def build(blocks: list[Block], meta: Meta, lang: str, direction: str, title: str | None = None):
    """The tree; --title gives the headline when the document has none (as for text)."""
    apply_title(blocks, title)
    return build_article(meta, blocks, lang, direction, derive_title(blocks))
