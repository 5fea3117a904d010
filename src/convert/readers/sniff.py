"""Input bytes → the name of a document format copydesk does not read (HTML, DOCX, PDF, …), by content.

reader_for asks this only after every reader but the plain-text catch-all has declined, so a
reader added to READERS for one of these formats (DOCX, say) claims its files first and the
refusal below never fires for them.
"""

import io
import re
import zipfile

_HTML = re.compile(rb"\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I | re.S)
_MAGIC = (  # (leading bytes, format name)
    (b"%PDF-", "PDF"),
    (b"{\\rtf", "RTF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Word 97-2003 (.doc) or another OLE2"),
)
_ODF = {"application/vnd.oasis.opendocument.text": "ODT (OpenDocument text)"}


def foreign_format(data: bytes) -> str | None:
    """The name of the office or web format the bytes are in, or None when they may be text."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data)
    if _HTML.match(head.decode("utf-8", "ignore")[:2048].encode()):
        return "HTML"
    return None


def _zip_format(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = set(archive.namelist())
            if "mimetype" in entries:
                kind = archive.read("mimetype").decode("ascii", "replace").strip()
                return _ODF.get(kind, f"OpenDocument ({kind})")
    except (zipfile.BadZipFile, OSError, KeyError):
        return "ZIP archive"
    if "word/document.xml" in entries:
        return "DOCX"
    if "xl/workbook.xml" in entries:
        return "XLSX"
    if "ppt/presentation.xml" in entries:
        return "PPTX"
    return "ZIP archive"
