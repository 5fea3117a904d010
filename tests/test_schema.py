"""The article schema: what it accepts and what it rejects, with the problem and the line named."""

import copy

import pytest
from lxml import etree

from convert import InvalidDocument, serialize, validate
from convert.document import names, parse_xml, problems

VALID = """<?xml version="1.0" encoding="UTF-8"?>
<article xmlns="urn:x-copydesk:article:1" xml:lang="ar" dir="rtl" version="1">
  <meta><generator name="copydesk" version="0"/></meta>
  <head><headline>عنوان</headline></head>
  <body>
    <section id="s1">
      <p><dateline><location>لندن</location> (<agency>رويترز</agency>)</dateline> - نص.</p>
      <p><attribution id="a1"><cue>قال</cue> <source>مسؤول</source></attribution> إن <quote attribution="a1">"شيئا"</quote>.</p>
    </section>
    <section id="s2"><heading>عنوان فرعي</heading><p>فقرة.</p><aside kind="caption">صورة</aside></section>
  </body>
  <end><credit kind="agency">رويترز</credit></end>
</article>
"""


def tree_of(text: str):
    return parse_xml(text.encode("utf-8"))


def test_a_complete_article_is_valid():
    assert problems(tree_of(VALID)) == []


@pytest.mark.parametrize("change, expected", [
    (lambda s: s.replace("<p>فقرة.</p>", "<p>فقرة.</p><blink>x</blink>"), "blink"),
    (lambda s: s.replace(' xml:lang="ar"', ""), "lang"),
    (lambda s: s.replace(' dir="rtl" version', " version"), "dir"),
    (lambda s: s.replace('dir="rtl"', 'dir="up"'), "dir"),
    (lambda s: s.replace("<p>فقرة.</p>", "<p>فقرة\u200f.</p>"), "U+200F"),
    (lambda s: s.replace("<p>فقرة.</p>", "<p>e\u0301</p>"), "NFC"),
    (lambda s: s.replace('attribution="a1"', 'attribution="a9"'), "a9"),
    (lambda s: s.replace('<section id="s2">', '<section id="s1">'), "s1"),
    (lambda s: s.replace('version="1"', 'version="2"'), "version"),
    (lambda s: s.replace('<body>', '<body><p>loose</p>'), "p"),
])
def test_a_broken_article_is_rejected_with_the_problem_and_its_line(change, expected):
    found = problems(tree_of(change(VALID)))
    assert found, "the change should make the document invalid"
    assert any(expected in problem for problem in found), found
    assert all(problem.split(":")[0].isdigit() for problem in found), "each problem names its line"


def test_validate_raises_with_file_and_line():
    broken = VALID.replace("<p>فقرة.</p>", "<p>فقرة.</p><blink/>")
    with pytest.raises(InvalidDocument) as raised:
        validate(tree_of(broken), "story.xml")
    assert str(raised.value).startswith("story.xml:")


def test_every_element_is_documented():
    from convert.document import schema_path

    schema = etree.parse(str(schema_path()))
    xs = "{http://www.w3.org/2001/XMLSchema}"
    for element in schema.iter(f"{xs}element"):
        if element.get("name"):
            assert element.find(f"{xs}annotation/{xs}documentation") is not None, element.get("name")


def test_serialization_is_deterministic():
    tree = tree_of(VALID)
    assert serialize(tree) == serialize(copy.deepcopy(tree)) == serialize(tree_of(serialize(tree).decode()))


def test_serialization_keeps_mixed_content_text():
    tree = tree_of(VALID)
    again = tree_of(serialize(tree).decode())
    first = [("".join(p.itertext())) for p in tree.getroot().iter(names.P)]
    assert first == ["".join(p.itertext()) for p in again.getroot().iter(names.P)]
