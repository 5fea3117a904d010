"""Units → related-story asides: the link titles under a 'read also' line, the teasers after a
story's one gap, the ledes of other stories a site appends at the end.

Rules of the classification table (classify.py), each a function of its `Reading` state; words
come from the article language's lexicon, shapes from line_shape.py.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from convert.readers.text.attributions.folding import fold_line
from convert.readers.text.line_shape import (HEADING_MAX_WORDS, ends_sentence, has_inner_sentence_break, is_name_shaped,
                                               is_title_shaped, words)

if TYPE_CHECKING:
    from convert.readers.text.classify import Reading
    from convert.readers.text.line_words import LineWords

TEASER_AFTER_PARAGRAPHS = 2  # teasers follow a story, not its standfirst (Fars: title, abstract, body)
LINK_RUN_MAX_UNITS = 12  # a 'read also' box lists a few links (captions among them): its reach, and linear time
TRAILING_LEDES_MIN = 3  # other stories' ledes a site appends come several; one alone may be the story's last word
CARRIED_ON_SHARE = 0.6  # a story told as one thread: most paragraphs after its lede open with و/ف/ثم
LEDE_MIN_WORDS = 12  # a lede is a full sentence with its who, what and when
TOPIC_WORDS = 20  # a subheading's topic comes back within the first words of its paragraph
_CLOSERS_OF_QUESTION = "\"'”’»)"


def mark_link_runs(reading: Reading) -> None:
    """Under a 'read also' line of its own ('اقرأ أيضا', 'یہ بھی پڑھیے') stand the titles of the
    linked stories, one or several: the run of title-shaped lines after it. Its last line is a
    subheading instead when the paragraph under it starts afresh on its topic (not with و/ف)."""
    units, kinds = reading.units, reading.kinds
    for opener in range(len(units) - 1):
        if reading.subkinds[opener] != "related" or \
                not reading.words.related.fullmatch(reading.folded[opener].rstrip(" :/：-–")):
            continue
        run = []
        for index in range(opener + 1, min(len(units), opener + 1 + LINK_RUN_MAX_UNITS)):
            if kinds[index] == "aside":
                continue
            if kinds[index] is not None or not is_title_shaped(units[index].text, HEADING_MAX_WORDS):
                break
            run.append(index)
        following = next((i for i in range(run[-1] + 1, len(units)) if kinds[i] != "aside"), None) if run else None
        if len(run) > 1 and following is not None and (_starts_afresh_under(reading, run[-1], following)
                                                      or _asks(units[run[-1]].text)):
            run.pop()
        for index in run:
            reading.name(index, "aside", "related")


def _asks(text: str) -> bool:
    """A question: the subheadings of an explainer ask ('کس کس کو خبر تھی؟')."""
    return text.rstrip().rstrip(_CLOSERS_OF_QUESTION)[-1:] in ("?", "؟")


def _starts_afresh_under(reading: Reading, title: int, paragraph: int) -> bool:
    """The paragraph does not carry the story on (و/ف) and takes up the title's topic."""
    return not reading.words.continuation.match(reading.folded[paragraph]) and \
        shares_topic(reading.units[title].text, reading.units[paragraph].text, reading.words)


def mark_teasers(reading: Reading) -> None:
    """Teaser leads of other stories that a scrape appends after a gap (CNN: a line of no-break
    spaces): when one gap inside the body stands out — the only one, or the only one of no-break
    spaces among plain blank lines — and the story has run at least two paragraphs before it, what
    follows is not this story's, unless it carries the story on (a paragraph opening with و/ف)."""
    units, kinds = reading.units, reading.kinds
    gap = _distinct_gap(units)
    if gap is None or sum(kind is None and ends_sentence(units[i].text)
                          for i, kind in enumerate(kinds[1:gap], 1)) < TEASER_AFTER_PARAGRAPHS:
        return
    after = [i for i in range(gap, len(units)) if kinds[i] is None]
    if not after or reading.words.continuation.match(reading.folded[after[0]]):
        return
    if len(after) == 1 and is_name_shaped(units[after[0]].text):
        return  # a writer's name alone after the gap signs the story (the headings rule names it)
    for index in after:
        reading.name(index, "aside", "related")


def mark_trailing_ledes(reading: Reading) -> None:
    """Ledes of other stories a site appends without a gap (CNN Arabic): the story carries its
    thread on (most paragraphs after its lede open with و/ف), and it ends in a run of several
    paragraphs that each start afresh and are one full sentence each — a lede, not a list item
    ('ثالثاً: …', parallel openings) — so they are the related stories' teasers."""
    paragraphs = [i for i, kind in enumerate(reading.kinds) if kind is None]
    afresh = [not reading.words.continuation.match(reading.folded[i]) for i in paragraphs]
    run = len(afresh) - next((n for n in range(len(afresh), 0, -1) if not afresh[n - 1]), 0)
    body = afresh[1:len(afresh) - run]
    if run < TRAILING_LEDES_MIN or len(body) < 2 or body.count(False) < CARRIED_ON_SHARE * len(body):
        return
    ledes = paragraphs[len(paragraphs) - run:]
    texts = [reading.units[i].text for i in ledes]
    if len({text.split()[0] for text in texts}) < run or not all(map(_is_lede, texts)):
        return
    for index in ledes:
        reading.name(index, "aside", "related")


def _is_lede(text: str) -> bool:
    opening = " ".join(text.split()[:3])
    return words(text) >= LEDE_MIN_WORDS and ends_sentence(text) and not has_inner_sentence_break(text) \
        and not re.search(r"[:：]", opening)


def _distinct_gap(units) -> int | None:
    """The unit after the one blank gap of the body that stands out, or None."""
    gaps = [i for i in range(2, len(units)) if units[i].blank_before]
    nbsp = [i for i in gaps if units[i].nbsp_before]
    if len(gaps) == 1:
        return gaps[0]
    return nbsp[0] if len(nbsp) == 1 else None


def content_words(text: str, words_: LineWords) -> set:
    return {words_.clitic_prefix.sub("", w) for w in re.findall(r"\w{3,}", fold_line(text))} - words_.topic_stops


def shares_topic(heading: str, paragraph: str, words_: LineWords) -> bool:
    """A content word of the heading comes back in the paragraph's first words."""
    return bool(content_words(heading, words_) & content_words(" ".join(paragraph.split()[:TOPIC_WORDS]), words_))
