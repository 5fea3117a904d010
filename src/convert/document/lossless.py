"""Input text + article tree → problems with the "nothing is lost" invariant (DESIGN.md).

Every non-whitespace character of the decoded input appears in the XML text exactly once
(derived headlines excepted; removed control characters are counted in meta/removed), and the
body's text keeps the input's order.
"""

import unicodedata
from collections import Counter

from convert.document import names
from convert.document.normal_form import nfd


def story_text(tree) -> str:
    """The text the article holds from its source: slugs, head, body and end, derived text excluded."""
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    parts = [slug.text or "" for slug in root.iter(names.SLUG)]
    for part in (names.HEAD, names.BODY, names.END):
        element = root.find(part)
        if element is not None:
            parts.append(_text_without_derived(element))
    return "".join(parts)


def _text_without_derived(element) -> str:
    if element.get("derived") == "true":
        return element.tail or ""
    text = element.text or ""
    text += "".join(_text_without_derived(child) for child in element)
    return text + (element.tail or "")


def removed_counts(tree) -> Counter:
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    return Counter({chr(int(r.get("char")[2:], 16)): int(r.get("count")) for r in root.iter(names.REMOVED)})


def _visible(text: str) -> str:
    """Non-whitespace characters, decomposed (NFD): a mark that whitespace or an element boundary
    kept from its letter is counted the same on both sides, composed or not."""
    return nfd("".join(char for char in text if not char.isspace()))


def _bases(text: str) -> str:
    """The characters that are not combining marks: NFD may reorder adjacent marks, never these."""
    return "".join(char for char in text if not unicodedata.combining(char))


def lossless_problems(input_text: str, tree) -> list[str]:
    """What breaks the invariant, as readable lines; empty when nothing is lost or added."""
    expected = Counter(_visible(input_text)) - removed_counts(tree)
    found = Counter(_visible(story_text(tree)))
    problems = []
    if expected - found:
        problems.append(f"lost: {_sample(expected - found)}")
    if found - expected:
        problems.append(f"added or duplicated: {_sample(found - expected)}")
    body = (tree.getroot() if hasattr(tree, "getroot") else tree).find(names.BODY)
    if not problems and not _in_order(_bases(_visible(_text_without_derived(body))), _bases(_visible(input_text))):
        problems.append("the body's text is not in the input's order")
    return problems


def _sample(counter: Counter) -> str:
    return ", ".join(f"{char!r}×{n}" for char, n in counter.most_common(8))


def _in_order(inner: str, outer: str) -> bool:
    """True when inner is a subsequence of outer."""
    remaining = iter(outer)
    return all(char in remaining for char in inner)
