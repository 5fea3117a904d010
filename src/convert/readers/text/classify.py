"""Units → blocks: each unit named headline, byline, heading, paragraph, aside or credit.

Ordered rules, as an editor reads: the envelope of the story first (end credits from the bottom,
asides wherever they stand), then the headline and bylines at the top, then subheadings between
paragraphs. Thresholds are relative to the document's own paragraphs where they can be.
"""

import re
import statistics

from convert.document.build import Block
from convert.readers.text.blocks import Unit

HEADLINE_MAX_WORDS = 30
HEADING_MAX_WORDS = 20
# (at most so many words, at most this share of the body's median paragraph length): a first line
# this short is set apart by its length alone. A few words may come near a paragraph's length (short
# paragraphs), a long title must be clearly shorter (a lede without final punctuation is not).
TITLE_LENGTHS = ((16, 0.9), (24, 0.65), (HEADLINE_MAX_WORDS, 0.5))
SIGNATURE_MAX_WORDS = 4
_CLOSERS = "\"'”’»)]›"
_SENTENCE_END = ".!؟?۔…:;؛"
_LIST_ITEM = re.compile(r"^[-–•*▪·]\s")  # "- 2018: الرومانية سيمونا هاليب": story text, a list
_DATA_LINE = re.compile(r"^[^:：]{1,40}[:：]\s*[\d٠-٩۰-۹.,%]+$")  # "النرويج: 1": a table row, not a title
_CONTINUES = re.compile(r"^[\"«(]?(?:و|ف|ثم |لكن|ولكن)")
_NUMBERED = re.compile(r"^\d{1,2}\s*[-–.)]\s*[^\d\s]")

_CAPTION = re.compile(r"^\d+ of \d+\.|^(?:photo|image|file photo|صورة|الصورة)\s*[:：]", re.I)
_CONTINUED = re.compile(r"^\(?\s*(?:جاری ہے|جاري|يتبع|continued|more|المزيد)\s*\)?$", re.I)
_RELATED = re.compile(
    r"^(?:قد يهمك|للمزيد|اقرأ أيضا|اقرأ أيضاً|اقرأ المزيد|شاهد أيضا|شاهد أيضاً|مواضيع ذات صلة|ذات صلة"
    r"|related|read more|see also|more on this)\s*[:/：\-–]", re.I)
_PROMO = re.compile(
    r"اقرأ أيضا|اقرأ أيضاً|اقرأ المزيد|شاهد أيضا|شاهد أيضاً|للمزيد من|تابعونا|تابعوا|حمّل تطبيق|حمل تطبيق"
    r"|\bread more\b|\bclick here\b|\bfollow us\b|\bsubscribe\b|\bsign up\b|\bshare this\b|\bdownload the app\b"
    r"|مزید پڑھیں|بیشتر بخوانید|يمكنكم استلام إشعارات|تحميل أحدث نسخة من تطبيق",
    re.I,
)
_REPORTING_CREDIT = re.compile(
    r"^\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|edited|written)\s+by\b.*\)?$"
    r"|contributed (?:reporting )?to this (?:report|story|article)\.?$"
    r"|^\(\s*(?:إعداد|تحرير|تغطية|شارك في التغطية)\b.*\)$",
    re.I,
)
_MARKER = re.compile(r"^(?:reuters?|-+\s*30\s*-+|#{3,}|ends?|-+|_+|\*+|=+|ـ+|انتهى|نهاية الخبر)$", re.I)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|جميع الحقوق محفوظة|all rights reserved", re.I)
_AGENCIES = {
    "أ ف ب", "ا ف ب", "اف ب", "أف ب", "رويترز", "فرانس 24", "فرانس24", "د ب أ", "د.ب.أ", "الأناضول",
    "وكالات", "سي إن إن", "سكاي نيوز عربية", "بي بي سي", "واس", "قنا", "وام", "كونا", "بترا", "سانا",
    "afp", "ap", "reuters", "cnn", "bbc", "dpa", "upi", "xinhua", "ایجنسی", "ایرنا", "ایسنا", "فارس",
}
_BYLINE = re.compile(r"^(?:[Bb]y|BY)\s+[A-Z][\w.'-]+|^(?:بقلم|كتب|كتبت|کتب|מאת)\s*[:：]?\s+\S"
                     r"|^(?:[A-Z][\w.]*\s){1,3}(?:Writer|Correspondent|Editor|Reporter)$")  # "AP Business Writer"
# Arabic wire bylines name the place, a dash, then the writer: "القاهرة - أحمد الريدي"
_PLACE_DASH_NAME = re.compile(r"^[\u0600-\u06ff]+(?: [\u0600-\u06ff]+)?\s+[-–—]\s+[\u0600-\u06ff]+(?: [\u0600-\u06ff]+){1,3}$")


def classify(units: list[Unit]) -> list[Block]:
    """Name every unit; the order of the rules below is the order of the reading."""
    kinds: list[str | None] = [None] * len(units)
    subkinds: list[str | None] = [None] * len(units)
    mark_asides(units, kinds, subkinds)
    mark_credits(units, kinds, subkinds)
    mark_headline(units, kinds)
    mark_bylines(units, kinds)
    mark_headings(units, kinds, subkinds)
    return [Block(kind or "paragraph", unit.text, subkind=subkinds[i])
            for i, (unit, kind) in enumerate(zip(units, kinds))]


# --- shape of a line ---------------------------------------------------------------------------

def words(text: str) -> int:
    return len(text.split())


def ends_sentence(text: str) -> bool:
    """Ends in sentence punctuation, or in a closing quote (a quoted sentence)."""
    stripped = text.rstrip()
    if not stripped:
        return False
    if stripped[-1] in "\"”»'’":
        return True
    return stripped.rstrip(_CLOSERS)[-1:] in tuple(_SENTENCE_END)


def has_inner_sentence_break(text: str, marks: str = ".!؟?۔") -> bool:
    return bool(re.search(rf"(?<![.])[{marks}](?![.])[\"”»]?\s+\S", text.rstrip()))


def is_title_shaped(text: str, max_words: int) -> bool:
    """Short, without final sentence punctuation (a question mark allowed), one sentence at most."""
    stripped = text.rstrip()
    if words(stripped) > max_words or has_inner_sentence_break(stripped):
        return False
    return stripped[-1] in "?؟" or not ends_sentence(stripped)


def is_headline_shaped(text: str) -> bool:
    """Headlines may end in ?, ! or a closing quote (a quoted claim); never in . : ; or a comma."""
    stripped = text.rstrip()
    if words(stripped) > HEADLINE_MAX_WORDS or len(stripped) > 250 or has_inner_sentence_break(stripped, ".۔"):
        return False
    last = stripped.rstrip(_CLOSERS)[-1:]
    return last not in tuple(".:;؛،,") or stripped.endswith("..")


# --- rules ---------------------------------------------------------------------------------------

def mark_credits(units, kinds, subkinds) -> None:
    """End credits: the trailing run of credit-shaped lines (promo asides may stand among them)."""
    for index in range(len(units) - 1, 0, -1):
        if kinds[index] == "aside":
            continue
        kind = credit_kind(units[index].text)
        if kind is None:
            return
        kinds[index], subkinds[index] = "credit", kind


def credit_kind(text: str) -> str | None:
    stripped = text.strip()
    if _REPORTING_CREDIT.search(stripped):
        return "reporting"
    if _MARKER.match(stripped):
        return "marker"
    if words(stripped) <= 15 and _COPYRIGHT.search(stripped):
        return "copyright"
    if words(stripped) <= 10 and not ends_sentence(stripped) and _is_agency_list(stripped):
        return "agency"
    return None


def _is_agency_list(text: str) -> bool:
    parts = [p.strip(" .()") for p in re.split(r"[/،,|+]|\s[-–]\s", text)]
    parts = [p for p in parts if p]
    return bool(parts) and all(p.lower() in _AGENCIES for p in parts)


def mark_asides(units, kinds, subkinds) -> None:
    """Captions, promo lines, continuation markers, and repeats of a subheading (image captions)."""
    seen_titles = set()
    for index, unit in enumerate(units):
        if kinds[index]:
            continue
        kind = aside_kind(unit.text)
        if kind is None and _heading_key(unit.text) in seen_titles:
            kind = "caption"
        if kind:
            kinds[index], subkinds[index] = "aside", kind
        elif _NUMBERED.match(unit.text) and is_title_shaped(unit.text, HEADING_MAX_WORDS):
            seen_titles.add(_heading_key(unit.text))


def aside_kind(text: str) -> str | None:
    stripped = text.strip()
    if _CAPTION.match(stripped):
        return "caption"
    if _RELATED.match(stripped):
        return "related"
    if _CONTINUED.match(stripped):
        return "continued"
    if words(stripped) <= 25 and _PROMO.search(stripped):
        return "promo"
    return None


def _heading_key(text: str) -> str:
    return " ".join(re.sub(r"^\d{1,2}\s*[-–.)]\s*", "", text.strip()).split())


def mark_headline(units, kinds) -> None:
    """The first line is a headline only when shaped like one and set apart from the body."""
    if len(units) < 2 or kinds[0]:
        return
    first = units[0]
    if is_headline_shaped(first.text) and set_apart(units, kinds) and not _NUMBERED.match(first.text):
        kinds[0] = "headline"


def set_apart(units, kinds) -> bool:
    """The first unit stands apart from the body: by a blank line that is not just every unit's
    separator, by indentation the body has and it lacks, or by being clearly shorter."""
    first = units[0]
    body = [u.text for u, kind in zip(units[1:], kinds[1:]) if kind is None]
    paragraphs = [len(text) for text in body if ends_sentence(text)] or [len(text) for text in body] or [0]
    ratio = len(first.text) / max(1, statistics.median(paragraphs))
    blank_separates_all = len(units) > 2 and all(u.blank_before for u in units[1:])
    if first.blank_after and not blank_separates_all:
        return True
    if units[1].indented and not first.indented:
        return True
    return any(words(first.text) <= most and ratio <= share for most, share in TITLE_LENGTHS)


def mark_bylines(units, kinds) -> None:
    """Bylines: 'By …' / 'بقلم …' lines among the first three units."""
    for index, unit in enumerate(units[:3]):
        text = unit.text.strip()
        if kinds[index] is not None or words(text) > 15 or ends_sentence(text.rstrip(".")):
            continue
        if _BYLINE.match(text) or (_PLACE_DASH_NAME.match(text) and index + 1 < len(units)):
            kinds[index] = "byline"


def mark_headings(units, kinds, subkinds) -> None:
    """Subheadings: a title-shaped line that introduces a paragraph. Title-shaped lines that
    introduce nothing (the last line) or stand in a run (link lists) are related-story links."""
    shaped = [kinds[i] is None and i > 0 and _is_heading_shape(u.text) for i, u in enumerate(units)]
    for index, unit in enumerate(units):
        if not shaped[index]:
            continue
        after_run = index > 0 and shaped[index - 1]
        before_run = index + 1 < len(units) and shaped[index + 1]
        following = _next_unclassified(units, kinds, index)
        introduces = following is not None and _looks_like_paragraph(following.text)
        # the last of a run of links is a subheading only when the paragraph it stands over starts
        # afresh (not with و/ف, which continues the story the links interrupted) on its topic
        last_of_run = after_run and not _CONTINUES.match(following.text if following else "") \
            and following is not None and _shares_topic(unit.text, following.text)
        if introduces and not before_run and (not after_run or last_of_run):
            kinds[index] = "heading"
        elif following is None and words(unit.text) <= SIGNATURE_MAX_WORDS and _only_credits_after(kinds, index):
            kinds[index], subkinds[index] = "credit", "other"  # a writer's name closing the story
        else:
            kinds[index], subkinds[index] = "aside", "related"


def _content_words(text: str) -> set:
    words_ = re.findall(r"\w{3,}", text.lower())
    return {re.sub(r"^(?:وال|بال|لل|ال|و)(?=\w{3})", "", w) for w in words_}


def _shares_topic(heading: str, paragraph: str) -> bool:
    """A content word of the heading comes back in the paragraph's first twenty words."""
    return bool(_content_words(heading) & _content_words(" ".join(paragraph.split()[:20])))


def _only_credits_after(kinds, index: int) -> bool:
    return all(kind in ("credit", "aside") for kind in kinds[index + 1:]) and "paragraph" not in kinds[index + 1:]


def _is_heading_shape(text: str) -> bool:
    stripped = text.strip()
    if not any(char.isalpha() for char in stripped) or _LIST_ITEM.match(stripped) or _DATA_LINE.match(stripped):
        return False
    if _NUMBERED.match(stripped):
        return is_title_shaped(stripped, HEADING_MAX_WORDS)
    if "،" in stripped or ", " in stripped and not stripped.isupper():
        return False
    return is_title_shaped(stripped, HEADING_MAX_WORDS)


def _looks_like_paragraph(text: str) -> bool:
    return ends_sentence(text) or words(text) > HEADING_MAX_WORDS


def _next_unclassified(units, kinds, index):
    for later in range(index + 1, len(units)):
        if kinds[later] in (None, "heading"):
            return units[later]
        if kinds[later] == "credit":
            return None
    return None
