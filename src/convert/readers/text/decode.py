"""Raw bytes → text: BOMs, UTF-8, then a detector checked for script plausibility.

charset-normalizer proposes; we check. Single-byte Arabic encodings (Windows-1256, ISO-8859-6)
and Latin ones decode almost any byte string without error, so the winner is the candidate
whose text looks most like real writing (letters of one script, no stray accented Latin
inside Arabic, no C1 controls).
"""

import codecs
import unicodedata
from dataclasses import dataclass

from convert.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
FALLBACK_ENCODINGS = ("cp1256", "iso8859-6", "cp1252")
MIN_PLAUSIBILITY = 0.9


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes, name: str, encoding: str | None = None) -> Decoded:
    """Decode the input, or raise InputError saying why it cannot be read as text."""
    if not data.strip():
        raise InputError(f"{name}: the input is empty; give a text file with an article")
    if encoding:
        return _decode_as(data, name, encoding)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, name, codec)
    if b"\x00" in data:
        return _utf16_without_bom(data, name)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return _detect(data, name)


def _utf16_without_bom(data: bytes, name: str) -> Decoded:
    """NUL bytes: UTF-16 that lost its BOM decodes to readable text in one byte order; else binary."""
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _in_known_scripts(text) >= MIN_PLAUSIBILITY:
            return Decoded(text, codec)
    raise InputError(f"{name}: this looks like a binary file (NUL bytes), not text; "
                     f"if it is text, pass its encoding with --encoding")


def _in_known_scripts(text: str) -> float:
    """Share of characters that are ASCII, Arabic, Hebrew, Latin-1 or general punctuation: the wrong
    byte order of UTF-16 (or a binary file read as UTF-16) gives CJK and other scripts instead."""
    known = sum(1 for c in text if ord(c) < 0x250 or 0x0590 <= ord(c) <= 0x06FF or 0x2000 <= ord(c) <= 0x206F
                or 0xFB1D <= ord(c) <= 0xFEFF)
    return known / max(1, len(text))


def _decode_as(data, name, codec) -> Decoded:
    try:
        codecs.lookup(codec)
    except LookupError:
        raise InputError(f"{name}: unknown encoding {codec!r}; use a Python codec name such as cp1256") from None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: cannot decode as {codec} at byte {err.start}; "
                         f"check the file's encoding or pass another --encoding") from None
    return Decoded(text.lstrip("\ufeff"), codecs.lookup(codec).name if codec != "utf-8-sig" else "utf-8-sig")


def _detect(data: bytes, name: str) -> Decoded:
    candidates = []
    for codec in _proposed(data) + list(FALLBACK_ENCODINGS):
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        candidates.append((plausibility(text), -len(candidates), codec, text))
    if candidates:
        score, _, codec, text = max(candidates)
        if score >= MIN_PLAUSIBILITY:
            return Decoded(text, codecs.lookup(codec).name)
    raise InputError(f"{name}: cannot tell the text encoding (not UTF-8, and no Arabic or Latin "
                     f"encoding gives readable text); pass --encoding, e.g. --encoding cp1256")


def _proposed(data: bytes) -> list[str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return [best.encoding] if best is not None else []


def plausibility(text: str) -> float:
    """Share of characters that fit ordinary writing; mixed-script gibberish scores low."""
    counts = {"arabic": 0, "accented": 0, "bad": 0}
    for char in text:
        code = ord(char)
        if 0x0600 <= code <= 0x06FF:
            counts["arabic"] += 1
        elif 0x00C0 <= code <= 0x00FF or code in (0x0152, 0x0153, 0x0160, 0x0161, 0x0178, 0x017D, 0x017E):
            counts["accented"] += 1
        elif (0x80 <= code <= 0x9F) or unicodedata.category(char) in ("Co", "Cn", "Cs"):
            counts["bad"] += 1
    suspicious = counts["bad"] * 5
    if counts["arabic"]:
        suspicious += counts["accented"]
    return 1.0 - min(1.0, suspicious / max(1, len(text)) * 10)
