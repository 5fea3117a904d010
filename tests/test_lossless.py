"""Nothing is lost: every dev article's text survives reading exactly once, in order, and validates."""

from conftest import dev_bytes, dev_tree, gold
from convert import ReadOptions, read_text
from convert.document.lossless import lossless_problems


def test_dev_article_is_valid_and_lossless(article_id):
    tree = dev_tree(article_id)  # load_article validates
    text = dev_bytes(article_id).decode(gold(article_id)["encoding"])
    assert lossless_problems(text, tree) == []


def test_the_check_notices_a_lost_word(seed_tree):
    from conftest import EXAMPLES

    source = (EXAMPLES / "seed-ar.txt").read_text(encoding="utf-8")
    assert lossless_problems(source + " كلمة", seed_tree) != []


def test_control_and_bidi_characters_are_recorded_not_kept():
    data = "\x01u f BC-TEST-STORY   02-26 0105\n\x02نص \u200fالخبر هنا.\n\x03".encode("utf-8")
    tree = read_text(data, ReadOptions(name="wire.txt"))
    xml = "".join(tree.getroot().itertext())
    assert "\u200f" not in xml and "\x01" not in xml
    assert lossless_problems(data.decode("utf-8"), tree) == []
    removed = {r.get("char") for r in tree.getroot().iter("{urn:x-copydesk:article:1}removed")}
    assert removed == {"U+0001", "U+0002", "U+0003", "U+200F"}
