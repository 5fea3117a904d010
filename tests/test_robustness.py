"""Odd wire copy never crashes the reader or the writers, and never loses text (seeded random texts)."""

import random

import pytest

from convert import ReadOptions, load_article, write
from convert.document.lossless import lossless_problems
from convert.errors import CopydeskError

PIECES = ["قال مسؤول إن", "وفقًا للمصدر.", '"نص مقتبس طويل جدا هنا"', "(CNN)--", "LONDON (Reuters) -", "Reuter", "-30-",
          "1- عنوان", "By John", "،", ".", "\u200f", "\x01", "\u00a0", "  ", "\t", "שלום עולם", "کتاب", "ے", "Gmail", "2024",
          "«", "»", "(", ")", "\n", "\n\n", "\r\n", "ـــ", "َ", "ً", "لا", "ال", "according to", "said", "ﻻ", "\ufeff",
          "e\u0301", "\u0301", "u f BC-X-Y 02-26 0105\n", "<script>", "&amp;", "]]>"]


def random_texts(count: int, seed: int):
    chooser = random.Random(seed)
    for _ in range(count):
        yield "".join(chooser.choice(PIECES) + chooser.choice([" ", "", "\n"]) for _ in range(chooser.randint(1, 40)))


@pytest.mark.parametrize("seed", range(4))
def test_random_wire_copy_is_read_losslessly_and_written(seed):
    for number, text in enumerate(random_texts(100, seed)):
        data = text.encode("utf-8")
        try:
            tree = load_article(data, ReadOptions(name="odd.txt"))
        except CopydeskError:
            continue  # e.g. only whitespace: a clear error is the right answer
        assert lossless_problems(data.decode("utf-8-sig"), tree) == [], repr(text)
        for fmt in ("xml", "html", "nitf") + (("docx",) if number % 5 == 0 else ()):  # DOCX is the slow one
            assert write(tree, fmt), (fmt, repr(text))
