"""Article tree → canonical article XML bytes."""

from convert.document import serialize


def write(tree, options=None) -> bytes:
    return serialize(tree)
