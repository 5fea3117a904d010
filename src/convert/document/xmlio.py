"""Article XML ⇄ bytes: safe parsing (no entities, DTDs or network) and deterministic serialization."""

import re

from lxml import etree

from convert.errors import InputError

_SAFE_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    # Text nodes over 10 MB (one huge paragraph) must read back: what we write we can read. The input
    # is bounded by the maximum input size (convert.limits) before it gets here, entities are never
    # expanded (libxml2's amplification limit holds anyway), DOCTYPEs are refused below, and depth
    # stays capped (2048).
    huge_tree=True,
    remove_comments=False,
)
_POSITION = re.compile(r",?\s*line \d+, column \d+\s*$")


def parse_xml(data: bytes, name: str = "<document>") -> etree._ElementTree:
    """Parse article XML bytes; a DOCTYPE or entity declaration is refused, not expanded."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty; give an article XML file or a text file")
    try:
        tree = etree.ElementTree(etree.fromstring(data, _SAFE_PARSER))
    except etree.XMLSyntaxError as err:
        line, column = err.position if err.position else ("?", "?")
        raise InputError(f"{name}:{line}: not well-formed XML: {one_line(err.msg)} (column {column})") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise InputError(f"{name}: DOCTYPE declarations are not allowed in article XML (entities are never expanded)")
    for node in tree.iter():
        if isinstance(node, etree._Entity):
            raise InputError(f"{name}:{node.sourceline}: entity references are not allowed in article XML")
    return tree


def one_line(message: str) -> str:
    """A libxml2 message on one line: its own 'line N, column M' dropped (we say it), newlines folded."""
    return " ".join(_POSITION.sub("", message or "").split())


def serialize(tree) -> bytes:
    """The canonical bytes of an article: UTF-8, declaration, two-space indent, final newline.

    Mixed content (paragraphs) is never re-indented, so serialization does not change text.
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return body if body.endswith(b"\n") else body + b"\n"
