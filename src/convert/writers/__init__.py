"""The writers: one module per output format, named in WRITERS and imported only when used."""

import importlib
from dataclasses import dataclass

from convert.errors import OutputError

# format → (module, file extension). A new format is one module plus one line here.
WRITERS = {
    "xml": ("convert.writers.xml", "xml"),
    "html": ("convert.writers.html", "html"),
    "docx": ("convert.writers.docx", "docx"),
    "pdf": ("convert.writers.pdf", "pdf"),
    "nitf": ("convert.writers.nitf", "nitf.xml"),
    "tei": ("convert.writers.tei", "tei.xml"),
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
