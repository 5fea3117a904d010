"""Readers: input bytes → article trees, one module per input format, tried in READERS order."""

from convert.errors import InputError
from convert.readers.docx import is_docx, read_docx
from convert.readers.nitf import is_nitf, read_nitf
from convert.readers.sniff import foreign_format
from convert.readers.text import read_text
from convert.readers.xml import is_article_xml, read_xml

# (name, accepts(file name, bytes), read(bytes, ReadOptions)); the first reader that accepts an input reads it.
# A new input format is one module plus one line here, before "text": plain text is the catch-all, and
# inputs no reader claims are sniffed first (HTML, DOCX, PDF, … are refused, never read as wire copy).
READERS = (
    ("docx", is_docx, read_docx),
    ("nitf", is_nitf, read_nitf),  # before article-xml, which takes any *.xml
    ("article-xml", is_article_xml, read_xml),
    ("text", lambda name, data: True, read_text),
)


def reader_for(name: str, data: bytes):
    """The read function of the first reader that claims the input; a known foreign format is refused."""
    for reader, accepts, read in READERS:
        if reader == "text" and (kind := foreign_format(data)):
            raise InputError(f"{name}: this is {_article(kind)} {kind} file, which copydesk does not read; "
                             f"save it as plain text (.txt) and convert that")
        if accepts(name, data):
            return read
    raise InputError(f"{name}: no reader accepts this input")


def _article(kind: str) -> str:
    return "an" if kind[0] in "AEFHILMNORSX" else "a"
