"""The lede's opening phrase → a dateline span with location, agency and date.

Shapes of real wire copy: ``أنقرة، تركيا (CNN) --``, ``(CNN)--``, ``لندن (رويترز) -``,
``هراري 15-7 (اف ب) -``, ``SALVADOR, Feb 26 -``, ``LONDON (Reuters) -``, ``واشنگٹن 7 مئی (ایجنسی)``,
``لاہور (ویب ڈیسک)``. The separator (dash, colon) stays outside the dateline.
"""

import re
from functools import lru_cache

from convert.document import names
from convert.document.build import Span
from convert.readers.text.language import detect_language
from convert.readers.text.vocabulary import vocabulary

_SEPARATOR = r"\s*(?:--|—|–|-|:|ـ)\s*"
# place (+ date) then an agency in parentheses, within the first few words
_WITH_AGENCY = re.compile(
    r"^(?P<place>[^\s()\"«».!?؟][^()\"«».!?؟\n]{0,60}?)?\s*(?P<open>\()(?P<agency>[^()]{1,30})\)(?P<sep>" + _SEPARATOR + r")?"
)
DATELINE_REACH = 200  # a dateline opens the lede: its script is the first characters'
MAX_AGENCY_WORDS = 4  # '(ڈیلی پاکستان آن لائن)': an outlet's name, not a parenthetical remark
MAX_PLACE_WORDS = 5  # a place with its country: 'دبي، الإمارات العربية المتحدة'


@lru_cache(maxsize=None)
def _patterns(lang: str) -> tuple[re.Pattern, re.Pattern]:
    """The date at the end of a place, and the Latin upper-case place (+ date) before a dash,
    with the month names of the language's lexicon ('Feb' also matches 'February', 'Feb.')."""
    months = vocabulary(lang).alternation("month")
    months = rf"(?:{months})[a-z]*\.?" if re.search("[A-Za-z]", months) else rf"(?:{months})"
    date = re.compile(rf"[\s,،۔]*(\d{{1,2}}\s*{months}|{months}\s*\d{{1,2}}|\d{{1,2}}[-/]\d{{1,2}})\s*$")
    # "SALVADOR, Feb 26 -", "LONDON -", and a title-case place with its date: "New York, Feb 26 -"
    upper = r"[A-Z][A-Z.' ]{1,30}(?:,\s*[A-Z][A-Za-z.' ]{1,30})*(?:,\s*" + months + r"\s*\d{1,2})?"
    titled = r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,3}(?:,\s*[A-Z][A-Za-z.' ]{1,30})*,\s*" + months + r"\s*\d{1,2}"
    latin_place = re.compile(rf"^(?P<place>{upper}|{titled})(?P<sep>\s+(?:--|—|–|-)(?:\s+|$))")
    return date, latin_place


@lru_cache(maxsize=None)
def _agency_lead(lang: str) -> re.Pattern:
    """'خبرگزاري فارس: …', 'AFP: …': an agency alone opening the lead, before a colon."""
    v = vocabulary(lang)
    return re.compile(rf"^(?P<agency>(?:{v.alternation('agency-word')})\s+\S+(?:\s+\S+)?|(?:{v.alternation('agency')}))"
                      rf"(?P<sep>\s*:)", re.I)


def find_dateline(text: str, lang: str | None = None) -> list[Span]:
    """Spans for the dateline at the start of text (in `lang`, else the language its script says), or []."""
    lang = lang or detect_language(text[:DATELINE_REACH])[0]
    date, latin_place = _patterns(lang.split("-")[0].lower())
    match = _WITH_AGENCY.match(text)
    if match and _plausible_place(match.group("place")) and (match.group("sep") or _ends_lede_phrase(text, match)):
        return _spans(text, match, match.end("agency") + 1, date)
    match = latin_place.match(text)
    if match:
        return _spans(text, match, match.end("place"), date)
    match = _agency_lead(lang.split("-")[0].lower()).match(text)
    if match and ":" not in match.group("agency"):
        return [Span(0, match.end("agency"), names.DATELINE), Span(0, match.end("agency"), names.AGENCY)]
    return []


def _plausible_place(place: str | None) -> bool:
    return place is None or len(place.split()) <= MAX_PLACE_WORDS


def _ends_lede_phrase(text: str, match) -> bool:
    """Without a separator, the parenthesis must follow a place name, as in Urdu wire copy
    ('واشنگٹن 7 مئی (ایجنسی)'); Latin copy always has the dash ('Apple (AAPL.O) said' is no dateline)."""
    agency, place = match.group("agency").strip(), match.group("place") or ""
    return (bool(place) and not re.search("[A-Za-z]", place)
            and 0 < len(agency.split()) <= MAX_AGENCY_WORDS and not any(c.isdigit() for c in agency))


def _spans(text: str, match, end: int, date: re.Pattern) -> list[Span]:
    spans = [Span(0, end, names.DATELINE)]
    place = match.group("place")
    if place and place.strip():
        spans += _place_spans(text, match.start("place"), match.start("place") + len(place.rstrip(" -–—ـ")), date)
    if "agency" in match.groupdict() and match.group("agency"):
        spans.append(Span(match.start("agency"), match.end("agency"), names.AGENCY))
    return spans


def _place_spans(text: str, start: int, end: int, pattern: re.Pattern) -> list[Span]:
    place = text[start:end]
    date = pattern.search(place)
    if date and date.start(1) > 0:
        location_end = start + len(place[:date.start()].rstrip(" ,،"))
        return [Span(start, location_end, names.LOCATION), Span(start + date.start(1), start + date.end(1), names.DATE)]
    return [Span(start, end, names.LOCATION)]
