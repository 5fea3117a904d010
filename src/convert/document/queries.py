"""Article tree → the facts every writer asks for: headline, title, bylines, keywords, created, page sizes.

One home, so the writers agree: the title of an article without a headline is the same in HTML's
<title>, the DOCX core properties, NITF, TEI, NewsML-G2 and ninjs (and it is the rule the text
reader uses for a derived headline).
"""

import re

from convert.document import names
from convert.errors import OutputError

DERIVED_TITLE_WORDS = 12  # a title, not a lede: about as long as a headline
DESCRIPTION_CHARS = 300  # what search results and PDF viewers show of a description
UNTITLED = "Untitled"
_SENTENCE_BREAK = re.compile(r"(?<=[.!?؟۔])\s")
_DATELINE_SEPARATORS = " -–—:ـ"
# Page sizes in millimetres (width, height), by upper-case name: ISO 216 and the US sizes.
PAGE_SIZES = {"A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "B5": (176, 250),
              "LETTER": (215.9, 279.4), "LEGAL": (215.9, 355.6)}


def _root(tree):
    return tree.getroot() if hasattr(tree, "getroot") else tree


def headline(tree):
    """The head's headline element (visible or derived), or None."""
    return _root(tree).find(f"{names.HEAD}/{names.HEADLINE}")


def visible_headline(tree):
    """The headline as written in the story, or None when there is none or it was only derived."""
    found = headline(tree)
    return found if found is not None and found.get("derived") not in ("true", "1") else None


def title_from_lede(lede: str) -> str:
    """The rule for a title made from the lede: its first sentence's first words, '…' when cut."""
    lede = lede.lstrip(_DATELINE_SEPARATORS)  # a title does not start 'LONDON (Reuters) -'
    sentence = _SENTENCE_BREAK.split(lede, maxsplit=1)[0]
    words = sentence.split()
    return " ".join(words[:DERIVED_TITLE_WORDS]) + ("…" if len(words) > DERIVED_TITLE_WORDS else "")


def title(tree) -> str:
    """The article's title: its headline (visible or derived), else one made from the lede."""
    found = headline(tree)
    if found is not None and (found.text or "").strip():
        return " ".join(found.text.split())
    lede = _root(tree).find(f"{names.BODY}//{names.P}")
    if lede is None:
        return UNTITLED
    dateline = lede.find(names.DATELINE)
    if dateline is not None:
        text = (dateline.tail or "") + "".join("".join(c.itertext()) + (c.tail or "") for c in dateline.itersiblings())
    else:
        text = "".join(lede.itertext())
    return title_from_lede(text) or UNTITLED


def subheadlines(tree) -> list[str]:
    return [" ".join(s.text.split()) for s in _root(tree).iter(names.SUBHEADLINE) if s.text and s.text.strip()]


def bylines(tree) -> list[str]:
    return [" ".join(b.text.split()) for b in _root(tree).iter(names.BYLINE) if b.text and b.text.strip()]


def author(tree) -> str | None:
    """The bylines joined, for one-value author fields (core properties, <meta name=author>)."""
    found = bylines(tree)
    return "; ".join(found) if found else None


def keywords(tree) -> list[str]:
    """The subheadings: the topics an editor named inside the story."""
    return [" ".join(h.text.split()) for h in _root(tree).iter(names.HEADING) if h.text and h.text.strip()]


def created(tree) -> str | None:
    found = _root(tree).find(f"{names.META}/{names.CREATED}")
    return found.text if found is not None else None


def description(tree) -> str | None:
    """The lede's first DESCRIPTION_CHARS characters, whitespace folded."""
    lede = _root(tree).find(f"{names.BODY}//{names.P}")
    text = " ".join("".join(lede.itertext()).split()) if lede is not None else ""
    return text[:DESCRIPTION_CHARS] or None


def language(tree) -> str:
    return _root(tree).get(names.XML_LANG)


def direction(tree) -> str:
    return _root(tree).get("dir")


def page_size(name: str) -> tuple[float, float]:
    """(width, height) in millimetres of a named page size; an unknown name is the user's error."""
    size = PAGE_SIZES.get(name.upper())
    if size is None:
        raise OutputError(f"unknown page size {name!r}; choose from {', '.join(page_size_names())}")
    return size


def page_size_names() -> list[str]:
    return [n if n.startswith(("A", "B")) else n.title() for n in PAGE_SIZES]
