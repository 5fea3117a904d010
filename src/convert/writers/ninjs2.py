"""Article tree → IPTC ninjs 2.x JSON (ninjs.py's item with 2.x's lower-case names)."""

from convert.writers.ninjs import encode, item


def write(tree, options=None) -> bytes:
    return encode(item(tree, "2.2", options))
