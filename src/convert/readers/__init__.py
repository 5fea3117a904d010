"""Readers: input bytes → article trees, one module per input format, tried in READERS order."""

from convert.readers.text import read_text
from convert.readers.xml import is_article_xml, read_xml

# (name, accepts(file name, bytes), read(bytes, ReadOptions)); the first reader that accepts an input reads it.
# A new input format is one module plus one line here.
READERS = (
    ("article-xml", is_article_xml, read_xml),
    ("text", lambda name, data: True, read_text),
)


def reader_for(name: str, data: bytes):
    return next(read for _, accepts, read in READERS if accepts(name, data))
