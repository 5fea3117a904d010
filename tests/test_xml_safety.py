"""Article XML is parsed safely: no entity expansion, no DTD, no network."""

import pytest

from convert.document import parse_xml
from convert.errors import InputError

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE article [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<article xmlns="urn:x-copydesk:article:1">&b;</article>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE article [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<article xmlns="urn:x-copydesk:article:1">&secret;</article>"""


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL], ids=["internal-entities", "external-entity"])
def test_entities_and_dtds_are_refused(document):
    with pytest.raises(InputError) as raised:
        parse_xml(document, "evil.xml")
    assert "root:" not in str(raised.value)
    assert "DOCTYPE" in str(raised.value) or "entity" in str(raised.value).lower()


def test_malformed_xml_names_the_line():
    with pytest.raises(InputError, match=r"bad.xml:3: not well-formed"):
        parse_xml(b"<article>\n<p>\n</article>", "bad.xml")
