"""Units → blocks: each unit named headline, byline, heading, paragraph, aside or credit.

An ordered table of named rules (`RULES`, after markdown-it's rule lists), as an editor reads: the
envelope of the story first (asides wherever they stand, end credits from the bottom), then the
headline and bylines at the top, then subheadings between paragraphs; what no rule names is a
paragraph. Each rule is a function of the `Reading` state, logged under -v and testable alone.
Words come from the article language's lexicon (`LineWords`); shapes (numbers, punctuation,
line lengths) are code (line_shape.py). Thresholds are relative to the document's own paragraphs
where they can be. The rules that find other stories' links and teasers are in related.py.
"""

import logging
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from convert.document.build import Block
from convert.readers.text.attributions.folding import fold_line
from convert.readers.text.blocks import Unit, join_wrapped
from convert.readers.text.line_shape import (HEADING_MAX_WORDS, HEADLINE_MAX_WORDS, all_caps, ends_sentence,
                                               is_claim_title, is_headline_shaped, is_name_shaped, is_table_row,
                                               is_title_shaped, words)
from convert.readers.text.line_words import LineWords, line_words
from convert.readers.text.related import mark_link_runs, mark_teasers, mark_trailing_ledes, shares_topic

log = logging.getLogger(__name__)

TRUNCATED_TITLE_MAX_WORDS = 60  # a scraped title run on into its teaser and cut: 'title teaser ...'
REPRINT_MAX_WORDS = 6  # 'نقلاً عن الأهرام المصرية'
PHOTO_CREDIT_MAX_WORDS = 4  # 'اے ایف پی فائل فوٹو': an agency and the word for photo
CREDIT_MAX_WORDS = 15  # an end credit or a copyright line is short
AGENCY_LIST_MAX_WORDS = 10  # 'فرانس 24/ أ ف ب/ رويترز'
PROMO_MAX_WORDS = 25  # a promo line is short; a paragraph that mentions 'follow us' is story text
BYLINE_MAX_WORDS = 15
BYLINE_LINES = 3  # bylines stand among the first lines
END_NOTE_MAX_WORDS = 25  # an author note or a reference under 'Authors:' / 'منابع:' is a line, not a paragraph
END_NOTES_MAX_LINES = 15  # ... and the block stands at the very end: a few names or references
LABELLED_ENTRIES_MIN = 3  # a label opening three lines or more is a structure (turns, items), not chance
LABEL_MAX_WORDS = 3  # 'استان آذربايجان شرقي:': the label is the first few words before a colon
# (at most so many words, at most this share of the body's median paragraph length): a first line
# this short is set apart by its length alone. A few words may come near a paragraph's length (short
# paragraphs), a long title must be clearly shorter (a lede without final punctuation is not).
TITLE_LENGTHS = ((16, 0.9), (24, 0.65), (HEADLINE_MAX_WORDS, 0.5))

_LIST_ITEM = re.compile(r"^[-–•▪·]\s")  # "- 2018: الرومانية سيمونا هاليب": story text, a list ('* ' is decoration)
_DATA_LINE = re.compile(r"^[^:：]{1,40}[:：]\s*[\d٠-٩۰-۹.,%]+$")  # "النرويج: 1": a table row, not a title
_TRUNCATED = re.compile(r"\s(?:\.{3}|…)$")  # a line cut short by its site: ' ...' after a word
_ADDRESS = re.compile(r"^\S+@\S+\.\w+$|^\w+://\S+$|^www\.\S+$")  # an e-mail address or a URL alone
_NUMBERED = re.compile(r"^\d{1,2}\s*[-–.)]\s*[^\d\s]")
# Arabic-script wire bylines name the place, a dash, then the writer: "القاهرة - أحمد الريدي"
_PLACE_DASH_NAME = re.compile(r"^[\u0600-\u06ff]+(?: [\u0600-\u06ff]+)?\s+[-–—]\s+[\u0600-\u06ff]+(?: [\u0600-\u06ff]+){1,3}$")


@dataclass
class Reading:
    """The state the rules share: the units, what each has been named so far, the vocabulary."""

    units: list[Unit]
    words: LineWords
    kinds: list = field(default_factory=list)
    subkinds: list = field(default_factory=list)
    folded: list = field(default_factory=list)  # each unit's text, folded, for vocabulary matching

    def __post_init__(self):
        self.kinds = self.kinds or [None] * len(self.units)
        self.subkinds = self.subkinds or [None] * len(self.units)
        # folded, and without the asterisks scrapes put before a line ('*نقلاً عن …')
        self.folded = self.folded or [fold_line(u.text.strip().lstrip("*").lstrip()) for u in self.units]

    def name(self, index: int, kind: str, subkind: str | None = None) -> None:
        self.kinds[index], self.subkinds[index] = kind, subkind


def classify(units: list[Unit], lang: str = "ar", words: LineWords | None = None) -> list[Block]:
    """Name every unit by the rules of RULES, in order; what no rule names is a paragraph."""
    words = words or line_words(lang.split("-")[0].lower())
    units = rejoin_broken_sentences(units, words)
    reading = Reading(units, words)
    for name, rule in RULES:
        before = list(reading.kinds) if log.isEnabledFor(logging.DEBUG) else None
        rule(reading)
        if before is not None:
            _log_rule(name, reading, before)
    return [Block(kind or "paragraph", unit.text, subkind=reading.subkinds[i])
            for i, (unit, kind) in enumerate(zip(units, reading.kinds))]


def rejoin_broken_sentences(units: list[Unit], words_: LineWords) -> list[Unit]:
    """A unit that opens with a word no sentence opens with (a postposition, an auxiliary, a
    relative pronoun: the lexicon's `mid-sentence`), after a unit that does not end its sentence,
    is the rest of that sentence: a scrape broke it across lines ('چکن میں کیمپائلو بیکٹر' /
    'نامی بیکٹریا …'). The two are one unit, whatever blank lines stood between them, so the
    sentence reads the same in every layout of the text."""
    joined: list[Unit] = []
    for unit in units:
        previous = joined[-1] if joined else None
        if previous is not None and not ends_sentence(previous.text) and words_.mid_sentence.match(fold_line(unit.text.strip())):
            log.debug("unit at line %d carries on the sentence of line %d: %.40s", unit.index, previous.index, unit.text)
            joined[-1] = replace(previous, text=join_wrapped([previous.text, unit.text]), blank_after=unit.blank_after)
        else:
            joined.append(unit)
    return joined


def _log_rule(name: str, reading: Reading, before: list) -> None:
    changed = [i for i, (old, new) in enumerate(zip(before, reading.kinds)) if old != new]
    log.debug("rule %s: %d units", name, len(changed))
    for index in changed[:50]:
        log.debug("  rule %s: unit %d is %s%s: %.50s", name, index, reading.kinds[index],
                  f" ({reading.subkinds[index]})" if reading.subkinds[index] else "", reading.units[index].text)


# --- rule: asides --------------------------------------------------------------------------------

def mark_asides(reading: Reading) -> None:
    """Captions, promo lines, continuation markers, and repeats of a subheading (image captions)."""
    seen_titles = set()
    for index, unit in enumerate(reading.units):
        if reading.kinds[index]:
            continue
        kind = aside_kind(unit.text, reading.words, reading.folded[index])
        if kind is None and _heading_key(unit.text) in seen_titles:
            kind = "caption"
        if kind:
            reading.name(index, "aside", kind)
        elif _NUMBERED.match(unit.text) and is_title_shaped(unit.text, HEADING_MAX_WORDS):
            seen_titles.add(_heading_key(unit.text))
    mark_link_runs(reading)


def aside_kind(text: str, words_: LineWords | None = None, folded: str | None = None) -> str | None:
    words_ = words_ or line_words("ar")
    line = folded if folded is not None else fold_line(text.strip())
    if words_.caption.match(line) or (words(line) <= PHOTO_CREDIT_MAX_WORDS and words_.photo_credit.search(line)):
        return "caption"
    if words_.related.match(line):
        return "related"
    if words_.continued.match(line):
        return "continued"
    if words(line) <= PROMO_MAX_WORDS and words_.promo.search(line):
        return "promo"
    return None


def _heading_key(text: str) -> str:
    return " ".join(re.sub(r"^\d{1,2}\s*[-–.)]\s*", "", text.strip()).split())


# --- rule: labels -------------------------------------------------------------------------------

def mark_labels(reading: Reading) -> None:
    """Label lines ('چکیده:', 'Authors:'): a section label heads the text below it; an end label
    opens the trailing block of author notes or sources, which with it is end credits."""
    units, words_ = reading.units, reading.words
    for index in range(len(units) - 1):
        if reading.kinds[index] is None and words_.section_label.match(reading.folded[index]):
            reading.name(index, "heading")
    start = next((i for i in range(len(units) - 1, 0, -1) if words_.end_label.match(reading.folded[i])), None)
    if start is None:
        return
    notes = [i for i in range(start + 1, len(units)) if reading.kinds[i] is None]
    if notes and len(notes) <= END_NOTES_MAX_LINES and all(words(units[i].text) <= END_NOTE_MAX_WORDS for i in notes):
        for index in [start] + notes:
            reading.name(index, "credit", "other")


# --- rule: credits -------------------------------------------------------------------------------

def mark_credits(reading: Reading) -> None:
    """End credits: the trailing run of credit-shaped lines (promo asides may stand among them)."""
    for index in range(len(reading.units) - 1, 0, -1):
        if reading.kinds[index] in ("aside", "credit"):
            continue
        kind = credit_kind(reading.units[index].text, reading.words, reading.folded[index])
        if kind is None:
            return
        reading.name(index, "credit", kind)


def credit_kind(text: str, words_: LineWords | None = None, folded: str | None = None) -> str | None:
    words_ = words_ or line_words("ar")
    stripped = text.strip()
    line = folded if folded is not None else fold_line(stripped)
    if words_.reporting.search(line):
        return "reporting"
    if words_.marker.match(line):
        return "marker"
    if words(line) <= CREDIT_MAX_WORDS and words_.copyright.search(line):
        return "copyright"
    if words(line) <= AGENCY_LIST_MAX_WORDS and not ends_sentence(stripped) and _is_agency_list(line, words_):
        return "agency"
    if words(line) <= REPRINT_MAX_WORDS and words_.reprint.match(line):
        return "agency"  # 'نقلاً عن الأهرام المصرية': the outlet the piece is reprinted from
    return None


def _is_agency_list(line: str, words_: LineWords) -> bool:
    parts = [p.strip(" .()") for p in re.split(r"[/،,|+]|\s[-–]\s", line)]
    parts = [p for p in parts if p]
    return bool(parts) and all(p in words_.agencies for p in parts)


# --- rule: headline --------------------------------------------------------------------------------

def mark_headline(reading: Reading) -> None:
    """The first line is a headline only when shaped like one and set apart from the body."""
    units = reading.units
    if len(units) < 2 or reading.kinds[0]:
        return
    first = units[0].text
    if reading.words.lede_report.search(reading.folded[0]):
        return  # 'X نے کہا ہے کہ …': the lede's first sentence, whatever its length
    if is_headline_shaped(first) and set_apart(reading) and not _NUMBERED.match(first) or is_truncated_title(units):
        reading.name(0, "headline")


def is_truncated_title(units: list[Unit]) -> bool:
    """A scrape's title run on into its teaser and cut short ('title teaser ...'), set apart by a
    blank line (or flush over an indented body): the title line, whatever the sentences in it."""
    first = units[0]
    apart = first.blank_after or (units[1].indented and not first.indented)
    return apart and bool(_TRUNCATED.search(first.text.rstrip())) and words(first.text) <= TRUNCATED_TITLE_MAX_WORDS


def _median(values: list[int]) -> float:
    """statistics.median, without importing statistics (its fractions and decimal cost start-up)."""
    ordered, middle = sorted(values), len(values) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def set_apart(reading: Reading) -> bool:
    """The first unit stands apart from the body: by a blank line that is not just every unit's
    separator, by indentation the body has and it lacks, or by being clearly shorter."""
    units, first = reading.units, reading.units[0]
    body = [u.text for u, kind in zip(units[1:], reading.kinds[1:]) if kind is None]
    paragraphs = [len(text) for text in body if ends_sentence(text)] or [len(text) for text in body] or [0]
    ratio = len(first.text) / max(1, _median(paragraphs))
    blank_separates_all = len(units) > 2 and all(u.blank_before for u in units[1:])
    if first.blank_after and not blank_separates_all:
        return True
    if units[1].indented and not first.indented:
        return True
    if all_caps(first.text) and sum(map(all_caps, body)) <= len(body) // 4:
        return True  # 'UNICORP AMERICAN CORP 4TH QTR NET' over mixed-case copy: a wire headline
    return any(words(first.text) <= most and ratio <= share for most, share in TITLE_LENGTHS)


# --- rule: bylines ---------------------------------------------------------------------------------

def mark_bylines(reading: Reading) -> None:
    """Bylines: 'By …' / 'بقلم …' lines, or a place, a dash and a name, among the first lines."""
    for index, unit in enumerate(reading.units[:BYLINE_LINES]):
        text = unit.text.strip()
        if reading.kinds[index] is not None or words(text) > BYLINE_MAX_WORDS or ends_sentence(text.rstrip(".")):
            continue
        if is_byline(text, reading.folded[index], reading.words) or (
                _PLACE_DASH_NAME.match(text) and index + 1 < len(reading.units)):
            reading.name(index, "byline")


def is_byline(text: str, folded: str, words_: LineWords) -> bool:
    """An opener ('By', 'بقلم') before a name (a capital in cased scripts), or 'AP Business Writer'."""
    opener = words_.byline.match(folded)
    if opener:
        name = text.split()[len(folded[:opener.end() - 1].split()):][:1]
        return bool(name) and not name[0][:1].islower()
    return bool(words_.byline_title.match(text))


# --- rule: headings --------------------------------------------------------------------------------

def mark_headings(reading: Reading) -> None:
    """Subheadings: a title-shaped line that introduces a paragraph. Title-shaped lines that
    introduce nothing (the last line) or stand in a run (link lists) are related-story links."""
    units, kinds = reading.units, reading.kinds
    shaped = _heading_candidates(reading)
    following_of, credits_after = _following_paragraphs(kinds), _only_credits_after(kinds)
    for index, unit in enumerate(units):
        if not shaped[index]:
            continue
        after_run = index > 0 and shaped[index - 1]
        before_run = index + 1 < len(units) and shaped[index + 1]
        following = units[following_of[index]] if following_of[index] is not None else None
        introduces = following is not None and _looks_like_paragraph(following.text)
        # the paragraph under it carries the story on (و/ف) rather than starting afresh
        carried_on = following is not None and bool(reading.words.continuation.match(reading.folded[following_of[index]]))
        # the last of a run of links is a subheading only when the paragraph it stands over starts
        # afresh on its topic
        last_of_run = after_run and following is not None and not carried_on \
            and shares_topic(unit.text, following.text, reading.words)
        if reading.words.link_opener.match(reading.folded[index]) or (carried_on and is_claim_title(unit.text)):
            reading.name(index, "aside", "related")  # 'شاهد.. …'; another story's headline dropped into this one
        elif introduces and not before_run and (not after_run or last_of_run):
            reading.name(index, "heading")
        elif following is None and is_name_shaped(unit.text) and credits_after[index]:
            reading.name(index, "credit", "other")  # a writer's name closing the story
        else:
            reading.name(index, "aside", "related")


def _heading_candidates(reading: Reading) -> list[bool]:
    """Which unnamed units could be titles: shaped like one, and not a dated entry, a results-table
    row, a sentence reporting speech or a labelled entry (an interview turn, a list item)."""
    words_, folded, entries = reading.words, reading.folded, _labelled_entries(reading.folded)
    return [kind is None and index > 0 and index not in entries and _is_heading_shape(unit.text)
            and not words_.dated_entry.match(folded[index]) and not words_.figures_compared.search(folded[index])
            and not words_.lede_report.search(folded[index])
            for index, (unit, kind) in enumerate(zip(reading.units, reading.kinds))]


def _labelled_entries(folded: list[str]) -> set:
    """Units that open with a label and a colon used again and again ('فارس: …؟' in an interview,
    'استان تهران: …' in a list): the turns or items of the story, not titles."""
    labels = [None] + [_label(line) for line in folded[1:]]  # a headline may carry a series label ('كأس العالم 2018: …')
    counts = Counter(label for label in labels if label)
    return {i for i, label in enumerate(labels) if label and counts[label] >= LABELLED_ENTRIES_MIN}


def _label(line: str) -> str | None:
    """The first word of a line whose first few words end in a colon ('فارس:', 'استان تهران:')."""
    head = line.split(None, LABEL_MAX_WORDS)[:LABEL_MAX_WORDS]
    return head[0].rstrip(":：") if any(word.endswith((":", "：")) for word in head) else None


def _following_paragraphs(kinds) -> list:
    """For each unit, the index of the next unit no rule has named yet, or None when an end credit
    (or the end) comes first. One backward pass."""
    following, nearest = [None] * len(kinds), None
    for index in range(len(kinds) - 1, -1, -1):
        following[index] = nearest
        if kinds[index] is None:
            nearest = index
        elif kinds[index] == "credit":
            nearest = None
    return following


def _only_credits_after(kinds) -> list:
    """For each unit, whether only credits and asides follow it. One backward pass."""
    flags, only = [True] * len(kinds), True
    for index in range(len(kinds) - 1, -1, -1):
        flags[index] = only
        only = only and kinds[index] in ("credit", "aside")
    return flags


def _is_heading_shape(text: str) -> bool:
    stripped = text.strip()
    if not any(char.isalpha() for char in stripped) or _LIST_ITEM.match(stripped) or _DATA_LINE.match(stripped):
        return False
    if is_table_row(stripped) or _ADDRESS.search(stripped):
        return False  # 'Shr 1.57 dlrs vs 1.60 dlrs', 'press@example.org': story text, not a title
    if _NUMBERED.match(stripped):
        return is_title_shaped(stripped, HEADING_MAX_WORDS)
    if "،" in stripped or ", " in stripped and not stripped.isupper():
        return False
    return is_title_shaped(stripped, HEADING_MAX_WORDS)


def _looks_like_paragraph(text: str) -> bool:
    return ends_sentence(text) or words(text) > HEADING_MAX_WORDS or is_table_row(text)


# The order is the reading: the envelope first, then the top of the story, then its sections.
RULES = (
    ("asides", mark_asides),
    ("labels", mark_labels),
    ("credits", mark_credits),
    ("headline", mark_headline),
    ("teasers", mark_teasers),
    ("trailing ledes", mark_trailing_ledes),
    ("bylines", mark_bylines),
    ("headings", mark_headings),
)
