"""Article tree → list of problems: the XSD (schemas/article-1.xsd) plus rules XSD 1.0 cannot state."""

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from lxml import etree

from convert.document import names
from convert.errors import InvalidDocument

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_RE = re.compile(f"[{BIDI_CONTROLS}]")
SCHEMA_FILE = "article-1.xsd"


def schema_path():
    """The path of the article schema shipped inside the package."""
    return resources.files("convert") / "schemas" / SCHEMA_FILE


@lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    with resources.as_file(schema_path()) as path:
        return etree.XMLSchema(etree.parse(str(path)))


def problems(tree) -> list[str]:
    """Every problem with an article tree, as 'LINE: message' strings (empty when valid)."""
    schema = _schema()
    found = []
    if not schema.validate(tree):
        found += [f"{e.line}: {_readable(e.message)}" for e in schema.error_log]
    found += _node_problems(tree) + _text_problems(tree) + _reference_problems(tree)
    return found


def validate(tree, name: str = "<document>") -> None:
    """Raise InvalidDocument naming each problem and its line, or return when the tree is valid."""
    found = problems(tree)
    if found:
        raise InvalidDocument(found, name)


def _node_problems(tree) -> list[str]:
    """Comments and processing instructions are refused (one rule, README): article XML is data
    every writer and outside tool reads the same way, and a comment inside a paragraph would split
    its text where no reader can see why."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    prolog = list(root.itersiblings(preceding=True))[::-1] + list(root.itersiblings())
    found = []
    for node in prolog + list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        if isinstance(node, etree._Comment):
            found.append(f"{node.sourceline}: XML comment <!--…--> is not allowed in article XML; remove it")
        elif isinstance(node, etree._ProcessingInstruction):
            found.append(f"{node.sourceline}: processing instruction <?{node.target} …?> is not allowed "
                         f"in article XML; remove it")
    return found


def _text_problems(tree) -> list[str]:
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    found = []
    for element in root.iter(etree.Element):
        for text in (element.text, element.tail):
            if not text:
                continue
            if _BIDI_RE.search(text):
                char = _BIDI_RE.search(text).group()
                found.append(f"{element.sourceline}: bidi control character U+{ord(char):04X} in text "
                             f"(direction comes from dir attributes; remove it)")
            if not unicodedata.is_normalized("NFC", text):
                found.append(f"{element.sourceline}: text is not in Unicode NFC")
    return found


def _reference_problems(tree) -> list[str]:
    """quote/@attribution must name an attribution (XSD 1.0's IDREF accepts any ID)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    ids = {a.get("id") for a in root.iter(names.ATTRIBUTION)}
    return [f"{quote.sourceline}: quote refers to attribution {quote.get('attribution')!r}, which does not exist"
            for quote in root.iter(names.QUOTE) if quote.get("attribution") and quote.get("attribution") not in ids]


def _readable(message: str) -> str:
    """Drop the namespace from lxml's messages: '{urn:…}foo' reads as 'foo'."""
    message = message.replace(f"{{{names.NS}}}", "").replace(f"{{{names.XML_NS}}}", "xml:")
    return " ".join(message.split())  # libxml2 sometimes ends a message with a newline mid-sentence
