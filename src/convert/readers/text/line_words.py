"""A language's vocabulary → the patterns line classification matches folded lines against.

Words come from the lexicon (vocabulary.py); the shapes around them (a colon after a caption's
opener, a parenthesised credit, a whole-line marker) are here.
"""

import re
from functools import lru_cache

from convert.readers.text.attributions.folding import fold_line
from convert.readers.text.vocabulary import Vocabulary, vocabulary

_RULE_LINE = r"-+\s*30\s*-+|#{3,}|-+|_+|\*+|=+|ـ+"  # '-30-', '###', a line of dashes: end markers


class LineWords:
    """The line-level vocabulary of one language, compiled into patterns over folded lines."""

    def __init__(self, v: Vocabulary):
        alt = lambda kind: v.alternation(kind, folded=True)  # noqa: E731
        plain = [f for row in v.rows if row.kind == "credit" and not {"(", "short"} & set(row.needs) for f in row.forms]
        bracketed = _alternation(_forms_with(v, "credit", "("))
        self.reprint = re.compile(rf"^(?:{_alternation(_forms_with(v, 'credit', 'short'))})\s")
        self.caption = re.compile(rf"^\d+ (?:{alt('caption-count')}) \d+\.|^(?:{alt('caption')})\s*[:：]"
                                  rf"|^(?:{_alternation(_forms_with(v, 'caption', 'alone'))})(?:\s|$)")
        # 'اقرأ أيضا:', 'Read more -', 'اقرأ.. …' (two dots stand for a colon in Arabic web copy)
        self.related = re.compile(rf"^(?:{alt('related')})\s*(?:[:/：\-–]|\.\.|…|$)")
        self.photo_credit = re.compile(rf"(?<!\S)(?:{alt('photo-credit')})$")  # 'شٹر اسٹاک فوٹو'
        self.continued = re.compile(rf"^\(?\s*(?:{alt('continued')})\s*\)?$")
        self.promo = re.compile(rf"(?<!\w)(?:{alt('promo')})(?!\w)")
        self.reporting = re.compile(
            rf"^\(?\s*(?:{_alternation(plain)})\b.*\)?$|(?:{alt('credit-closer')})\.?$"
            rf"|^\(\s*(?:{bracketed})\b.*\)$")
        prefixes = [f[:-1] for f in v.forms("marker") if f.endswith("*")]
        self.marker = re.compile(rf"^(?:{alt('marker')}|{_RULE_LINE})$|^(?:{_alternation(prefixes)})")
        self.copyright = re.compile(alt("copyright"))
        self.agencies = v.words("agency")
        self.byline = re.compile(rf"^(?:{alt('byline')})\s*[:：]?\s+\S")
        self.byline_title = re.compile(rf"^(?:[A-Z][\w.]*\s){{1,3}}(?:{v.alternation('byline-title')})$")
        # 'نویسندگان:', 'Abstract:': a label alone on its line, with its colon
        self.end_label = re.compile(rf"^(?:{alt('end-label')})\s*[:：]?$")  # 'منابع' alone: the colon may be missing
        self.section_label = re.compile(rf"^(?:{alt('section-label')})\s*[:：]$")
        self.lede_report = re.compile(rf"(?<!\S)(?:{alt('lede-report')})(?!\S)")
        self.link_opener = re.compile(rf"^(?:{alt('link-opener')})")
        # '1 أوت 2016: …', 'March 3: …': a dated entry of a schedule or a timeline is story text
        self.dated_entry = re.compile(rf"^\d{{1,2}}\s*(?:{alt('month')})\w*\.?\s*\d{{0,4}}\s*:")
        # 'Other income 52.75 mln vs 15.22 mln': two figures compared, a row of a results table
        self.figures_compared = re.compile(rf"\d[\d.,]*(?:\s+\S+){{0,3}}\s+(?:{alt('versus')})\.?\s+(?:\S+\s+){{0,2}}\d")
        self.continuation = re.compile(rf"^[\"«(]?(?:{alt('continuation')})")
        self.mid_sentence = re.compile(rf"^(?:{alt('mid-sentence')})(?!\w)")
        self.topic_stops = {fold_line(f) for f in v.forms("topic-stop")}
        self.clitic_prefix = re.compile(rf"^(?:{alt('clitic-prefix')})(?=\w{{3}})")


def _forms_with(v: Vocabulary, kind: str, need: str) -> list[str]:
    """The forms of the rows of a kind whose `needs` column holds `need`."""
    return [f for row in v.rows if row.kind == kind and need in row.needs for f in row.forms]


def _alternation(forms) -> str:
    return "|".join(re.escape(fold_line(f)) for f in sorted(forms, key=len, reverse=True)) or r"(?!x)x"


@lru_cache(maxsize=None)
def line_words(lang: str) -> LineWords:
    return LineWords(vocabulary(lang))
