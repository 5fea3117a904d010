"""Text → (BCP 47 language, direction), from the letters' scripts.

Arabic script is told apart by letters only one language uses: Urdu ٹ ڈ ڑ ں ے ھ ۃ ۓ,
Persian پ چ ژ گ ک ی (Urdu shares most of these, so Urdu letters are looked for first).
"""

from collections import Counter

RTL_LANGUAGES = {"ar", "fa", "ur", "he", "yi", "ps", "sd", "ug", "ckb", "dv"}
_URDU = set("ٹڈڑںےۃۓھ")
_PERSIAN = set("پچژگکی")


def script_of(char: str) -> str | None:
    code = ord(char)
    if 0x0590 <= code <= 0x05FF or 0xFB1D <= code <= 0xFB4F:
        return "hebrew"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFC:
        return "arabic" if char.isalpha() else None
    if char.isalpha() and code < 0x0250:
        return "latin"
    return None


def scripts(text: str) -> Counter:
    return Counter(filter(None, map(script_of, text)))


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
    letters = Counter(char for char in text if char in _URDU or char in _PERSIAN)
    urdu = sum(n for char, n in letters.items() if char in _URDU)
    persian = sum(n for char, n in letters.items() if char in _PERSIAN)
    if urdu >= 3 and urdu >= 0.1 * persian:
        return "ur", "rtl"
    if persian >= 3:
        return "fa", "rtl"
    return "ar", "rtl"


def direction_of(lang: str) -> str:
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def differs(text: str, document_dir: str) -> bool:
    """True when a block's own letters are mostly in the other direction (it needs its own dir)."""
    counts = scripts(text)
    total = sum(counts.values())
    if total < 8:
        return False
    rtl = counts["arabic"] + counts["hebrew"]
    share = rtl / total
    return share < 0.2 if document_dir == "rtl" else share > 0.8
