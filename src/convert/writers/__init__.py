"""The writers: one module per output format, named in WRITERS and imported only when used."""

import importlib
from dataclasses import dataclass

from convert.errors import MissingHandler, OutputError

# A worker process is replaced after converting this many inputs (every format of each) when the
# batch makes PDF: WeasyPrint's memory grows in long loops (its issues #1496, #2130, #2319), so a
# batch of any length keeps a flat peak; a larger value saves a few worker start-ups. The other
# writers' memory is flat (3,000 articles x 5 formats in one process: 30 MB throughout), so their
# workers are never replaced.
RECYCLE_AFTER = 200
GROWING_FORMATS = {"pdf"}


def recycle_after(formats) -> int | None:
    """After how many inputs a worker making `formats` is replaced (None: never)."""
    return RECYCLE_AFTER if GROWING_FORMATS & set(formats) else None

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


def prepare(formats) -> None:
    """Import each format's writer and let it load its libraries (WeasyPrint and its fonts) now:
    worker processes forked afterwards share that work instead of each doing it again."""
    for fmt in formats:
        warm = getattr(importlib.import_module(WRITERS[fmt][0]), "prepare", None) if fmt in WRITERS else None
        if warm is not None:
            warm()


def extension(fmt: str) -> str:
    return WRITERS[fmt][1]


def handler_for(table: dict, node, writer: str):
    """The handler of an article node in a writer's table, keyed by local element name.

    Exhaustive dispatch: a node without a handler (an unknown element, a comment or processing
    instruction that validation would have refused) is a bug, raised as MissingHandler."""
    from convert.document import names  # here, not at the top: the CLI imports this registry at start-up

    tag = node.tag
    if not isinstance(tag, str):  # lxml gives comments and PIs a function as their tag
        kind = "comment" if "Comment" in type(node).__name__ else "processing instruction"
        raise MissingHandler(f"the {writer} writer met an XML {kind} at line {node.sourceline}; "
                             f"article XML holds none (copydesk validate refuses them)")
    handler = table.get(tag.rpartition("}")[2]) if tag.startswith(f"{{{names.NS}}}") else None
    if handler is None:
        raise MissingHandler(f"the {writer} writer has no handler for <{tag.rpartition('}')[2]}>")
    return handler
