"""Readers: input bytes → article trees, one module per input format, tried in READERS order."""

import importlib

from convert.errors import InputError
from convert.readers.sniff import foreign_format, is_article_xml, is_docx, is_nitf

# (name, accepts(file name, bytes), "module:function" reading (bytes, ReadOptions)); the first reader
# that accepts an input reads it, and only its module is imported. A new input format is one module,
# its claim in sniff.py and one line here, before "text": plain text is the catch-all, and inputs no
# reader claims are sniffed first (HTML, PDF, … are refused, never read as wire copy).
READERS = (
    ("docx", is_docx, "convert.readers.docx:read_docx"),
    ("nitf", is_nitf, "convert.readers.nitf:read_nitf"),  # before article-xml, which takes any *.xml
    ("article-xml", is_article_xml, "convert.readers.xml:read_xml"),
    ("text", lambda name, data: True, "convert.readers.text:read_text"),
)


def reader_for(name: str, data: bytes):
    """The read function of the first reader that claims the input; a known foreign format is refused."""
    for reader, accepts, read in READERS:
        if reader == "text" and (kind := foreign_format(data)):
            raise InputError(f"{name}: this is {_article(kind)} {kind} file, which copydesk does not read; "
                             f"save it as plain text (.txt) and convert that")
        if accepts(name, data):
            return _function(read)
    raise InputError(f"{name}: no reader accepts this input")


def _function(location: str):
    module, _, function = location.partition(":")
    return getattr(importlib.import_module(module), function)


def _article(kind: str) -> str:
    return "an" if kind[0] in "AEFHILMNORSX" else "a"
