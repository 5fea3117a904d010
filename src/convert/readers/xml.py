"""Article XML bytes (copydesk's own format, hand-edited or from another run) → article tree."""

from convert.document import parse_xml


def is_article_xml(name: str, data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    return name.lower().endswith(".xml") or head.startswith(b"<?xml") or head.startswith(b"<article")


def read_xml(data: bytes, options):
    return parse_xml(data, options.name)
