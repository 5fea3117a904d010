"""Raw bytes → text: BOMs, UTF-8 (stray bad bytes reported, mixtures refused), then single-byte code pages.

Never silently wrong: a single-byte code page decodes almost any byte string without error, so
reading UTF-8 with one stray byte as cp1256 gives a whole article of mojibake. Hence, in order:
1. A BOM, or NUL bytes (UTF-16 without a BOM), decide.
2. UTF-8 with no bad byte is UTF-8.
3. UTF-8 with a few isolated bad bytes (a byte flipped or cut in transit) is UTF-8: the bad bytes are
   left out of the text and reported (`Decoded.undecodable`; the reader records them in meta).
4. Valid UTF-8 and many non-UTF-8 bytes in one file is a mixture: an error naming the byte offset.
5. Otherwise a single-byte code page, chosen by how much the decoded text looks like writing in a
   language we read (Arabic letters for cp1256/ISO-8859-6, Western European accented letters for
   cp1252, …), charset-normalizer proposing one more candidate. Two candidates that read about
   equally well but differently are an error asking for --encoding, not a guess.
"""

import codecs
import logging
import threading
import unicodedata
from dataclasses import dataclass

from convert.errors import InputError, UsageError

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The single-byte code pages of the languages copydesk reads (DESIGN.md): Arabic, Hebrew, Western Latin.
FALLBACK_ENCODINGS = ("cp1256", "iso8859-6", "cp1252", "cp1255", "iso8859-8")
MIN_PLAUSIBILITY = 0.9
# plausibility = 1 - SUSPICION_SCALE × (suspicion per character): a wrong code page makes most words
# suspicious (scores near 0), a few flipped bytes in a right one cost a little (MIN_PLAUSIBILITY:
# about 3 % suspicion, e.g. 10 odd characters in a 1,000-character article)
SUSPICION_SCALE = 3
# A damaged text (bytes flipped) may score below MIN_PLAUSIBILITY and still be clear: every other
# code page that reads differently scores at least CLEAR_MARGIN lower.
MIN_CLEAR, CLEAR_MARGIN = 0.6, 0.5
# Two code pages whose texts differ and whose plausibility is closer than this are a coin toss.
MIN_MARGIN = 0.02
# Stray bytes: at most this many bad-byte runs, and at most one per this many valid UTF-8 characters
# (a byte flipped or cut in transit); more is a file that mixes encodings.
STRAY_MAX = 64
STRAY_RATIO = 10
# A UTF-8 sequence is at most 4 bytes, so a broken one leaves at most 3 bad bytes in a row; a longer
# run of bad bytes is text in another encoding.
STRAY_RUN = 3
# Single-byte text may hold an accidental valid UTF-8 pair (cp1256 'ا؟' = C7 BF): when bad bytes
# outnumber valid UTF-8 characters this many times, the file is not UTF-8 at all.
ACCIDENTAL_RATIO = 10
# The detector reads the first 256 KB (about 100 articles): enough to tell a code page, and its
# per-character plausibility over six candidates stays near a second for any input size.
SAMPLE = 1 << 18
_HIGH = bytes(range(0x80, 0x100))
# Accented letters of the Western European languages cp1252 serves (French, Spanish, German, …).
WESTERN_LETTERS = set("àâäáãåæçèéêëìíîïñòóôöõøùúûüýÿœßšž") | set("ÀÂÄÁÃÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÖÕØÙÚÛÜÝŒŸŠŽ")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    undecodable: tuple = ()  # (byte offset, bytes) of each run of bad bytes left out of the text
    confidence: float = 1.0  # 1.0 for BOMs, valid UTF-8 and a forced encoding; else the detector's


def text_encoding(codec: str) -> str:
    """The codec's canonical name, or UsageError when Python has no such codec or it is not a text
    encoding (rot13, base64, zlib are bytes/str transforms, not ways of writing text)."""
    try:
        info = codecs.lookup(codec)
    except LookupError:
        raise UsageError(f"unknown encoding {codec!r}; use a Python codec name such as cp1256 or utf-8") from None
    if not getattr(info, "_is_text_encoding", True):
        raise UsageError(f"{codec!r} is not a text encoding; use one such as cp1256, iso8859-6 or utf-8")
    return info.name


def decode(data: bytes, name: str, encoding: str | None = None) -> Decoded:
    """Decode the input, or raise InputError saying why it cannot be read as text."""
    if not data.strip():
        raise InputError(f"{name}: the input is empty; give a text file with an article")
    if encoding:
        return _decode_as(data, name, encoding)
    if data.startswith(codecs.BOM_UTF8):
        return _utf8_after_bom(data, name)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, name, codec)
    if b"\x00" in data:
        return _utf16_without_bom(data, name)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return _not_quite_utf8(data, name)


def _utf8_after_bom(data: bytes, name: str) -> Decoded:
    """A UTF-8 BOM says UTF-8: stray bytes after it are reported like those of UTF-8 without one."""
    try:
        return Decoded(data[len(codecs.BOM_UTF8):].decode("utf-8").lstrip("\ufeff"), "utf-8-sig")
    except UnicodeDecodeError:
        pass
    decoded = _not_quite_utf8(data, name, single_byte=False)
    return Decoded(decoded.text.lstrip("\ufeff"), "utf-8-sig", decoded.undecodable, decoded.confidence)


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
    canonical = text_encoding(codec)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: cannot decode as {codec} at byte {err.start}; "
                         f"check the file's encoding or pass another --encoding") from None
    except UnicodeError as err:  # codecs such as idna or 'undefined' refuse whole inputs
        raise InputError(f"{name}: cannot decode as {codec} ({err}); pass another --encoding") from None
    return Decoded(text.lstrip("\ufeff"), canonical if codec != "utf-8-sig" else "utf-8-sig")


# --- UTF-8 that is not quite valid -----------------------------------------------------------------

def _not_quite_utf8(data: bytes, name: str, single_byte: bool = True) -> Decoded:
    """Steps 3–5: stray bytes in UTF-8, a mixture, or (unless a BOM said UTF-8) a single-byte code page."""
    valid, bad_runs = _utf8_census(data)
    if single_byte and (valid == 0 or bad_runs >= valid * ACCIDENTAL_RATIO):
        return _detect(data, name)
    if bad_runs <= STRAY_MAX and bad_runs * STRAY_RATIO <= valid:
        text, undecodable = _utf8_without(data)
        if max(len(run) for _, run in undecodable) <= STRAY_RUN:
            log.warning("%s: %d byte(s) that are not UTF-8 left out, at byte offset %s (recorded in meta)",
                        name, sum(len(run) for _, run in undecodable), _offsets(undecodable))
            return Decoded(text, "utf-8", undecodable, 1.0 - bad_runs / valid)
    raise _mixture(data, name)


def _utf8_census(data: bytes) -> tuple[int, int]:
    """(valid non-ASCII UTF-8 characters, runs of bad bytes), in C speed: U+FFFD marks each bad run."""
    text = data.decode("utf-8", "replace")
    bad_runs = text.count("\ufffd") - data.count("\ufffd".encode())
    ascii_bytes = len(data.translate(None, _HIGH))
    return len(text) - ascii_bytes - text.count("\ufffd"), bad_runs


def _utf8_without(data: bytes) -> tuple[str, tuple]:
    """The text without its bad bytes, and (offset, bytes) for each run of them (adjacent runs merged)."""
    _recorded.spans = []
    text = data.decode("utf-8", "copydesk-record")
    runs = []
    for start, end in _recorded.spans:
        if runs and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return text, tuple((start, data[start:end]) for start, end in runs)


def _record(err: UnicodeDecodeError):
    _recorded.spans.append((err.start, err.end))
    return "", err.end


_recorded = threading.local()
codecs.register_error("copydesk-record", _record)


def _offsets(runs, shown: int = 8) -> str:
    listed = ", ".join(str(offset) for offset, _ in runs[:shown])
    return listed + (f" and {len(runs) - shown} more" if len(runs) > shown else "")


def _mixture(data: bytes, name: str) -> InputError:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        first = err.start
    sample = data[first:first + 8].hex(" ")
    return InputError(f"{name}: mixes encodings: UTF-8 text, and bytes that are not UTF-8 from byte offset {first} "
                      f"({sample} …); re-save the file in one encoding, or pass --encoding to read it all as one")


# --- single-byte code pages ------------------------------------------------------------------------

def _detect(data: bytes, name: str) -> Decoded:
    sample = data[:SAMPLE]
    home = _home_script(sample)
    ranked = sorted(_candidates(sample), key=lambda c: (c[0], HOME.get(c[2]) == home, c[1]), reverse=True)
    score, _, codec, text = ranked[0] if ranked else (0.0, 0, None, "")
    rival = next((c for c in ranked[1:] if c[3] != text), None)
    clear = score >= MIN_CLEAR and score - (rival[0] if rival else 0.0) >= CLEAR_MARGIN
    if score < MIN_PLAUSIBILITY and not clear:
        raise InputError(f"{name}: cannot tell the text encoding (not UTF-8, and no Arabic, Hebrew or Latin "
                         f"encoding gives readable text); pass --encoding, e.g. --encoding cp1256")
    if rival is not None and score - rival[0] < MIN_MARGIN:
        raise InputError(f"{name}: the encoding could be {codec} or {rival[2]} (both read as plausible text); "
                         f"pass --encoding {codec} or --encoding {rival[2]}")
    confidence = score - rival[0] if rival else score  # the margin over the runner-up that reads differently
    log.info("%s: encoding %s, plausibility %.3f%s", name, codec, score,
             f"; runner-up {rival[2]} {rival[0]:.3f}" if rival else "")
    if len(data) > len(sample):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as err:
            raise InputError(f"{name}: reads as {codec} up to byte offset {err.start}, where it stops being "
                             f"{codec}; pass --encoding if you know the file's encoding") from None
    return Decoded(text, codec, (), round(confidence, 3))


def _home_script(sample: bytes) -> str:
    """Arabic, Hebrew or Latin: what the sample's letters are in the best-known code page of each
    (for code pages that give the same text, the record names the one made for that script)."""
    text = sample.decode("cp1256", "replace")
    arabic = sum(1 for char in text if "\u0621" <= char <= "\u064a")
    return "arabic" if arabic * 2 >= len(sample) - len(sample.translate(None, _HIGH)) else "latin"


HOME = {"cp1256": "arabic", "iso8859-6": "arabic", "cp1255": "hebrew", "iso8859-8": "hebrew", "cp1252": "latin"}


def _candidates(sample: bytes):
    """(plausibility, prior, codec, text) for each code page that decodes the sample."""
    seen = set()
    # ties go to the earlier of our code pages; charset-normalizer's proposal, when it is not one of
    # them (cp1257, cp1250 for French), starts MIN_MARGIN behind: it must read clearly better to win
    ours = [(0.0, prior, codec) for prior, codec in enumerate(reversed(FALLBACK_ENCODINGS), 1)]
    for handicap, prior, codec in ours + [(MIN_MARGIN, 0, codec) for codec in _proposed(sample)]:
        try:
            canonical = codecs.lookup(codec).name
            text = sample.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if canonical not in seen:
            seen.add(canonical)
            yield plausibility(text) - handicap, prior, canonical, text


def _proposed(data: bytes) -> list[str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return [best.encoding] if best is not None else []


def plausibility(text: str) -> float:
    """Share of characters that fit ordinary writing in a language copydesk reads; gibberish scores low.

    Suspicious: C1 controls and unassigned code points (badly); a word whose letters change script
    (ISO-8859-6 read as cp1256 puts 'é' inside Arabic words, cp1252 read as cp1255 puts 'י' inside
    Latin ones); three or more accented Latin letters in a row (Arabic read as cp1252: 'ÇáÍßæ');
    Latin letters outside the Western European set (cp1257's 'ą' where cp1252 has 'à'); letters of
    scripts copydesk does not read (Greek, Cyrillic from a wrong code page).
    """
    suspicious, previous, accented_run = 0, None, 0
    for char in text:
        script = ("ascii" if char.isalpha() else None) if char < "\x80" else _script(char)
        if script == "bad":
            suspicious += 5
        elif script in ("latin-other", "other"):
            suspicious += 2
        accented_run = accented_run + 1 if script in ("latin", "latin-other") else 0
        if accented_run >= 3 or (previous and script and _changes_script(previous, script)):
            suspicious += 3
        previous = script if script != "bad" else None
    return 1.0 - min(1.0, suspicious / max(1, len(text)) * SUSPICION_SCALE)


def _changes_script(previous: str, script: str) -> bool:
    """A word whose letters change script: Arabic and Latin letters mixed ('اa' is 'Ça' read as
    cp1256), except Latin letters with and without accents."""
    latin = ("ascii", "latin", "latin-other")
    return previous != script and not (previous in latin and script in latin)


def _script(char: str) -> str | None:
    """The script of a letter, 'bad' for controls and unassigned code points, None for the rest."""
    code = ord(char)
    if 0x0600 <= code <= 0x06FF:
        return "arabic" if unicodedata.category(char).startswith(("L", "M")) else None
    if 0x0590 <= code <= 0x05FF:
        return "hebrew" if unicodedata.category(char).startswith(("L", "M")) else None
    if char in WESTERN_LETTERS:
        return "latin"
    category = unicodedata.category(char)
    if code <= 0x9F or category in ("Co", "Cn", "Cs"):
        return "bad"
    if category.startswith("L"):
        return "latin-other" if code < 0x0250 else "other"
    return None
