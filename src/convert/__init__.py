"""copydesk: plain-text wire copy → validated article XML → HTML, DOCX and PDF.

The public API, in pipeline order: ``read_text`` (bytes → article tree), ``validate``,
``serialize`` (tree → XML bytes), and ``write`` (tree → an output format).
"""

__version__ = "0.1.0"

from convert.errors import CopydeskError, InvalidDocument  # noqa: E402
from convert.document import parse_xml, serialize, validate  # noqa: E402
from convert.readers.text import ReadOptions, read_text  # noqa: E402
from convert.pipeline import convert_file, load_article, write  # noqa: E402

__all__ = [
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
