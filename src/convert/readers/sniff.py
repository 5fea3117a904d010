"""Input bytes → which format they are in, by name and content: the claims of the readers in
READERS (is_docx, is_nitf, is_article_xml: cheap, so a reader's module is imported only for the
inputs it reads), and the name of a document format copydesk does not read (HTML, PDF, …).

reader_for asks foreign_format only after every reader but the plain-text catch-all has declined,
so a reader added to READERS for one of these formats (DOCX, say) claims its files first and the
refusal never fires for them.
"""

import io
import re

_HTML = re.compile(rb"\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I | re.S)
_MAGIC = (  # (leading bytes, format name)
    (b"%PDF-", "PDF"),
    (b"{\\rtf", "RTF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Word 97-2003 (.doc) or another OLE2"),
)
_ODF = {"application/vnd.oasis.opendocument.text": "ODT (OpenDocument text)"}


_NITF_ROOT = re.compile(rb"^(?:\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*>)*<(?:\w+:)?nitf[\s>/]", re.S)
_ARTICLE_ROOT = re.compile(rb"^(?:\s|<\?[^>]*\?>|<!--.*?-->)*<(?:\w+:)?article[\s>/]", re.S)


def is_docx(name: str, data: bytes) -> bool:
    if name.lower().endswith(".docx"):
        return True  # read_docx says clearly when it is not one
    if not data.startswith(b"PK\x03\x04"):
        return False
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "word/document.xml" in package.namelist()
    except zipfile.BadZipFile:
        return False


def is_nitf(name: str, data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf")[:4096]
    if _NITF_ROOT.match(head):
        return True
    named = name.lower().endswith((".nitf.xml", ".nitf"))
    return named and not _ARTICLE_ROOT.match(head)  # a long prolog hides the root: trust the name


def is_article_xml(name: str, data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    return name.lower().endswith(".xml") or head.startswith(b"<?xml") or head.startswith(b"<article")


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
    import zipfile

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
