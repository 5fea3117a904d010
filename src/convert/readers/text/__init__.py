"""Plain-text wire copy (bytes) → article XML tree, as ordered, named rules.

Written here rather than taken from a library: no maintained package reads the structure of
wire copy (headline, dateline, subheadings, asides, end credits) in Arabic-script languages;
general converters (pandoc) treat it as undifferentiated paragraphs.

Steps: 1 decode → 2 normalise → 3 split into units → 4 classify units → 5 language per block →
6 inline passes (dateline, attributions) → 7 build the tree.
"""

import hashlib
import logging
from collections import Counter
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from convert.document import names
from convert.document.build import Block, Meta, build_article
from convert.errors import InputError
from convert.readers.text.attributions import tag_attributions
from convert.version import __version__
from convert.readers.text.blocks import split_units
from convert.readers.text.classify import classify
from convert.readers.text.dateline import find_dateline
from convert.readers.text.decode import decode
from convert.readers.text.language import detect_language, differs, direction_of
from convert.readers.text.normalise import normalise

log = logging.getLogger(__name__)
DERIVED_TITLE_WORDS = 12


@dataclass(frozen=True)
class ReadOptions:
    """Read-only options of the text reader."""

    name: str = "-"
    encoding: str | None = None
    lang: str | None = None
    title: str | None = None
    created: str | None = None
    attributions: bool = True
    max_size: int | None = None  # bytes; None: COPYDESK_MAX_SIZE, else 50 MB (convert.limits)


def read_text(data: bytes, options: ReadOptions = ReadOptions()):
    """Read plain-text wire copy into an article tree (not yet validated)."""
    decoded = decode(data, options.name, options.encoding)
    log.debug("step 1, decode: %s as %s (confidence %.3f)", options.name, decoded.encoding, decoded.confidence)
    clean = normalise(decoded.text)
    log.debug("step 2, normalise: %d slug lines, %d characters set apart", len(clean.slugs), sum(clean.removed.values()))
    units, layout = split_units(clean.text)
    log.debug("step 3, split: %d units, layout %s", len(units), layout)
    if not units:
        raise InputError(f"{options.name}: the input has no text (only whitespace or control characters)")
    blocks = classify(units)
    log.debug("step 4, classify: %s", dict(Counter(b.kind for b in blocks)))
    lang, direction = _document_language(clean.text, options.lang)
    _title(blocks, options.title)
    _block_languages(blocks, direction)
    log.debug("step 5, language: %s %s", lang, direction)
    _inline(blocks, lang, options)
    log.debug("step 6, inline: %d spans", sum(len(b.spans) for b in blocks))
    meta = Meta(
        generator_version=__version__, source_name=os.path.basename(options.name) or "-",
        encoding=decoded.encoding, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
        slugs=clean.slugs, created=options.created or created_from_environment(), removed=dict(clean.removed),
        undecodable=decoded.undecodable,
    )
    return build_article(meta, blocks, lang, direction, derive_title(blocks))  # step 7, build


def _document_language(text: str, forced: str | None) -> tuple[str, str]:
    if forced:
        return forced, direction_of(forced)
    return detect_language(text)


def _title(blocks: list[Block], title: str | None) -> None:
    """--title gives the headline when the text has none (it is then source text of the user's)."""
    if title and not any(b.kind == "headline" for b in blocks):
        blocks.insert(0, Block("headline", " ".join(title.split())))


def _inline(blocks: list[Block], lang: str, options: ReadOptions) -> None:
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    if paragraphs:
        paragraphs[0].spans += find_dateline(paragraphs[0].text)
    if options.attributions:
        for number, block in enumerate(paragraphs, 1):
            block.spans += tag_attributions(block.text, block.lang or lang, block.spans, id_prefix=f"p{number}a")


def _block_languages(blocks: list[Block], direction: str) -> None:
    for block in blocks:
        if differs(block.text, direction):
            block.lang, block.dir = detect_language(block.text)


def derive_title(blocks: list[Block]) -> str | None:
    """A metadata title from the lede's first words, when the text has no headline."""
    if any(b.kind == "headline" for b in blocks):
        return None
    first = next((b for b in blocks if b.kind == "paragraph"), None)
    if first is None:
        return None
    dateline_end = max((s.end for s in first.spans if s.tag == names.DATELINE), default=0)
    lede = first.text[dateline_end:].lstrip(" -–—:ـ")  # a title does not start 'LONDON (Reuters) -'
    sentence = re.split(r"(?<=[.!?؟۔])\s", lede, maxsplit=1)[0]
    first = sentence.split()
    return " ".join(first[:DERIVED_TITLE_WORDS]) + ("…" if len(first) > DERIVED_TITLE_WORDS else "")


def created_from_environment() -> str | None:
    """The creation time from SOURCE_DATE_EPOCH (reproducible builds), else none."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise InputError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds") from None
