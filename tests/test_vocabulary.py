"""The reader's vocabulary is data: lexicon files per language, loaded only for the article's language."""

import subprocess
import sys
from importlib import resources

import pytest

from convert.readers.text.blocks import split_units
from convert.readers.text.classify import LineWords, classify
from convert.readers.text.vocabulary import KINDS, Vocabulary, read_rows, vocabulary

LEXICON = resources.files("convert.readers.text") / "lexicon"
FILES = sorted(p.name for p in LEXICON.iterdir() if p.name.endswith(".tsv"))


@pytest.mark.parametrize("name", FILES)
def test_every_lexicon_file_reads_with_known_kinds(name):
    rows = read_rows((LEXICON / name).read_text(encoding="utf-8"), name)
    assert rows and all(row.forms for row in rows)


def test_an_unknown_kind_is_an_error_naming_the_line():
    with pytest.raises(ValueError, match="x.tsv:2: unknown kind 'verbs'"):
        read_rows("# comment\nverbs\tsaid\t\t\n", "x.tsv")


def test_the_readme_documents_every_kind():
    readme = (LEXICON / "README.md").read_text(encoding="utf-8")
    assert [kind for kind in KINDS if f"`{kind}`" not in readme] == []


def test_only_the_articles_language_is_loaded():
    script = ("from convert import read_text, ReadOptions\nfrom convert.readers.text.vocabulary import loaded\n"
              "read_text('ראש העירייה אמר כי הספרייה תהיה פתוחה גם בערבים.\\n'.encode(), ReadOptions())\n"
              "print(','.join(loaded()))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["common,he"]


def test_an_editor_extends_a_language_by_a_row():
    """A promo phrase added to the English rows makes the line an aside; without it the line is a paragraph."""
    units, _ = split_units("Opening paragraph of the story, long enough to be a paragraph of its own.\n"
                           "Get the weekly newsletter about the city and its people in your inbox today.\n")
    english = vocabulary("en")
    extended = Vocabulary("en", english.rows + read_rows("promo\tget the weekly newsletter\t\t\n", "extra.tsv"))
    assert [b.kind for b in classify(units, "en")] == ["paragraph", "paragraph"]
    assert [b.kind for b in classify(units, "en", LineWords(extended))] == ["paragraph", "aside"]
