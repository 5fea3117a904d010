"""Paragraph text → attribution spans (cue + source) and direct-quotation spans.

Written here rather than taken from a library: no maintained package tags attribution cues and
sources in Arabic, Persian, Urdu or Hebrew (English tools such as PARC-trained models need
weights and an English parser). The rules are small and precision-first — an editor forgives a
missed attribution more than a wrong one: a reporting verb counts only with an overt source and
the complement its lexicon row `needs` (إن/أن, a colon, a quote), so look-alikes such as
"وتشير هذه المناقشات إلى" are left alone. Words live in ../lexicon/*.tsv, matched on a folded form
(folding.py) whose offsets map back to the raw text, so the XML holds exactly the original
characters. Steps: fold → find cue windows → tokenize them → pair cues with sources (cues.py,
phrases.py) → spans, with quotations linked to an adjacent attribution.
"""

import re
from bisect import bisect_left, bisect_right, insort

from convert.document import names
from convert.document.build import Span
from convert.readers.text.attributions.cues import cue_starts, find_pairs
from convert.readers.text.attributions.folding import CLAUSE_BEFORE, WINDOW_BEFORE, Folded, cue_windows, tokenize
from convert.readers.text.attributions.lexicon import lexicon

__all__ = ["Folded", "lexicon", "tag_attributions"]

_QUOTE_RE = re.compile(r'"[^"\n]{1,600}"|«[^»\n]{1,600}»|“[^”\n]{1,600}”')
MIN_QUOTE_WORDS = 4
MAX_LINK_GAP = 40  # "، إن" or ': "' between an attribution and its quote; more is other text  # shorter quoted text is mostly a name: شبكة "سي إن إن"


def tag_attributions(text: str, lang: str, existing=(), id_prefix: str = "a") -> list[Span]:
    """Attribution spans (with cue and source inside) and quote spans for one paragraph."""
    primary = lang.split("-")[0].lower()
    words = lexicon(primary)
    if words is None:
        return []
    folded = Folded(text)
    before = CLAUSE_BEFORE if words.word_order == "sov" else WINDOW_BEFORE
    windows = cue_windows(folded.text, cue_starts(folded.text, words), before)
    tokens = [token for lo, hi in windows for token in tokenize(folded, lo, hi)]
    pairs = find_pairs(folded, tokens, words) if tokens else []
    return to_spans(text, folded, pairs, list(existing), id_prefix, _linking_gap(words))


def _linking_gap(words) -> re.Pattern:
    """What may stand between an attribution and its quote: punctuation and a complementizer."""
    return words.words.compiled("linking-gap", lambda v: re.compile(
        rf"[\s،,:\-–—]*(?:{v.alternation('complementizer')})?[\s،,:\-–—]*"))


def to_spans(text: str, folded: Folded, pairs, existing, id_prefix: str, linking_gap: re.Pattern) -> list[Span]:
    """Attribution spans (non-overlapping, outside existing spans) and quote spans linked to them."""
    spans, taken, attributions = [], Intervals((s.start, s.end) for s in existing), []
    speech = Intervals(quotations(text))
    for cue, source in sorted(pairs):
        cue_raw, source_raw = folded.raw(*cue), folded.raw(*source)
        start, end = min(cue_raw[0], source_raw[0]), max(cue_raw[1], source_raw[1])
        if taken.overlaps(start, end) or not text[source_raw[0]:source_raw[1]].strip() or speech.overlaps(*cue_raw):
            continue  # a cue inside a direct quotation is the speaker's own words, not an attribution
        identifier = f"{id_prefix}{len(attributions) + 1}"
        taken.add(start, end)
        attributions.append((start, end, identifier))
        spans += [Span(start, end, names.ATTRIBUTION, (("id", identifier),)),
                  Span(*cue_raw, names.CUE), Span(*source_raw, names.SOURCE)]
    return spans + quote_spans(text, taken, sorted(attributions), linking_gap)


# Hebrew writes an acronym's gershayim as a quote mark between letters ('עו"ד'): no quotation
_GERSHAYIM = re.compile(r'(?<=[\u05d0-\u05ea])"(?=[\u05d0-\u05ea])')


# a straight quote opens after a space (or a colon, a dash) and closes before one: '"…," said X. "…'
# has no quotation between its closing and its next opening mark
_QUOTATION_RE = re.compile(r'(?:^|(?<=[\s(\[:،,\-–—]))"(?=\S)[^"\n]{1,600}(?<=\S)"(?=[\s.,;:!?،؛)\]]|$)'
                           r'|«[^»\n]{1,600}»|“[^”\n]{1,600}”')


def quotations(text: str) -> list[tuple[int, int]]:
    """The spans of direct quotations: quoted text of MIN_QUOTE_WORDS words or more."""
    scanned = _GERSHAYIM.sub("\u05f4", text) if '"' in text else text
    return [m.span() for m in _QUOTATION_RE.finditer(scanned) if len(m.group().split()) >= MIN_QUOTE_WORDS]


def quote_spans(text: str, taken: "Intervals", attributions, linking_gap: re.Pattern) -> list[Span]:
    """Direct quotations: quoted text of MIN_QUOTE_WORDS words or more, outside attributions."""
    spans, starts, ends = [], [a[0] for a in attributions], [a[1] for a in attributions]
    for match in _QUOTE_RE.finditer(text):
        if len(match.group().split()) < MIN_QUOTE_WORDS or taken.overlaps(*match.span()):
            continue
        linked = _adjacent_attribution(text, match.span(), attributions, starts, ends, linking_gap)
        spans.append(Span(match.start(), match.end(), names.QUOTE, (("attribution", linked),) if linked else ()))
    return spans


def _adjacent_attribution(text: str, quote, attributions, starts, ends, linking_gap) -> str | None:
    """The attribution right before or after the quote, with only punctuation or إن/أن/that between
    (the nearest one on each side, found by bisection; a gap longer than any link is no link)."""
    before = bisect_right(ends, quote[0]) - 1
    after = bisect_left(starts, quote[1])
    for index, gap in ((before, (ends[before], quote[0]) if before >= 0 else None),
                       (after, (quote[1], starts[after]) if after < len(starts) else None)):
        if gap and gap[1] - gap[0] <= MAX_LINK_GAP and linking_gap.fullmatch(text, *gap):
            return attributions[index][2]
    return None


class Intervals:
    """The union of (start, end) ranges as sorted disjoint ranges: an overlap test is a bisection,
    not a scan (nested ranges such as a dateline's location merge into the dateline)."""

    def __init__(self, ranges=()):
        self.ranges = []
        for start, end in sorted(ranges):
            if self.ranges and start < self.ranges[-1][1]:
                self.ranges[-1] = (self.ranges[-1][0], max(end, self.ranges[-1][1]))
            else:
                self.ranges.append((start, end))

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect_left(self.ranges, (start, start))
        return any(lo < end and start < hi for lo, hi in self.ranges[max(0, index - 1):index + 1])

    def add(self, start: int, end: int) -> None:
        """Add a range that overlaps none of the others."""
        insort(self.ranges, (start, end))
