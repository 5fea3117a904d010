"""copydesk: plain-text wire copy → validated article XML → HTML, DOCX and PDF.

The public API, in pipeline order: ``read_text`` (bytes → article tree), ``validate``,
``serialize`` (tree → XML bytes), and ``write`` (tree → an output format).

Names are imported on first use (PEP 562), so ``import convert.cli`` does not load the reader and
``copydesk parse`` loads no writer library.
"""

import importlib

from convert.version import __version__

_HOMES = {
    "CopydeskError": "convert.errors",
    "InvalidDocument": "convert.errors",
    "parse_xml": "convert.document",
    "serialize": "convert.document",
    "validate": "convert.document",
    "ReadOptions": "convert.readers.text",
    "read_text": "convert.readers.text",
    "convert_file": "convert.pipeline",
    "load_article": "convert.pipeline",
    "write": "convert.pipeline",
}

__all__ = ["__version__", *_HOMES]


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'convert' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(__all__)
