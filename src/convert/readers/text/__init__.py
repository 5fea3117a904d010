"""Plain-text wire copy (bytes) → article XML tree, as ordered, named rules.

Written here rather than taken from a library: no maintained package reads the structure of
wire copy (headline, dateline, subheadings, asides, end credits) in Arabic-script languages;
general converters (pandoc) treat it as undifferentiated paragraphs.

Steps: 1 decode → 2 normalise → 3 split into units → 4 language of the document → 5 classify
units (with that language's vocabulary) → 6 the stages every reader shares (readers/stages.py:
title, block languages, dateline and attributions, the tree).
"""

import logging
from collections import Counter

from convert.errors import InputError
from convert.readers.stages import (ReadOptions, SourceFacts, created_from_environment, derive_title,
                                    document_language, finish)
from convert.readers.text.blocks import split_units
from convert.readers.text.classify import classify
from convert.readers.text.decode import decode
from convert.readers.text.normalise import normalise

__all__ = ["ReadOptions", "read_text", "derive_title", "created_from_environment"]
log = logging.getLogger(__name__)


def read_text(data: bytes, options: ReadOptions = ReadOptions()):
    """Read plain-text wire copy into an article tree (not yet validated)."""
    decoded = decode(data, options.name, options.encoding)
    log.debug("step 1, decode: %s as %s", options.name, decoded.encoding)
    clean = normalise(decoded.text)
    log.debug("step 2, normalise: %d slug lines, %d characters set apart", len(clean.slugs), sum(clean.removed.values()))
    units, layout = split_units(clean.text)
    log.debug("step 3, split: %d units, layout %s", len(units), layout)
    if not units:
        raise InputError(f"{options.name}: the input has no text (only whitespace or control characters)")
    language = document_language(clean.text, options.lang)
    log.debug("step 4, language: %s %s", *language)
    blocks = classify(units, language[0])
    log.debug("step 5, classify: %s", dict(Counter(b.kind for b in blocks)))
    source = SourceFacts(data, decoded.encoding, clean.slugs, dict(clean.removed), decoded.undecodable)
    tree = finish(blocks, clean.text, source, options, language)
    log.debug("step 6, shared stages: title, block languages, dateline and attributions, tree")
    return tree
