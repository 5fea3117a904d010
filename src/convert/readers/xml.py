"""Article XML bytes (copydesk's own format, hand-edited or from another run) → article tree."""

from convert.document import parse_xml


def read_xml(data: bytes, options):
    return parse_xml(data, options.name)
