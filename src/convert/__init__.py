"""copydesk: plain-text wire copy → validated article XML → HTML, DOCX and PDF.

The public API, in pipeline order: ``read_text`` (bytes → article tree), ``validate``,
``serialize`` (tree → XML bytes), and ``write`` (tree → an output format).
"""

from convert.version import __version__
from convert.errors import CopydeskError, InvalidDocument
from convert.document import parse_xml, serialize, validate
from convert.readers.text import ReadOptions, read_text
from convert.pipeline import convert_file, load_article, write

__all__ = [
    "__version__",
    "CopydeskError",
    "InvalidDocument",
    "ReadOptions",
    "convert_file",
    "load_article",
    "parse_xml",
    "read_text",
    "serialize",
    "validate",
    "write",
]
