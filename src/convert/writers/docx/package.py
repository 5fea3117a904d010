"""DOCX parts (name → bytes) → the zip package, the parts every article of a look shares compressed
once per process rather than once per article (styles.xml alone is ~350 KB).

A plain ZIP (deflate, no ZIP64: a DOCX is far below 4 GB) written in the part order of the template
python-docx saved; entries carry a fixed date (1980-01-01, the ZIP epoch) and mode 0644, so the same
article gives the same bytes on every run and every machine.
"""

import struct
import zipfile
import zlib
from dataclasses import dataclass

DOS_DATE, DOS_TIME = (0 << 9) | (1 << 5) | 1, 0  # 1980-01-01 00:00, the earliest date ZIP can hold
DEFLATED = 8
VERSION = 20  # 2.0: deflate
MADE_BY = (3 << 8) | VERSION  # made on Unix (as zipfile writes it), so the mode below is read as one
MODE = 0o644 << 16  # rw-r--r--, in the high half of the external attributes
BROKEN_ARCHIVE = (zipfile.BadZipFile, zlib.error, struct.error)  # what reading a damaged ZIP raises


@dataclass(frozen=True)
class Entry:
    """A part, compressed: what the local header and the central directory need."""

    name: bytes
    data: bytes  # raw deflate stream
    crc: int
    size: int


def compress(name: str, content: bytes, level: int = zlib.Z_DEFAULT_COMPRESSION) -> Entry:
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)  # as zipfile's ZIP_DEFLATED
    data = packer.compress(content) + packer.flush()
    return Entry(name.encode("ascii"), data, zlib.crc32(content), len(content))


def read_entries(archive: bytes) -> list[tuple[str, Entry]]:
    """The deflated parts of a ZIP as they are stored (not decompressed), in the archive's order."""
    import io

    found = []
    with zipfile.ZipFile(io.BytesIO(archive)) as package:
        for info in package.infolist():
            if info.compress_type != zipfile.ZIP_DEFLATED:
                raise ValueError(f"{info.filename}: stored with method {info.compress_type}, not deflate")
            name_length, extra_length = struct.unpack_from("<2H", archive, info.header_offset + 26)
            start = info.header_offset + 30 + name_length + extra_length
            found.append((info.filename, Entry(info.filename.encode("ascii"), archive[start:start + info.compress_size],
                                               info.CRC, info.file_size)))
    return found


def decompress(entry: Entry) -> bytes:
    return zlib.decompress(entry.data, -15)


def zip_package(entries: list[Entry]) -> bytes:
    """The entries as one ZIP archive, in order."""
    chunks, directory, offset = [], [], 0
    for entry in entries:
        fields = (VERSION, 0, DEFLATED, DOS_TIME, DOS_DATE, entry.crc, len(entry.data), entry.size, len(entry.name))
        local = struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, 0) + entry.name
        chunks += (local, entry.data)
        directory.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", MADE_BY, *fields, 0, 0, 0, 0, MODE, offset)
                         + entry.name)
        offset += len(local) + len(entry.data)
    central = b"".join(directory)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), offset, 0)
    return b"".join(chunks) + central + end
