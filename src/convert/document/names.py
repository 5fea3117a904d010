"""The article vocabulary: the one place that spells the schema's namespace and element names."""

NS = "urn:x-copydesk:article:1"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SCHEMA_VERSION = "1"

XML_LANG = f"{{{XML_NS}}}lang"
XML_ID = f"{{{XML_NS}}}id"


def q(local: str) -> str:
    """The qualified (Clark notation) name of an article element."""
    return f"{{{NS}}}{local}"


def local(tag: str) -> str:
    """The local name of a qualified tag."""
    return tag.rpartition("}")[2]


ARTICLE = q("article")
META = q("meta")
SOURCE = q("source")
GENERATOR = q("generator")
SLUG = q("slug")
CREATED = q("created")
REMOVED = q("removed")
UNDECODABLE = q("undecodable")
HEAD = q("head")
HEADLINE = q("headline")
SUBHEADLINE = q("subheadline")
BYLINE = q("byline")
BODY = q("body")
SECTION = q("section")
HEADING = q("heading")
P = q("p")
DATELINE = q("dateline")
LOCATION = q("location")
AGENCY = q("agency")
DATE = q("date")
ATTRIBUTION = q("attribution")
CUE = q("cue")
QUOTE = q("quote")
ASIDE = q("aside")
END = q("end")
CREDIT = q("credit")
