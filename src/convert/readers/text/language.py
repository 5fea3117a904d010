"""Text → (BCP 47 language, direction), from the letters' scripts.

Arabic script is told apart by letters only one language uses: Urdu ٹ ڈ ڑ ں ے ھ ۃ ۓ,
Persian پ چ ژ گ ک ی (Urdu shares most of these, so Urdu letters are looked for first). They are
counted as a share of the Arabic-script letters, not one by one: an Arabic article names Persians
(`کاملیا انتخابی فرد`) and is sometimes typed with a Persian keyboard's ی and ک. In the corpus, the
Persian letters are at most 0.41 % of the letters of the 1,000 Arabic bench articles and at least
1.33 % of the 100 Persian texts' (Urdu's letters: at most 0.06 % in Arabic, at least 7.2 % in
Urdu); each threshold lies between, near their geometric mean.
"""

import re
from collections import Counter

RTL_LANGUAGES = {"ar", "fa", "ur", "he", "yi", "ps", "sd", "ug", "ckb", "dv"}
_URDU = re.compile("[ٹڈڑںےۃۓھ]")
_PERSIAN = re.compile("[پچژگکی]")
URDU_SHARE, PERSIAN_SHARE = 0.01, 0.0075  # of the Arabic-script letters (see above)
MIN_LETTERS = 3  # a text with fewer of a language's own letters is not taken for it


_SCRIPT_LETTERS = {
    "hebrew": re.compile("[\u05d0-\u05ea\u05f0-\u05f2\ufb1d-\ufb4f]"),
    "arabic": re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f"
                         "\ufb50-\ufdff\ufe70-\ufefc]"),
    "latin": re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]"),
}


_ANY_RTL = re.compile(f"{_SCRIPT_LETTERS['hebrew'].pattern}|{_SCRIPT_LETTERS['arabic'].pattern}")


def scripts(text: str) -> Counter:
    """How many letters of each script the text has (counted by regular expressions, in C)."""
    return Counter({name: n for name, pattern in _SCRIPT_LETTERS.items() if (n := _count(pattern, text))})


def _count(pattern, text: str) -> int:
    """Matches of a pattern, counted without a list of them (findall on a 50 MB article made one
    string object per letter: about 40 bytes of memory per byte of input)."""
    return pattern.subn("", text)[1]


def detect_language(text: str, default: str = "en") -> tuple[str, str]:
    """The language and direction of a text; `default` when it has no letters."""
    counts = scripts(text)
    if not counts:
        return default, direction_of(default)
    script = counts.most_common(1)[0][0]
    if script == "hebrew":
        return "he", "rtl"
    if script == "latin":
        return "en", "ltr"
    letters, urdu, persian = counts["arabic"], _count(_URDU, text), _count(_PERSIAN, text)
    if urdu >= MIN_LETTERS and urdu >= URDU_SHARE * letters and urdu >= 0.1 * persian:
        return "ur", "rtl"
    if persian >= MIN_LETTERS and persian >= PERSIAN_SHARE * letters:
        return "fa", "rtl"
    return "ar", "rtl"


def direction_of(lang: str) -> str:
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def differs(text: str, document_dir: str) -> bool:
    """True when a block's own letters are mostly in the other direction (it needs its own dir)."""
    other = _SCRIPT_LETTERS["latin"] if document_dir == "rtl" else _ANY_RTL
    if not other.search(text):  # the usual case, found without counting every letter
        return False
    counts = scripts(text)
    total = sum(counts.values())
    if total < 8:
        return False
    rtl = counts["arabic"] + counts["hebrew"]
    share = rtl / total
    return share < 0.2 if document_dir == "rtl" else share > 0.8
