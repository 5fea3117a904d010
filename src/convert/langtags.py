"""A --lang value → a canonical BCP 47 tag of a language the reader knows, or a clear refusal."""

import re
from functools import lru_cache

from convert.errors import UsageError

# Names shown when a tag is refused; the languages themselves are the reader's lexicons.
NAMES = {"ar": "Arabic", "fa": "Persian", "ur": "Urdu", "he": "Hebrew", "en": "English"}
# language[-Script][-region], e.g. ar, ar-EG, fa-IR, ur-Arab-PK, en-GB, ar-001
_TAG = re.compile(r"(?P<lang>[a-z]{2,3})(?:-(?P<script>[a-z]{4}))?(?:-(?P<region>[a-z]{2}|\d{3}))?", re.I)


@lru_cache(maxsize=1)
def known_languages() -> tuple[str, ...]:
    """The primary language subtags the reader has a lexicon for (lexicon/<lang>.tsv)."""
    from importlib import resources  # here: importing it costs every command's start-up ~3 ms

    folder = resources.files("convert.readers.text") / "lexicon"
    names = (p.name.removesuffix(".tsv") for p in folder.iterdir() if p.name.endswith(".tsv"))
    return tuple(sorted(n for n in names if _TAG.fullmatch(n)))  # not common.tsv, shared by all


def canonical_tag(value: str) -> str:
    """'AR-eg' → 'ar-EG'; raises UsageError naming the known languages for anything else."""
    match = _TAG.fullmatch(value.strip())
    if not match or match["lang"].lower() not in known_languages():
        raise UsageError(f"{value!r} is not a language copydesk reads; use a BCP 47 tag of one of "
                         f"{_listing()} (a region may follow, e.g. ar-EG, fa-IR, en-GB)")
    parts = [match["lang"].lower()]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    return "-".join(parts)


def _listing() -> str:
    return ", ".join(f"{code} ({NAMES.get(code, code)})" for code in known_languages())
