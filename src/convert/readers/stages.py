"""Blocks of any input format → a finished article tree: the reading stages every reader shares.

A reader (plain text, DOCX, NITF, …) turns its input into `Block`s (headline, paragraph, heading,
aside, credit …) and the source facts (`SourceFacts`); `finish` then runs the same stages on them,
so every format gets the same language detection, title rules, dateline and attributions:

1. language and direction of the document (forced by `ReadOptions.lang`, else from the script);
2. the title: `--title` gives a headline the input lacks;
3. the language of each block written in the other direction;
4. inline passes over the paragraphs: the lede's dateline, then attributions and quotes;
5. the tree, with a derived (metadata-only) title when there is no headline.
"""

import hashlib
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone

from convert.document import names
from convert.document.build import Block, Meta, build_article
from convert.document.queries import title_from_lede
from convert.errors import InputError
# the passes themselves live with the text reader, which imports this module: the other readers
# (DOCX, NITF) may load this one first, so the text reader's modules come through text_passes()
from convert.version import __version__

log = logging.getLogger(__name__)


def text_passes():
    """The text reader's language, dateline and attribution modules (imported on first use)."""
    from convert.readers.text import attributions, dateline, language

    return language, dateline, attributions


@dataclass(frozen=True)
class ReadOptions:
    """Read-only options of every reader."""

    name: str = "-"
    encoding: str | None = None
    lang: str | None = None
    title: str | None = None
    created: str | None = None
    attributions: bool = True
    max_size: int | None = None  # bytes; None: COPYDESK_MAX_SIZE, else 50 MB (convert.limits)


@dataclass
class SourceFacts:
    """What a reader learnt about its input, for the article's <meta>."""

    data: bytes
    encoding: str
    slugs: list = field(default_factory=list)
    removed: dict = field(default_factory=dict)
    undecodable: list = field(default_factory=list)  # (offset, bytes) left out of a mostly valid UTF-8 text


def finish(blocks: list[Block], text: str, source: SourceFacts, options: ReadOptions,
           language: tuple[str, str] | None = None):
    """Run the shared stages on a reader's blocks; `text` is the whole input text (for its language,
    unless the reader already found it with `document_language`)."""
    lang, direction = language or document_language(text, options.lang)
    apply_title(blocks, options.title)
    block_languages(blocks, direction)
    log.debug("stage language: %s %s", lang, direction)
    inline_passes(blocks, lang, options)
    log.debug("stage inline: %d spans", sum(len(b.spans) for b in blocks))
    return build_article(source_meta(source, options), blocks, lang, direction, derive_title(blocks))


def document_language(text: str, forced: str | None) -> tuple[str, str]:
    if forced:
        return forced, text_passes()[0].direction_of(forced)
    return text_passes()[0].detect_language(text)


def apply_title(blocks: list[Block], title: str | None) -> None:
    """--title gives the headline when the text has none (it is then source text of the user's)."""
    if title and not any(b.kind == "headline" for b in blocks):
        blocks.insert(0, Block("headline", " ".join(title.split())))


def block_languages(blocks: list[Block], direction: str) -> None:
    """A block mostly in the other direction gets its own language and direction."""
    language = text_passes()[0]
    for block in blocks:
        if language.differs(block.text, direction):
            block.lang, block.dir = language.detect_language(block.text)


def inline_passes(blocks: list[Block], lang: str, options: ReadOptions) -> None:
    """The dateline opens the lede; attributions and quotes in every paragraph."""
    _, dateline, attributions = text_passes()
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    if paragraphs:
        paragraphs[0].spans += dateline.find_dateline(paragraphs[0].text, paragraphs[0].lang or lang)
    if options.attributions:
        for number, block in enumerate(paragraphs, 1):
            block.spans += attributions.tag_attributions(block.text, block.lang or lang, block.spans, id_prefix=f"p{number}a")


def source_meta(source: SourceFacts, options: ReadOptions) -> Meta:
    return Meta(
        generator_version=__version__, source_name=os.path.basename(options.name) or "-",
        encoding=source.encoding, sha256=hashlib.sha256(source.data).hexdigest(), size=len(source.data),
        slugs=source.slugs, created=options.created or created_from_environment(), removed=dict(source.removed),
        undecodable=source.undecodable,
    )


def derive_title(blocks: list[Block]) -> str | None:
    """A metadata title from the lede's first words, when the text has no headline."""
    if any(b.kind == "headline" for b in blocks):
        return None
    first = next((b for b in blocks if b.kind == "paragraph"), None)
    if first is None:
        return None
    dateline_end = max((s.end for s in first.spans if s.tag == names.DATELINE), default=0)
    return title_from_lede(first.text[dateline_end:])  # the one title rule, shared with the writers


def created_from_environment() -> str | None:
    """The creation time from SOURCE_DATE_EPOCH (reproducible builds), else none."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise InputError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds") from None
