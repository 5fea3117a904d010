"""The text reader's rules, one by one, and the same structure from every encoding and layout."""

import textwrap

import pytest

from conftest import dev_bytes
from convert import ReadOptions, read_text
from convert.document import names
from convert.errors import InputError
from convert.readers.text.blocks import detect_layout, split_units
from convert.readers.text.classify import credit_kind, ends_sentence, is_title_shaped, line_words
from convert.readers.text.dateline import find_dateline
from convert.readers.text.decode import decode
from convert.readers.text.language import detect_language


def structure(tree) -> list[tuple[str, str]]:
    """(tag, whitespace-collapsed text) of every block element, in document order."""
    blocks = (names.HEADLINE, names.BYLINE, names.HEADING, names.P, names.ASIDE, names.CREDIT)
    return [(names.local(e.tag), " ".join("".join(e.itertext()).split()))
            for e in tree.getroot().iter(*blocks) if e.get("derived") != "true"]


def read(data: bytes, **options):
    return read_text(data, ReadOptions(name="t.txt", **options))


def wrap72(text: str) -> str:
    """Hard-wrap every line at 72 columns, with a blank line between paragraphs."""
    return "\n\n".join(textwrap.fill(line, 72) for line in text.splitlines() if line.strip()) + "\n"


VARIANTS = {
    "utf-16": lambda text: text.encode("utf-16"),
    "windows-1256": lambda text: text.encode("cp1256"),
    "utf-8-bom-crlf": lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
    "wrapped-72": lambda text: wrap72(text).encode("utf-8"),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_encoding_and_layout_gives_the_same_structure(article_id, variant):
    text = dev_bytes(article_id).decode("utf-8")
    if variant == "wrapped-72" and article_id.startswith("en-reuters21578"):
        pytest.skip("already hard-wrapped with indented paragraphs: re-wrapping each line is not the same article")
    try:
        data = VARIANTS[variant](text)
    except UnicodeEncodeError:
        pytest.skip(f"{article_id} has letters {variant} cannot encode")
    assert structure(read(data)) == structure(read(text.encode("utf-8")))


def test_iso_8859_6_is_detected():
    text = "عاجل: أمطار غزيرة في المدينة اليوم.\nوقال مسؤول إن الطرق مغلقة.\n"
    assert decode(text.encode("iso8859-6"), "t.txt").encoding == "iso8859-6"
    assert decode(text.encode("cp1256"), "t.txt").encoding == "cp1256"


def test_utf16_without_a_bom_is_detected_and_binary_is_refused():
    text = "قال مسؤول إن الوضع مستقر في المدينة اليوم.\nThe minister said the talks went well.\n"
    assert decode(text.encode("utf-16-le"), "t.txt").text == text
    assert decode(text.encode("utf-16-be"), "t.txt").text == text
    with pytest.raises(InputError, match="binary"):
        decode(bytes(range(256)) * 4, "t.bin")


def test_latin1_english_copy_is_detected():
    decoded = decode("The café said prices rose – Reuters\n".encode("cp1252"), "t.txt")
    assert decoded.text.startswith("The café")


def test_a_wrong_forced_encoding_is_a_clear_error():
    with pytest.raises(InputError, match="cannot decode as utf-8"):
        decode("نص".encode("cp1256"), "t.txt", "utf-8")


def test_layouts_are_told_apart():
    assert detect_layout(["A long line " * 20, "Another long line " * 20]) == "lines"
    reuters = ["HEAD", "    CAIRO, March 3 - Cotton prices rose sharply during the week in",
               "the Delta markets, easing worries that had grown since early", "February.",
               "    Traders expect the new harvest to arrive later than usual this year.",
               "    Shipments for the week ended March 1 were 12,400 bales of",
               "cotton, well above the same week last year."]
    assert detect_layout(reuters) == "wrapped"  # indentation opens its paragraphs
    units, _ = split_units("\n".join(reuters))
    assert [u.text[:8] for u in units] == ["HEAD", "CAIRO, M", "Traders ", "Shipment"]


@pytest.mark.parametrize("line, expected", [
    ("فرانس 24/ أ ف ب/ رويترز", "agency"),
    ("(Reporting by Jane Doe; Editing by John Roe)", "reporting"),
    ("(إعداد أحمد للنشرة العربية – تحرير سامح)", "reporting"),
    ("Reuter", "marker"), ("-30-", "marker"), ("###", "marker"), ("ENDS", "marker"),
    ("وقال مسؤول إن الوضع خطير.", None), ("رويترز تقول إن الأسعار ارتفعت", None),
])
def test_credit_lines(line, expected):
    assert credit_kind(line, line_words(detect_language(line)[0])) == expected


@pytest.mark.parametrize("text, expected", [
    ("بيروت، لبنان (CNN) -- قال المتحدث", "بيروت، لبنان (CNN)"),
    ("(CNN)-- قال", "(CNN)"),
    ("لندن (رويترز) - قال", "لندن (رويترز)"),
    ("هراري 15-7 (اف ب) - أعلن", "هراري 15-7 (اف ب)"),
    ("CAIRO, Mar 3 - Prices rose", "CAIRO, Mar 3"),
    ("LONDON (Reuters) - Shares fell", "LONDON (Reuters)"),
    ("کراچی 9 جون (ایجنسی) حکومت نے", "کراچی 9 جون (ایجنسی)"),
    ("لاہور (ویب ڈیسک) وزیر اعظم نے کہا", "لاہور (ویب ڈیسک)"),
    ("اڈیلیڈ۔4 ڈسمبر (سیاست ڈاٹ کام ) آسٹریلیا", "اڈیلیڈ۔4 ڈسمبر (سیاست ڈاٹ کام )"),
    ("الرياض، السعودية (CNN)— قال", "الرياض، السعودية (CNN)"),
    ("WASHINGTON, March 3 (Reuters) - The", "WASHINGTON, March 3 (Reuters)"),
    ("BEIRUT, Lebanon — Fighting resumed", "BEIRUT, Lebanon"),
    ("NEW YORK (AP) — Stocks rose", "NEW YORK (AP)"),
    ("به گزارش خبرگزاری مهر از شیراز، استاندار", None),
    ("وقال الرئيس (67 عاما) إن الوضع", None),
    ("The company said on Monday it would", None),
    ("Apple (AAPL.O) said on Tuesday it would", None),
])
def test_datelines(text, expected):
    spans = [s for s in find_dateline(text) if s.tag == names.DATELINE]
    assert (text[spans[0].start:spans[0].end] if spans else None) == expected


def test_a_dash_before_the_agency_is_not_part_of_the_place():
    text = "لندن - (رويترز) - قال"
    parts = {names.local(s.tag): text[s.start:s.end] for s in find_dateline(text)}
    assert parts["location"] == "لندن" and parts["agency"] == "رويترز"


def test_dateline_parts():
    text = "CAIRO, Mar 3 - Prices"
    parts = {names.local(s.tag): text[s.start:s.end] for s in find_dateline(text)}
    assert parts == {"dateline": "CAIRO, Mar 3", "location": "CAIRO", "date": "Mar 3"}


@pytest.mark.parametrize("text, lang", [
    ("قال الرئيس إن الحكومة ستعمل", "ar"), ("کاندیداها نباید در زمین بازی کنند", "fa"),
    ("خواتین اپنی جلد کے ساتھ ساتھ آنکھوں کو", "ur"), ("הממשלה הודיעה היום", "he"), ("The minister said", "en"),
])
def test_language_from_script(text, lang):
    assert detect_language(text)[0] == lang


def test_an_arabic_text_naming_a_persian_stays_arabic():
    # a Persian name (its ی and ک) in an Arabic article: a few Persian letters among many Arabic ones
    byline = "هذا المقال بقلم کاملیا انتخابی فرد، والآراء الواردة أدناه تعبر عن رأي الكاتبة."
    paragraph = ("وقالت الكاتبة إن الناخبين في المدن الكبرى يلاحقون لقمة العيش قبل أي شيء آخر، وإن الخوف "
                 "من العنف يبقى حاضرا في كل مكان تقريبا، بينما تنتظر الأسواق نتائج الانتخابات.")
    assert detect_language("\n\n".join([byline, *[paragraph] * 8]))[0] == "ar"
    persian = "این مقاله را کاملیا انتخابی فرد نوشته است و دیدگاه‌های آن از نویسنده است."
    assert detect_language(persian)[0] == "fa"


def test_a_long_lede_is_not_a_headline_but_a_short_set_apart_line_is():
    lede = "أكد الرئيس " + "كلمة " * 60 + "نهاية.\nفقرة ثانية هنا."
    assert structure(read(lede.encode()))[0][0] == "p"
    assert structure(read("عنوان قصير\n\nفقرة أولى طويلة بما يكفي.\n".encode()))[0] == ("headline", "عنوان قصير")


def test_title_option_sets_the_headline_and_without_it_the_title_is_derived():
    body = "فقرة أولى طويلة بما يكفي لتكون فقرة.\nفقرة ثانية.\n".encode()
    with_title = read(body, title="عنوان")
    assert with_title.getroot().find(f"{names.HEAD}/{names.HEADLINE}").text == "عنوان"
    derived = read(body).getroot().find(f"{names.HEAD}/{names.HEADLINE}")
    assert derived.get("derived") == "true"


def test_a_paragraph_in_another_language_gets_its_own_lang_and_dir():
    arabic = "فقرة عربية طويلة بما يكفي هنا، وفيها كلام كثير عن الأخبار والأحداث اليومية في المدينة."
    tree = read(f"{arabic}\nThis paragraph is written in English.\n".encode())
    paragraphs = list(tree.getroot().iter(names.P))
    assert paragraphs[1].get(names.XML_LANG) == "en" and paragraphs[1].get("dir") == "ltr"
    assert paragraphs[0].get("dir") is None


def test_sentence_and_title_shapes():
    assert ends_sentence('قال "نعم"') and ends_sentence("Done.") and not ends_sentence("مخاوف أمريكية")
    assert is_title_shaped("هل انتهت الحرب؟", 20) and not is_title_shaped("One. Two three", 20)


def test_gold_structure_of_the_seed():
    tree = read((__import__("conftest").EXAMPLES / "seed-ar.txt").read_bytes())
    headings = [h.text for h in tree.getroot().iter(names.HEADING)]
    assert headings == ["مخاوف أمريكية", "اتهامات بالتأثير", "مرحلة حرجة"]
    assert len(list(tree.getroot().iter(names.P))) == 14


def test_a_two_line_wire_byline():
    text = "Stocks slide\n\nBy JOHN SMITH\nAP Business Writer\n\nNEW YORK (AP) — Stocks fell sharply on Monday as banks slid.\n"
    root = read(text.encode()).getroot()
    assert [b.text for b in root.iter(names.BYLINE)] == ["By JOHN SMITH", "AP Business Writer"]


@pytest.mark.parametrize("text, byline", [
    ("عنوان الخبر هنا\n\nالقاهرة - أحمد الريدي\n\nقال مسؤول إن الوضع مستقر في المدينة اليوم.\n", "القاهرة - أحمد الريدي"),
    ("Storm hits coast\n\nBy Cal Mankowski, Reuters\n\nA storm hit the coast on Monday, officials said.\n", "By Cal Mankowski, Reuters"),
])
def test_bylines(text, byline):
    tree = read(text.encode())
    assert [b.text for b in tree.getroot().iter(names.BYLINE)] == [byline]


def test_envelope_slug_and_end_markers():
    text = "\x01u f BC-BAHIA-COCOA-REVIEW   02-26 0105\nBAHIA COCOA REVIEW\n\nShowers continued throughout the week.\n\n-30-\n"
    root = read(text.encode()).getroot()
    assert [s.text for s in root.iter(names.SLUG)] == ["u f BC-BAHIA-COCOA-REVIEW   02-26 0105"]
    assert [(c.text, c.get("kind")) for c in root.iter(names.CREDIT)] == [("-30-", "marker")]
    assert root.find(f"{names.HEAD}/{names.HEADLINE}").text == "BAHIA COCOA REVIEW"


def test_asides():
    text = ("عنوان\n\nفقرة أولى طويلة بما يكفي لتكون فقرة حقيقية في الخبر.\nاقرأ أيضا: خبر آخر مهم\n"
            "فقرة ثانية طويلة بما يكفي لتكون فقرة حقيقية في الخبر.\n(يتبع)\n")
    kinds = [(a.get("kind"), a.text) for a in read(text.encode()).getroot().iter(names.ASIDE)]
    assert kinds == [("related", "اقرأ أيضا: خبر آخر مهم"), ("continued", "(يتبع)")]


def test_each_language_reads_with_its_own_vocabulary():
    urdu = "پہلا پیراگراف خبر کا ہے جو کافی لمبا ہے تاکہ یہ ایک حقیقی پیراگراف ہو۔\n(جاری ہے)\n"
    assert [a.get("kind") for a in read(urdu.encode()).getroot().iter(names.ASIDE)] == ["continued"]
    # the Urdu marker is not Arabic vocabulary: in an Arabic article the line is story text
    arabic = "فقرة أولى طويلة بما يكفي لتكون فقرة حقيقية في الخبر اليوم.\n(جاری ہے)\n"
    assert list(read(arabic.encode(), lang="ar").getroot().iter(names.ASIDE)) == []


LEDE = "أعلنت الحكومة اليوم عن خطة جديدة لدعم الاقتصاد الوطني في السنوات المقبلة."
MORE = "وقال الوزير إن الخطة ستبدأ الشهر المقبل وتشمل كل القطاعات الاقتصادية في البلاد."


def kinds_of(lines: list[str]):
    root = read("\n".join(lines).encode()).getroot()
    return [(names.local(e.tag), e.get("kind")) for e in root.iter(names.HEADING, names.P, names.ASIDE, names.CREDIT)]


def test_a_run_of_link_titles_is_related_but_a_topical_last_one_is_a_heading():
    assert kinds_of([LEDE, "روسيا تطرد دبلوماسيين بريطانيين", "انتقادات أوروبية لخطة النقل الجديدة", MORE])[1:3] == \
        [("aside", "related"), ("aside", "related")]
    assert kinds_of([LEDE, "روسيا تطرد دبلوماسيين بريطانيين", "مشروع النهر الكبير", "بدأ المشروع في عام 2011 وهو مشروع زراعي كبير."])[1:3] == \
        [("aside", "related"), ("heading", None)]


def test_list_items_and_table_rows_are_story_text():
    assert [k for k, _ in kinds_of([LEDE, "- 2020: العداءة سارة أحمد", "- 2019: العداءة ليلى حسن", MORE])] == ["p"] * 4
    assert [k for k, _ in kinds_of([LEDE, "تونس: 3", "المغرب: 1", MORE])] == ["p"] * 4


def test_a_short_name_closing_the_story_is_a_credit():
    assert kinds_of([LEDE, MORE, "طاهر هاني"])[-1] == ("credit", "other")


def test_a_derived_title_skips_the_dateline():
    tree = read("LONDON (Reuters) - Shares fell sharply on Monday as investors sold banks.\nMore text here.\n".encode())
    headline = tree.getroot().find(f"{names.HEAD}/{names.HEADLINE}")
    assert headline.get("derived") == "true" and headline.text.startswith("Shares fell sharply")


def test_a_break_is_a_soft_wrap_only_where_the_next_word_would_not_have_fitted():
    paragraph = ("The council met on Tuesday to discuss the budget for the coming year and agreed "
                 "to raise spending on schools. The mayor said the vote was close.")
    second = "A short line opens the next one."
    text = textwrap.fill(paragraph, 40) + "\n" + second + "\n"
    units, layout = split_units(text)
    assert layout == "wrapped"
    assert [u.text for u in units] == [paragraph, second]


def test_one_sentence_per_line_copy_is_not_wrapped():
    lines = ["The council met on Tuesday to discuss the budget.", "The mayor said the vote was close.",
             "Schools will get more money next year.", "Roads will be repaired in the spring."]
    units, layout = split_units("\n".join(lines) + "\n")
    assert layout == "lines" and [u.text for u in units] == lines


def test_a_latin_word_broken_at_its_hyphen_joins_but_arabic_script_keeps_its_space():
    latin = ("The prime minister of Malaysia met with the envoy Mohd Al-\n"
             "Zaquan and the delegation of the opposition in the city\nof Kuala Lumpur on Monday.")
    assert "Mohd Al-Zaquan and" in split_units(latin)[0][0].text
    arabic = ("وتابع قائلا إنه على استعداد للتدخل على الرغم من صعوبة ذلك-\n"
              "أن يتدخل في حلحلة بعض الأمور ولو تدريجيا لمصلحة\nالبلاد أولا.")
    assert "ذلك- أن" in split_units(arabic)[0][0].text
