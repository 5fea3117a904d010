"""The writers: one module per output format, named in WRITERS and imported only when used."""

import importlib
from dataclasses import dataclass

from convert.document import names
from convert.errors import MissingHandler, OutputError

# format → (module, file extension). A new format is one module plus one line here.
WRITERS = {
    "xml": ("convert.writers.xml", "xml"),
    "html": ("convert.writers.html", "html"),
    "docx": ("convert.writers.docx", "docx"),
    "pdf": ("convert.writers.pdf", "pdf"),
    "nitf": ("convert.writers.nitf", "nitf.xml"),
    "tei": ("convert.writers.tei", "tei.xml"),
    "newsml": ("convert.writers.newsml", "newsml.xml"),
    "ninjs": ("convert.writers.ninjs", "ninjs.json"),
    "ninjs2": ("convert.writers.ninjs2", "ninjs2.json"),
}


@dataclass(frozen=True)
class WriteOptions:
    """Read-only options shared by the writers (each uses the ones that concern it)."""

    css: str | None = None
    fragment: bool = False
    page_size: str | None = None  # None: the house style's (A4 unless it says otherwise)
    font: str | None = None
    bleed: str | None = None
    crop_marks: bool = False
    pdf_variant: str | None = None
    house_style: str | None = None  # a house-style TOML file (writers/house.py)
    reference_doc: str | None = None  # DOCX: a document whose styles replace ours
    proof: bool = False  # show attributions, cues, sources and quotes (for an editor checking the tagger)


def writer_for(fmt: str):
    """The write(tree, options) -> bytes function of a format."""
    if fmt not in WRITERS:
        raise OutputError(f"unknown output format {fmt!r}; choose from {', '.join(WRITERS)}")
    module_name, _ = WRITERS[fmt]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name == module_name:
            raise OutputError(f"the {fmt} writer is not available yet; use --to xml") from None
        raise
    return module.write


def extension(fmt: str) -> str:
    return WRITERS[fmt][1]


def handler_for(table: dict, node, writer: str):
    """The handler of an article node in a writer's table, keyed by local element name.

    Exhaustive dispatch: a node without a handler (an unknown element, a comment or processing
    instruction that validation would have refused) is a bug, raised as MissingHandler."""
    tag = node.tag
    if not isinstance(tag, str):  # lxml gives comments and PIs a function as their tag
        kind = "comment" if "Comment" in type(node).__name__ else "processing instruction"
        raise MissingHandler(f"the {writer} writer met an XML {kind} at line {node.sourceline}; "
                             f"article XML holds none (copydesk validate refuses them)")
    handler = table.get(tag.rpartition("}")[2]) if tag.startswith(f"{{{names.NS}}}") else None
    if handler is None:
        raise MissingHandler(f"the {writer} writer has no handler for <{tag.rpartition('}')[2]}>")
    return handler
