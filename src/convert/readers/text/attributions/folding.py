"""Text → a folded form for matching (no harakat or tatweel, alef variants folded, ASCII lower-cased)
whose offsets map back to the raw text, and the tokens the attribution rules walk over."""

import re
from bisect import bisect_right
from typing import NamedTuple

_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                       **{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}})
_FOLDS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"))
_DROP = re.compile("[\u064b-\u0652\u0670\u0640\u0610-\u061a\u06d6-\u06ed]")
CLOSING_PUNCT = "،,.:;؛؟?!۔"  # ۔ is the Urdu full stop
_LEADING_CLOSERS = re.compile(r"[\"»”)]*")
_ANY_QUOTE = re.compile('["«»“”]')
# a word ends at the Urdu full stop even with no space after it: scraped Urdu glues its sentences
# ("…کیا۔وزیر اعظم نے کہا"), twice as often as it spaces them
_WORD = re.compile(r"[^\s۔]+۔*|۔+")
_TOKEN_END = CLOSING_PUNCT + "\"»”)’'"
# a subject before its verb is a few words; a source and the complement after it, a few more
WINDOW_BEFORE, WINDOW_AFTER = 90, 260
# subject-first languages: the subject opens the clause, adverbials may stand before the verb
CLAUSE_BEFORE = 300


class Token(NamedTuple):  # a tuple: tokens are made by the hundred thousand
    start: int  # offsets in the folded text
    end: int
    text: str  # folded, without surrounding punctuation
    raw_end_punct: str  # punctuation the token ended with (',' '.' ':' …), '' when none
    quotes: int = 0  # quote marks in the token (an odd count opens or closes a quotation)
    adverb: bool = False  # written with tanween fath (علنًا, شخصيا): an adverb ends a noun phrase


class Folded:
    """Text without harakat and tatweel, alef variants folded, ASCII lower-cased; offsets map back
    to the raw text. Built with regular expressions and str.translate, not a loop per character."""

    def __init__(self, raw: str):
        self.raw_text = raw
        self.dropped = [m.start() for m in _DROP.finditer(raw)]
        # folded position at which each dropped character stood
        self._shifted = [position - index for index, position in enumerate(self.dropped)]
        self.text = fold(_DROP.sub("", raw) if self.dropped else raw)
        # folded positions of tanween fath, in order (looked up by bisection per token)
        self.tanween = [self._shifted[i] for i, p in enumerate(self.dropped) if raw[p] == "\u064b"]

    def raw_index(self, folded: int) -> int:
        return folded + bisect_right(self._shifted, folded)

    def raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw offsets of text[start:end], harakat written on its last letter included."""
        raw_start = self.raw_index(start)
        if end <= start:
            return raw_start, raw_start
        raw_end = self.raw_index(end - 1) + 1
        while raw_end < len(self.raw_text) and _DROP.match(self.raw_text, raw_end):
            raw_end += 1
        return raw_start, raw_end


def fold(text: str) -> str:
    """Alef variants, alef maqsura and teh marbuta folded, lower case; the length never changes.
    (str.replace and lower() run in C; str.translate looks every character up in a dict.)"""
    if "\u0130" in text:  # 'İ'.lower() is two characters: keep offsets with the ASCII-only table
        return text.translate(_FOLD)
    for variant, base in _FOLDS:
        if variant in text:
            text = text.replace(variant, base)
    return text.lower()


def strip_marks(text: str) -> str:
    """Without harakat and tatweel (what folding drops)."""
    return _DROP.sub("", text)


def fold_line(text: str) -> str:
    """A whole line in its folded form (offsets not kept), for matching vocabulary."""
    return fold(strip_marks(text))


def folded_set(words) -> frozenset:
    return frozenset(Folded(word).text for word in words)


def cue_windows(text: str, cues: list[tuple[int, int]], before: int = WINDOW_BEFORE) -> list[tuple[int, int]]:
    """Stretches of text around the cues, merged; only these are tokenized (speed)."""
    windows = []
    for start, end in cues:
        lo = text.rfind(" ", 0, max(0, start - before)) + 1
        hi = text.find(" ", end + WINDOW_AFTER)
        hi = len(text) if hi < 0 else hi
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return windows


def _any_between(positions: list[int], start: int, end: int) -> bool:
    """A position p with start < p <= end in the sorted list."""
    index = bisect_right(positions, start)
    return index < len(positions) and positions[index] <= end


# Hebrew writes the gershayim of an acronym as a quote mark between letters ('עו"ד', 'יו"ר'): no quotation
_GERSHAYIM = re.compile(r'(?<=[\u05d0-\u05ea])"(?=[\u05d0-\u05ea])')


def tokenize(folded: Folded, lo: int = 0, hi: int | None = None) -> list[Token]:
    tokens, text, tanween = [], folded.text, folded.tanween
    for match in _WORD.finditer(text, lo, len(text) if hi is None else hi):
        word = match.group()
        core = word.rstrip(_TOKEN_END)
        punct = word[len(core):]
        start = match.start()
        end = start + len(core)
        quotes = 0
        if _ANY_QUOTE.search(word):
            # quote marks after a colon or comma open the next words' quotation, not this token's
            counted = core + _LEADING_CLOSERS.match(punct).group()
            quotes = sum(map(counted.count, '"«»“”')) - len(_GERSHAYIM.findall(core))
        adverb = bool(tanween) and _any_between(tanween, start, end)
        tokens.append(Token(start, end, core, punct, quotes, adverb))
    return tokens
