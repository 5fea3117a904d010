"""Character styles an editor set (Dateline, Cue, Source, Quote Char) → inline spans of a paragraph,
where they differ from what the dateline and attribution passes found: the styles win."""

import re

from convert.document import names
from convert.document.build import Block, Span
from convert.readers.docx.package import CHARACTER_ROLES


def apply_character_styles(blocks: list[Block], styled_spans: list[list[Span]]) -> None:
    """Where an editor's character styles differ from what the passes found, the styles win."""
    paragraphs = [(b, spans) for b, spans in zip(blocks, styled_spans) if b.kind == "paragraph"]
    for number, (block, spans) in enumerate(paragraphs, 1):
        styled = {(s.start, s.end, s.tag) for s in spans}
        found = _as_runs([s for s in block.spans if s.tag in CHARACTER_ROLES.values()])
        if styled != found:
            block.spans = _spans_from_styles(block.text, block.spans, styled, f"p{number}a")


def _as_runs(spans: list[Span]) -> set:
    """Spans as the DOCX writer's runs show them: two spans of one style that touch are one run."""
    merged = []
    for span in sorted(spans, key=lambda s: (s.tag, s.start)):
        if merged and merged[-1][2] == span.tag and merged[-1][1] == span.start:
            merged[-1] = (merged[-1][0], span.end, span.tag)
        else:
            merged.append((span.start, span.end, span.tag))
    return set(merged)


def _spans_from_styles(text: str, spans: list[Span], styled: set, id_prefix: str) -> list[Span]:
    """Keep found spans the styles confirm: a dateline (with its parts), each attribution whose
    cue and source are both styled; pair the other styled cues and sources into attributions;
    every styled quote, linked to the attribution beside it."""
    kept = []
    datelines = [s for s in spans if s.tag == names.DATELINE and (s.start, s.end, s.tag) in styled]
    for dateline in datelines:
        kept += [s for s in spans if dateline.start <= s.start and s.end <= dateline.end
                 and s.tag in (names.DATELINE, names.LOCATION, names.AGENCY, names.DATE)]
    if not datelines:
        kept += [Span(a, b, t) for a, b, t in styled if t == names.DATELINE]
    attributions, used = [], set()
    for attribution in (s for s in spans if s.tag == names.ATTRIBUTION):
        inner = [s for s in spans if s is not attribution and attribution.start <= s.start and s.end <= attribution.end
                 and s.tag in (names.CUE, names.SOURCE)]
        if inner and all((s.start, s.end, s.tag) in styled for s in inner):
            attributions.append(attribution)
            kept += [attribution] + inner
            used.update((s.start, s.end, s.tag) for s in inner)
    for cue, source in _pairs(text, styled - used, kept):
        identifier = next(f"{id_prefix}{k}" for k in range(1, 1000)
                          if f"{id_prefix}{k}" not in {dict(a.attrs)["id"] for a in attributions})
        attribution = Span(min(cue[0], source[0]), max(cue[1], source[1]), names.ATTRIBUTION, (("id", identifier),))
        attributions.append(attribution)
        kept += [attribution, Span(cue[0], cue[1], names.CUE), Span(source[0], source[1], names.SOURCE)]
    quotes = {(s.start, s.end): s for s in spans if s.tag == names.QUOTE}
    for start, end, tag in sorted(styled):
        if tag == names.QUOTE:
            quote = quotes.get((start, end))
            linked = dict(quote.attrs).get("attribution") if quote is not None else None
            if linked not in {dict(a.attrs)["id"] for a in attributions}:
                linked = _adjacent(text, (start, end), attributions)
            kept.append(Span(start, end, names.QUOTE, (("attribution", linked),) if linked else ()))
    return kept


PAIR_GAP = 60  # characters between a styled cue and its source: one clause, not the next sentence
_LINKING_GAP = re.compile(r"[\s،,:\-–—]*(?:إن|أن|إنه|أنه|that)?[\s،,:\-–—]*")


def _pairs(text: str, styled: set, taken: list[Span]):
    """Each styled cue with the nearest free styled source within PAIR_GAP characters."""
    cues = sorted((a, b) for a, b, t in styled if t == names.CUE)
    sources = sorted((a, b) for a, b, t in styled if t == names.SOURCE)
    for cue in cues:
        near = [s for s in sources if max(s[0] - cue[1], cue[0] - s[1]) <= PAIR_GAP]
        near = [s for s in near if not any(t.start < max(cue[1], s[1]) and min(cue[0], s[0]) < t.end for t in taken)]
        if near:
            source = min(near, key=lambda s: max(s[0] - cue[1], cue[0] - s[1]))
            sources.remove(source)
            yield cue, source


def _adjacent(text: str, quote: tuple, attributions: list[Span]) -> str | None:
    """The attribution right before or after a quote, with only punctuation or إن/أن/that between."""
    for attribution in attributions:
        start, end = attribution.start, attribution.end
        gap = text[end:quote[0]] if end <= quote[0] else text[quote[1]:start] if quote[1] <= start else None
        if gap is not None and _LINKING_GAP.fullmatch(gap):
            return dict(attribution.attrs)["id"]
    return None
