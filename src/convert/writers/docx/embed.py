"""Font files → embedded-font parts of a DOCX (word/fonts/*.odttf), as Word writes them and Word
and LibreOffice read them, so the document is set in its faces on a machine that lacks them.

ECMA-376 Part 1, 17.8.1: each file is stored obfuscated — its first 32 bytes XORed with the 16
bytes of the entry's w:fontKey GUID, read from its last hex pair to its first — and referenced
from fontTable.xml by w:embedRegular / w:embedBold.
"""

import hashlib
import uuid

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from convert.writers.docx import ooxml

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
SLOTS = {400: "embedRegular", 700: "embedBold"}


def embed_faces(document, faces) -> dict[str, bytes]:
    """Embed the regular and bold file of each face (a face with one file embeds it once).

    The parts are added empty; their obfuscated bytes are returned by ZIP entry name, to be put in
    when the package is written last (python-docx would read and recompress a megabyte of fonts
    for every document of a batch otherwise)."""
    font_table = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    root = etree.fromstring(font_table.blob)
    number, files = 0, {}
    for face in faces:
        for weight, path in face.files.items():
            if weight != 400 and path == face.regular:
                continue  # no bold file: Word and LibreOffice embolden the regular one
            data = path.read_bytes()
            key = font_key(data)
            number += 1
            name = f"word/fonts/font{number}.odttf"
            files[name] = obfuscate(data, key)
            part = Part(PackURI(f"/{name}"), OBFUSCATED_FONT, b"", document.part.package)
            relationship_id = font_table.relate_to(part, RELATIONSHIP_TYPE.FONT)
            ooxml.embed_font(root, face.family, SLOTS[weight], relationship_id, key)
    font_table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    ooxml.set_embed_true_type_fonts(document.settings.element)
    return files


def font_key(data: bytes) -> str:
    """A GUID from the file's digest: the same font gets the same key (reproducible output)."""
    return "{" + str(uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the key's bytes in reverse order (the operation is its own inverse)."""
    key_bytes = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ key_bytes[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]
