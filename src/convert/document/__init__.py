"""The article document: names, safe parsing, validation, deterministic serialization."""

from convert.document.validate import problems, schema_path, validate
from convert.document.xmlio import parse_xml, serialize

__all__ = ["parse_xml", "problems", "schema_path", "serialize", "validate"]
