"""Decoded text → clean text: NFC, LF line ends, wire envelope (control characters, slug line) set apart.

Characters XML 1.0 cannot hold (C0 controls) and bidi controls are taken out of the text and
counted, so the article's <meta> records them and nothing is lost silently.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from convert.document.normal_form import nfc
from convert.document.validate import BIDI_CONTROLS

_REMOVABLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff{BIDI_CONTROLS}]")
# ANPA 1312 / IPTC 7901 slug lines: "u f BC-BAHIA-COCOA-REVIEW   02-26 0105"
_SLUG = re.compile(r"^[a-z]\s+[a-z]\s+[A-Z]{1,3}-[A-Z0-9-]+\s+\d\d-\d\d\s+\d{3,4}\s*$")


@dataclass
class Normalised:
    text: str
    slugs: list = field(default_factory=list)
    removed: Counter = field(default_factory=Counter)


def normalise(text: str) -> Normalised:
    """Apply the normalising rules in order; each is a small function below."""
    text = unify_line_ends(text)
    text, removed = remove_controls(text)
    text, slugs = take_slug_lines(text)
    return Normalised(nfc(text), slugs, removed)


def unify_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")


def remove_controls(text: str) -> tuple[str, Counter]:
    removed = Counter(_REMOVABLE.findall(text))
    return (_REMOVABLE.sub("", text) if removed else text), removed


def take_slug_lines(text: str) -> tuple[str, list]:
    lines = text.split("\n")
    slugs = [line.strip() for line in lines[:10] if _SLUG.match(line.strip())]
    if not slugs:
        return text, []
    kept = [line for index, line in enumerate(lines) if not (index < 10 and _SLUG.match(line.strip()))]
    return "\n".join(kept), slugs
