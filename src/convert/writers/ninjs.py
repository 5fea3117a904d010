"""Article tree → IPTC ninjs (News in JSON) 3.x; ninjs2.py gives 2.x, the same item with 2.x's names.

uri is the NewsML-G2 guid, so the JSON and the XML name one item; the main body is the HTML
writer's <article> fragment (text/html), beside a plain-text body of the story's paragraphs.
Metadata from document/queries.py: title, subheadlines, bylines, created, description, language.
"""

import json
from dataclasses import replace

from convert.document import names, queries
from convert.writers import WriteOptions, html, newsml

VERSIONS = {"2.2": "lower", "3.1": "camel"}  # ninjs 2.x spells names in lower case, 3.x in camelCase
# the 3.x name → its 2.x spelling, where they differ
LOWER = {"versionCreated": "versioncreated", "contentCreated": "contentcreated", "contentType": "contenttype"}


def write(tree, options=None) -> bytes:
    return encode(item(tree, "3.1", options))


def encode(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def item(tree, version: str, options=None) -> dict:
    """The ninjs object for one article, in the given schema version (a key of VERSIONS)."""
    root = tree.getroot()
    created = queries.created(root)
    data = {
        "uri": newsml.guid(tree),
        "standard": {"name": "ninjs", "version": version,
                     "schema": f"http://www.iptc.org/std/ninjs/ninjs-schema_{version}.json#"},
        "type": "text",
        "version": "1",
        "versionCreated": created or newsml.NO_DATE,
        "language": queries.language(root),
        "headlines": [{"role": "main", "value": queries.title(root)}]
                     + [{"role": "sub", "value": s} for s in queries.subheadlines(root)],
        "bodies": [{"role": "main", "contentType": "text/html", "value": _html(tree, options)},
                   {"role": "plain", "contentType": "text/plain", "value": _plain(root)}],
    }
    if created:
        data["contentCreated"] = created
    if queries.author(root):
        data["by"] = queries.author(root)
    slugs = [" ".join((s.text or "").split()) for s in root.iter(names.SLUG)]
    if slugs:
        data["slugline"] = slugs[0]
    if queries.description(root):
        data["descriptions"] = [{"role": "summary", "contentType": "text/plain", "value": queries.description(root)}]
    location = root.find(f"{names.BODY}//{names.DATELINE}/{names.LOCATION}")
    if location is not None and location.text:
        data["located"] = location.text
    return _spelled(data) if VERSIONS[version] == "lower" else data


def _html(tree, options) -> str:
    fragment = replace(options or WriteOptions(), fragment=True)
    return html.write(tree, fragment).decode("utf-8").strip()


def _plain(root) -> str:
    """The story's visible text: headline, paragraphs and credits, a blank line between blocks."""
    blocks = [queries.visible_headline(root)] + list(root.iter(names.HEADING, names.P, names.CREDIT))
    return "\n\n".join(" ".join("".join(b.itertext()).split()) for b in blocks if b is not None)


def _spelled(value):
    """3.x names → 2.x names, recursively."""
    if isinstance(value, dict):
        return {LOWER.get(k, k): _spelled(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_spelled(v) for v in value]
    return value
