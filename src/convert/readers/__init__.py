"""Readers: input bytes → article trees, one module per input format, tried in READERS order."""

from convert.readers.docx import is_docx, read_docx
from convert.readers.nitf import is_nitf, read_nitf
from convert.readers.text import read_text
from convert.readers.xml import is_article_xml, read_xml

# (name, accepts(file name, bytes), read(bytes, ReadOptions)); the first reader that accepts an input reads it.
# A new input format is one module plus one line here.
READERS = (
    ("docx", is_docx, read_docx),
    ("nitf", is_nitf, read_nitf),  # before article-xml, which takes any *.xml
    ("article-xml", is_article_xml, read_xml),
    ("text", lambda name, data: True, read_text),
)


def reader_for(name: str, data: bytes):
    return next(read for _, accepts, read in READERS if accepts(name, data))
