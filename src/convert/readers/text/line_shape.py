"""A line's text → its shape: word count, sentence ends, title, headline and name shapes, table rows.

Shapes are code (punctuation, figures, lengths, capitals); the words a rule looks for are the
lexicon's (line_words.py). The classification rules (classify.py) name units by these shapes.
"""

import re

HEADING_MAX_WORDS = 20  # a subheading is a phrase, not a paragraph
HEADLINE_MAX_WORDS = 30  # a headline is a sentence's length at most
HEADLINE_MAX_CHARS = 250  # ... in characters too (a long unpunctuated lede is no headline)
SIGNATURE_MAX_WORDS = 4  # a writer's name closing the story is two to four words
CLAIM_TITLE_MIN_WORDS = 7  # 'الأدوية المضادة للاكتئاب "قد تسبب الإصابة بمرض السكري"': a headline's length, not a subheading's
_CLOSERS = "\"'”’»)]›"
_SENTENCE_END = ".!؟?۔…:;؛"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
TABLE_ROW_NUMBERS, TABLE_ROW_SHARE = 2, 0.3  # two figures or more, a third of its words: a row of a table
# a claim quoted inside a title, with the title's own words before it: a news headline's style
_QUOTED_CLAIM = re.compile(r'^[^"“”]*\w[^"“”]*\s["“][^"“”]+["”]')


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
    """A sentence ends inside the text; the period of an initial or abbreviation ('U.S. TREASURY') does not."""
    return bool(re.search(rf"(?<![.])(?<!\b[A-Z])[{marks}](?![.])[\"”»]?\s+\S", text.rstrip()))


def is_title_shaped(text: str, max_words: int) -> bool:
    """Short, without final sentence punctuation (a question mark allowed), one sentence at most.
    A closing quote after a word is a quoted phrase ('أنقرة تدعو للكف عن "الشجارات"'), not an end."""
    stripped = text.rstrip()
    if words(stripped) > max_words or has_inner_sentence_break(stripped):
        return False
    last = stripped.rstrip(_CLOSERS)[-1:]
    return stripped[-1] in "?؟" or last in "?؟" or last not in tuple(_SENTENCE_END)


def is_headline_shaped(text: str) -> bool:
    """Headlines may end in ?, ! or a closing quote (a quoted claim); never in . : ; or a comma."""
    stripped = text.rstrip()
    if words(stripped) > HEADLINE_MAX_WORDS or len(stripped) > HEADLINE_MAX_CHARS \
            or has_inner_sentence_break(stripped, ".۔"):
        return False
    last = stripped.rstrip(_CLOSERS)[-1:]
    return last not in tuple(".:;؛،,") or stripped.endswith("..")


def is_claim_title(text: str) -> bool:
    """A headline's shape, not a subheading's: a title of a headline's length that quotes a claim
    after its own words ('بوتين "أمر بقتل" الجاسوس …'); a subheading is short, or a quotation whole."""
    return words(text) >= CLAIM_TITLE_MIN_WORDS and bool(_QUOTED_CLAIM.match(text.strip()))


def is_name_shaped(text: str) -> bool:
    """Two to four words that could be a name: no figures, and in a cased script every word
    capitalised ('Jane Smith'; not 'WINNERS (once)', a stats-box line)."""
    parts = text.split()
    if not parts or len(parts) > SIGNATURE_MAX_WORDS or any(char.isdigit() for char in text):
        return False
    cased = [part.strip("()[]") for part in parts if any(char.isupper() or char.islower() for char in part)]
    return all(part[:1].isupper() for part in cased)


def is_table_row(text: str) -> bool:
    numbers = len(_NUMBER.findall(text))
    return numbers >= TABLE_ROW_NUMBERS and numbers >= TABLE_ROW_SHARE * words(text)


def all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)
