"""The fuzz properties, shared by tests/test_fuzz.py (small budget) and benchmarks/fuzz.py (large budget).

A fuzz input is a real article (the dev and bench texts in ../shared) with a plan of mutations:
characters inserted into the text (controls, bidi controls, combining marks, XML-special text),
line endings changed, the text truncated or a stretch repeated, the text encoded in another
encoding, then bytes flipped, inserted, deleted or cut off. The properties, for every input:
1. reading either gives an article or raises CopydeskError (anything else is a crash);
2. an article that was read from text holds every character of the decoded input (lossless);
3. every writer's output is valid: XML re-validates, HTML parses and shows the article's text,
   NITF validates against the IPTC schema, TEI and NewsML-G2 are well-formed (NewsML-G2 valid
   when its schemas are at hand), DOCX opens, PDF opens.
"""

import io
import json
import traceback
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from convert import CopydeskError, ReadOptions, load_article, parse_xml, serialize, write
from convert.document import problems
from convert.document.lossless import lossless_problems, story_text
from convert.readers import reader_for
from convert.readers.text import read_text
from convert.readers.text.decode import decode
from convert.writers import WRITERS

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = (SHARED / "corpus" / "dev", SHARED / "corpus" / "bench")
NITF_XSD = SHARED / "standards" / "nitf-3.6" / "nitf-3-6.xsd"
NEWSML_DIR = SHARED / "standards" / "newsml-g2"

# What the mutations insert: each kind is a list of strings to choose from.
INSERTS = {
    "control": [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x9C)],
    "bidi": ["\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
             "\u2066", "\u2067", "\u2068", "\u2069"],
    "combining": ["\u0301", "\u064b", "\u0651\u064e", "\u0670", "\u0300" * 7, "\u064e" * 40, "\u05b7", "\u20dd"],
    "xml": ["<", ">", "&", "&amp;", "]]>", "<?xml version='1.0'?>", "</p>", "<article>", "<!--", "-->",
            "<?pi x?>", '"', "'", "<!DOCTYPE x [<!ENTITY e 'x'>]>", "&e;", "<script>alert(1)</script>",
            "</style>", "{", "}"],
    "space": ["\u00a0", "\u200b", "\u200c", "\u200d", "\ufeff", "\u2028", "\u2029", "\t", "\r", "\n\n\n",
              "\u3000", " " * 80],
    "odd": ["\ufffe", "\uffff", "\ufffd", "😀", "𝕏", "中", "ـــ", "-30-", "(CNN)--", "Reuter", "1 of 18. ", "\x1b[31m"],
}
ENCODINGS = ("utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256", "iso8859-6",
             "cp1252")
TEXT_OPS = ("insert", "line-ends", "truncate", "repeat")
BYTE_OPS = ("flip", "insert-byte", "delete-byte", "truncate-bytes")
CORE_FORMATS = ("xml", "html", "nitf", "tei", "newsml", "ninjs")  # a CopydeskError from these is a defect
SLOW_FORMATS = ("docx", "pdf")  # a CopydeskError from these may be right (a glyph no font has)


@lru_cache(maxsize=1)
def texts() -> tuple[tuple[str, str], ...]:
    """(name, text) of every dev and bench article; empty when ../shared is absent."""
    found = []
    for folder in CORPORA:
        if folder.is_dir():
            found += [(path.name, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.txt"))]
    return tuple(found)


def apply(text: str, text_ops, encoding: str, byte_ops) -> bytes:
    """The bytes of a text after a plan of mutations; positions are fractions of the length (0–1)."""
    for op, where, what in text_ops:
        text = _text_op(text, op, int(where * len(text)), what)
    data = text.encode(encoding, errors="replace") if encoding.startswith(("cp", "iso")) else text.encode(encoding)
    for op, where, value in byte_ops:
        data = _byte_op(data, op, min(int(where * len(data)), max(0, len(data) - 1)), value)
    return data


def _text_op(text: str, op: str, at: int, what: str) -> str:
    if op == "insert":
        return text[:at] + what + text[at:]
    if op == "line-ends":
        return text.replace("\n", what)
    if op == "truncate":
        return text[:at]
    stretch = text[at:at + 200]
    return text[:at] + stretch * 3 + text[at:]  # repeat


def _byte_op(data: bytes, op: str, at: int, value: int) -> bytes:
    if not data:
        return data
    if op == "flip":
        return data[:at] + bytes([value]) + data[at + 1:]
    if op == "insert-byte":
        return data[:at] + bytes([value]) + data[at:]
    if op == "delete-byte":
        return data[:at] + data[at + 1:]
    return data[:at]  # truncate-bytes


@dataclass
class Outcome:
    """What one input did: read or refused, and every property it broke."""

    read: bool = False
    crash: str | None = None  # a traceback: an exception that is not a CopydeskError
    lossless: list = field(default_factory=list)
    invalid: dict = field(default_factory=dict)  # format → what is wrong with its output

    @property
    def ok(self) -> bool:
        return self.crash is None and not self.lossless and not self.invalid


def check(data: bytes, formats=None, name: str = "fuzz.txt") -> Outcome:
    """Run every property on one input."""
    outcome = Outcome()
    try:
        tree = load_article(data, ReadOptions(name=name))
    except CopydeskError:
        return outcome
    except Exception:
        outcome.crash = traceback.format_exc()
        return outcome
    outcome.read = True
    if reader_for(name, data) is read_text:
        outcome.lossless = lossless_problems(decode(data, name).text, tree)
    for fmt in formats or [f for f in WRITERS if f not in SLOW_FORMATS]:
        try:
            problem = VALIDATORS.get(fmt, _non_empty)(write(tree, fmt), tree)
        except CopydeskError as err:
            problem = None if fmt in SLOW_FORMATS else f"refused a valid article: {err}"
        except Exception:
            outcome.crash = traceback.format_exc()
            return outcome
        if problem:
            outcome.invalid[fmt] = problem
    return outcome


# --- one validator per format: None when the output is valid, else what is wrong -----------------

def _xml(data: bytes, tree):
    found = problems(parse_xml(data, "output.xml"))
    return "; ".join(found[:3]) or (None if data == serialize(tree) else "does not serialize the same twice")


def _html(data: bytes, tree):
    page = lxml_html.document_fromstring(data)
    if page.tag != "html" or page.find("body") is None:
        return "no <html> with a <body>"
    body = page.find("body")
    for hidden in body.xpath(".//*[@class='derived-title']"):  # a derived title, visually hidden, for the outline
        hidden.drop_tree()
    shown = "".join("".join(body.itertext()).split())
    return None if shown == "".join(story_text(tree).split()) else "the page's text is not the article's"


@lru_cache(maxsize=1)
def _nitf_schema():
    return etree.XMLSchema(etree.parse(str(NITF_XSD))) if NITF_XSD.is_file() else None


def _nitf(data: bytes, tree):
    document = etree.fromstring(data)
    schema = _nitf_schema()
    if schema is not None and not schema.validate(document):
        return "; ".join(e.message for e in list(schema.error_log)[:2])
    return None


@lru_cache(maxsize=1)
def _newsml_schema():
    """NewsML-G2 2.35 with NITF 3.6 for inline bodies (../shared/standards/README.md's driver)."""
    if not (NEWSML_DIR / "NewsML-G2_2.35-spec-All-Power.xsd").is_file():
        return None
    xs = "http://www.w3.org/2001/XMLSchema"
    driver = (f'<xs:schema xmlns:xs="{xs}" targetNamespace="urn:x-local:driver">'
              '<xs:import namespace="http://iptc.org/std/nar/2006-10-01/" schemaLocation="NewsML-G2_2.35-spec-All-Power.xsd"/>'
              '<xs:import namespace="http://iptc.org/std/NITF/2006-10-18/" schemaLocation="nitf-3-6.xsd"/></xs:schema>')
    return etree.XMLSchema(etree.fromstring(driver, base_url=str(NEWSML_DIR) + "/"))


def _newsml(data: bytes, tree):
    document = etree.fromstring(data)
    schema = _newsml_schema()
    if schema is not None and not schema.validate(document):
        return "; ".join(e.message for e in list(schema.error_log)[:2])
    return None


def _well_formed(data: bytes, tree):
    etree.fromstring(data)
    return None


def _json(data: bytes, tree):
    json.loads(data)
    return None


def _docx(data: bytes, tree):
    import docx

    docx.Document(io.BytesIO(data))
    return None


def _pdf(data: bytes, tree):
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as document:
        return None if len(document.pages) else "no pages"


def _non_empty(data: bytes, tree):
    return None if data else "empty output"


VALIDATORS = {"xml": _xml, "html": _html, "nitf": _nitf, "newsml": _newsml, "tei": _well_formed,
              "ninjs": _json, "docx": _docx, "pdf": _pdf}


def _guarded(validator):
    """A validator's own parse error is the output's fault: report it, do not crash the harness."""
    def checked(data, tree):
        try:
            return validator(data, tree)
        except (etree.XMLSyntaxError, ValueError) as err:
            return f"does not parse: {' '.join(str(err).split())[:200]}"
        except Exception as err:  # python-docx, pikepdf: the file is broken
            return f"does not open: {err.__class__.__name__}: {str(err)[:200]}"
    return checked


VALIDATORS = {fmt: _guarded(validator) for fmt, validator in VALIDATORS.items()}
