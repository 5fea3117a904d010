"""Reading rules, one at a time: the classification table, the source stop rules, the shared stages."""

import logging

from convert import ReadOptions, read_text, validate
from convert.document import names
from convert.document.build import Block
from convert.readers.stages import SourceFacts, finish
from convert.readers.text.attributions import lexicon
from convert.readers.text.attributions.folding import Folded, tokenize
from convert.readers.text.attributions.phrases import (AFTER_ACCORDING, ends_at_addressee, ends_at_boundary,
                                                        ends_at_cue, source_after)
from convert.readers.text.blocks import split_units
from convert.readers.text.classify import (RULES, Reading, aside_kind, line_words, mark_credits, mark_headline,
                                           mark_labels, rejoin_broken_sentences)
from convert.readers.text.line_shape import is_name_shaped

STORY = ("عنوان الخبر\n\nقال المتحدث إن الاجتماع سيعقد غدا في العاصمة بحضور الوزراء المعنيين بالملف.\n"
         "وأضاف أن النتائج ستعلن بعد انتهاء الاجتماع مباشرة في مؤتمر صحفي.\nفرانس24/ أ ف ب\n")


def reading(text: str) -> Reading:
    units, _ = split_units(text)
    return Reading(units, line_words("ar"))


def test_the_rules_run_in_reading_order():
    assert [name for name, _ in RULES] == ["asides", "labels", "credits", "headline", "teasers", "trailing ledes", "bylines", "headings"]


def test_the_credit_rule_alone_names_only_the_trailing_credit():
    state = reading(STORY)
    mark_credits(state)
    assert state.kinds == [None, None, None, "credit"] and state.subkinds[3] == "agency"


def test_the_headline_rule_alone():
    state = reading(STORY)
    mark_headline(state)
    assert state.kinds[0] == "headline" and state.kinds[1:] == [None, None, None]


def test_every_rule_is_logged(caplog):
    with caplog.at_level(logging.DEBUG, logger="convert.readers.text.classify"):
        read_text(STORY.encode(), ReadOptions())
    logged = caplog.text
    assert all(f"rule {name}:" in logged for name, _ in RULES)
    assert "rule credits: unit 3 is credit (agency)" in logged


def test_stop_rules_alone():
    words = lexicon("ar")
    folded = Folded("وقال المتحدث للصحفيين إن")
    tokens = tokenize(folded)
    assert ends_at_addressee(words, tokens, 2, tokens[2].text, folded.text)
    assert not ends_at_addressee(words, tokens, 1, tokens[1].text, folded.text)
    assert ends_at_boundary(words, tokens, 3, tokens[3].text, folded.text)


def test_a_source_never_runs_into_another_cue():
    words = lexicon("fa")
    folded = Folded("به گزارش خبرگزاری فارس به نقل از روزنامه، وزیر گفت")
    tokens = tokenize(folded)
    assert ends_at_cue(words, tokens, 4, tokens[4].text, folded.text)  # 'به نقل از' opens here
    assert source_after(tokens, 8, words, AFTER_ACCORDING, folded.text) == (9, 22)  # 'خبرگزاری فارس'



def test_the_shared_stages_finish_any_readers_blocks():
    """A reader of another format hands its blocks to `finish`: dateline, attributions and the title follow."""
    blocks = [Block("paragraph", "LONDON (Reuters) - The minister said the talks went well on Monday."),
              Block("paragraph", "According to officials, a deal is close.")]
    text = "\n".join(b.text for b in blocks)
    tree = finish(blocks, text, SourceFacts(text.encode(), "utf-8"), ReadOptions(name="story.docx"))
    validate(tree)
    root = tree.getroot()
    assert root.find(f".//{names.DATELINE}") is not None
    assert [c.text for c in root.iter(names.CUE)] == ["said", "According to"]
    assert root.find(f"{names.HEAD}/{names.HEADLINE}").get("derived") == "true"


LEDE_AR = "أعلنت البلدية اليوم افتتاح حديقة عامة جديدة في وسط المدينة بعد عامين من العمل."
SECOND_AR = "وتضم الحديقة ملاعب للأطفال ومسارات للمشي وأكثر من ألف شجرة من أنواع مختلفة."
TEASER_AR = "قال مسؤول في وزارة الصحة إن حملة التطعيم الجديدة ستبدأ الأسبوع المقبل في المدارس."


def test_teasers_after_a_gap_of_no_break_spaces_are_not_the_story():
    text = f"عنوان الخبر\n\n{LEDE_AR}\n{SECOND_AR}\n\u00a0\n{TEASER_AR}\n{TEASER_AR.replace('الصحة', 'التعليم')}\n"
    root = read_text(text.encode(), ReadOptions(attributions=False)).getroot()
    assert [a.get("kind") for a in root.iter(names.ASIDE)] == ["related", "related"]
    assert len(list(root.iter(names.P))) == 2


def test_a_story_that_goes_on_after_the_gap_keeps_its_paragraphs():
    text = f"عنوان الخبر\n\n{LEDE_AR}\n{SECOND_AR}\n\u00a0\n{SECOND_AR.replace('الحديقة', 'المدينة')}\n{TEASER_AR}\n"
    root = read_text(text.encode(), ReadOptions(attributions=False)).getroot()
    assert list(root.iter(names.ASIDE)) == [] and len(list(root.iter(names.P))) == 4


PARAGRAPH_FA = "این یک پاراگراف طولانی از متن مقاله است که چند جمله دارد و با نقطه پایان می‌یابد."


def test_label_lines_head_the_text_or_open_the_trailing_notes():
    """'چکیده:' heads the abstract; 'نویسندگان:' opens the authors' notes, which are end credits."""
    text = f"چکیده:\n{PARAGRAPH_FA}\n{PARAGRAPH_FA}\nنویسندگان:\nعلی رضایی: دانشیار دانشگاه\nمجله فرهنگی - سال ششم، شماره 1.\n"
    units, _ = split_units(text)
    state = Reading(units, line_words("fa"))
    mark_labels(state)
    assert state.kinds == ["heading", None, None, "credit", "credit", "credit"]


def test_an_end_label_over_long_paragraphs_is_no_end_block():
    text = f"{PARAGRAPH_FA}\nمنابع:\n{PARAGRAPH_FA * 3}\n"
    units, _ = split_units(text)
    state = Reading(units, line_words("fa"))
    mark_labels(state)
    assert state.kinds == [None, None, None]


def test_a_cut_title_with_its_teaser_is_the_headline():
    """'title teaser ...' above a blank line: a scrape's title run on and cut, long or not."""
    title = "عنوان الخبر المهم جدا. " * 8 + "وتفاصيل ..."
    state = reading(f"{title}\n\n{LEDE_AR}\n{SECOND_AR}\n")
    mark_headline(state)
    assert state.kinds[0] == "headline"
    state = reading(f"{title}\n{LEDE_AR}\n{SECOND_AR}\n")  # not set apart by a blank line
    mark_headline(state)
    assert state.kinds[0] is None


def test_a_read_also_line_heads_a_run_of_link_titles():
    """Every title under 'اقرأ أيضا' is a link; the last one is a subheading only when the paragraph
    under it starts afresh on its topic."""
    links = "اقرأ أيضا\nحظر أمريكي على الأجهزة في الطائرات\nتغريم شركة طيران مبلغا كبيرا\n"
    state = reading(f"{LEDE_AR}\n{links}{SECOND_AR}\n")
    mark_asides = dict(RULES)["asides"]
    mark_asides(state)
    assert state.kinds == [None, "aside", "aside", "aside", None]
    state = reading(f"{LEDE_AR}\n{links}تغريم الشركة جاء بعد تحقيق طويل في صفقاتها مع دول عدة.\n")
    mark_asides(state)
    assert state.kinds == [None, "aside", "aside", None, None]


def _hebrew_pairs(text: str) -> list[tuple[str, str]]:
    root = read_text(text.encode(), ReadOptions(lang="he")).getroot()
    return [(a.find(names.CUE).text, a.find(names.SOURCE).text) for a in root.iter(names.ATTRIBUTION)]


def test_a_verb_form_opening_a_noun_compound_is_no_cue():
    """'כתב אישום' (an indictment), 'כתב העת' (the journal): the noun, not 'wrote'."""
    assert _hebrew_pairs("הפרקליטות החליטה להגיש נגדו כתב אישום בגין סיוע לאויב בשנת המלחמה.") == []
    assert _hebrew_pairs("השר כתב כי הוא מתנגד להצעה.") == [("כתב", "השר")]


def test_a_hebrew_acronym_opens_no_quotation_and_a_prepositions_object_is_no_subject():
    text = 'במכתב אל השר מרידור כתב עו"ד בן-יעקב כי חברים רבים עזבו את הלשכה.'
    assert _hebrew_pairs(text) == [("כתב", 'עו"ד בן-יעקב')]


def _pairs(text: str, lang: str = "ar") -> list[tuple[str, str]]:
    root = read_text(text.encode(), ReadOptions(lang=lang)).getroot()
    return [(a.find(names.CUE).text, a.find(names.SOURCE).text) for a in root.iter(names.ATTRIBUTION)]


def test_a_comma_set_phrase_may_stand_between_the_subject_and_the_complement():
    text = ("وقال الحامدي، خلال مسيرة نظمها حزبه اليوم السبت تعبيرا عن رفض قرار الحكومة الأخير بشأن الضرائب "
            "المفروضة على صغار التجار في المدن الداخلية، إنه سيواصل الاحتجاج.")
    assert _pairs(text) == [("وقال", "الحامدي")]
    # a fused preposition's noun after the phrase is no complement: 'وصفته بـ…'
    assert _pairs("دعت الجماعة إلى الخروج مما وصفته، في بيانها، بالنفق المظلم.") == []


def test_a_persian_verb_with_a_noun_object_closing_its_sentence_reports():
    """'X از آغاز … خبر داد.': the announcing verb closes its sentence; its subject opens it."""
    text = "معاون دفتر نهاد نمایندگی از آغاز اعتکاف هزار دانشجو در این استان خبر داد. مراسم فردا برگزار می‌شود."
    assert _pairs(text, "fa") == [("خبر داد", "معاون دفتر نهاد نمایندگی")]


def test_an_ellipsis_after_and_is_etc_not_a_sentence_end():
    text = "وی در ادامه به کشف سرقت منزل، مغازه، خودرو و... توسط پلیس اشاره و بیان کرد: کشف سرقت خودرو بوده است."
    assert _pairs(text, "fa") == [("بیان کرد", "وی")]


def test_an_urdu_subject_before_a_comma_closed_relative_clause():
    """'X جو … آئے ہوئے تھے، نے بتایا کہ': the relative pronoun's antecedent is the speaker."""
    text = "ارجن رامپال جو فلم کی شوٹنگ کے سلسلے میں وادی آئے ہوئے تھے، نے بدھ کے روز نامہ نگاروں کو بتایا کہ انہیں یہاں کا کھانا پسند آیا ہے۔"
    assert _pairs(text, "ur") == [("بتایا", "ارجن رامپال")]


OTHER_LEDES_AR = ["أعلن الجيش الإسرائيلي، الثلاثاء، اعتقال عشرين فلسطينيا في الضفة الغربية خلال حملة مداهمات ليلية واسعة.",
                  "قرر رئيس الحكومة التونسية، الجمعة، إقالة وزير الطاقة والمناجم وعدد من كبار المسؤولين في الوزارة.",
                  "رحبت مملكة البحرين، الثلاثاء، بقرار الولايات المتحدة تصنيف جماعة مسلحة منظمة إرهابية في المنطقة."]


def test_ledes_of_other_stories_after_a_story_told_as_one_thread_are_teasers():
    story = [LEDE_AR, SECOND_AR, SECOND_AR.replace("الحديقة", "المدينة"), "ويأمل السكان أن تفتح الحديقة أبوابها قريبا."]
    state = reading("\n".join(story + OTHER_LEDES_AR) + "\n")
    dict(RULES)["trailing ledes"](state)
    assert state.kinds == [None] * 4 + ["aside"] * 3
    listed = [f"{n}: {text}" for n, text in zip(("أولا", "ثانيا", "ثالثا"), OTHER_LEDES_AR)]  # a list ends the story
    state = reading("\n".join(story + listed) + "\n")
    dict(RULES)["trailing ledes"](state)
    assert state.kinds == [None] * 7


def test_the_subject_of_a_past_perfect_stands_before_the_verb():
    assert _pairs('وكان الملك عبد الله قد حذر من أن الأردن "على مفترق طرق".') == [("حذر", "الملك عبد الله")]


def test_a_closing_signature_is_shaped_like_a_name():
    assert is_name_shaped("Jane Smith") and is_name_shaped("نسرين صفربيرانوند")
    assert not is_name_shaped("WINNERS (once)") and not is_name_shaped("10th League One")


def test_a_link_opener_with_two_dots_is_a_related_link():
    assert aside_kind("اقرأ.. مؤسس فيسبوك يكسر صمته بعد الفضيحة") == "related"
    assert aside_kind("قد يهمك أيضا: جولة نادرة داخل الشركة") == "related"
    assert aside_kind("أيضا قالت الوزارة إن الاجتماع تأجل.") is None


def test_another_storys_headline_dropped_into_a_story_is_a_link():
    """A headline-length title quoting a claim, over a paragraph that carries the story on."""
    title = 'الأدوية المضادة للاكتئاب "قد تسبب الإصابة بمرض السكري"'
    state = reading(f"{LEDE_AR}\n{title}\n{SECOND_AR}\n")
    dict(RULES)["headings"](state)
    assert state.kinds[1] == "aside"
    state = reading(f"{LEDE_AR}\nأنقرة تدعو للكف عن \"الشجارات\"\n{SECOND_AR}\n")  # a short subheading with a quote
    dict(RULES)["headings"](state)
    assert state.kinds[1] == "heading"


def test_an_addressee_fused_to_a_quoted_name_is_not_the_source():
    assert _pairs('وقالت مصادر ميدانية لـ"سكاي نيوز عربية" إن القوات تقدمت.') == [("وقالت", "مصادر ميدانية")]


def test_a_first_line_reporting_speech_with_its_complementizer_is_the_lede():
    """'X نے کہا ہے کہ …' opens a lede's sentence; a title drops the reporting verb."""
    lede = "بالی ووڈ اداکار رشی کپور نے کہا ہے کہ اس مرض کا"
    body = "علاج بہت طویل ہے جس کے لیے صبر درکار ہے لیکن مجھ سے صبر نہیں ہو رہا اور میں جلد واپس آؤں گا۔ " * 3
    units, _ = split_units(f"{lede}\n{body}\n{body}\n")
    state = Reading(units, line_words("ur"))
    mark_headline(state)
    assert state.kinds[0] is None


def test_a_question_closing_a_link_run_is_a_subheading():
    links = "اقرأ أيضا\nحظر أمريكي على الأجهزة في الطائرات\nما الذي يحدث؟\n"
    state = reading(f"{LEDE_AR}\n{links}ركزت الدراسة على الأشخاص الذين تناولوا الأدوية لفترة طويلة.\n")
    dict(RULES)["asides"](state)
    assert state.kinds == [None, "aside", "aside", None, None]


def test_the_subject_of_a_past_perfect_without_its_particle():
    assert _pairs("وكانت وزارة العمل أعلنت عام 2013 أن نحو 95 ألف عامل مخالفون.") == [("أعلنت", "وزارة العمل")]


def test_no_cue_inside_a_direct_quotation_and_no_quotation_as_a_source():
    text = 'وأضاف "يجب ألا نتعامى عن الحقيقة، فالإدارة أعلنت القدس عاصمة لإسرائيل وقررت نقل سفارتها".'
    assert _pairs(text) == []
    english = '"We played well and deserved the win," said Wenger. "Next week is harder for us all."'
    assert _pairs(english, "en") == [("said", "Wenger")]


def test_an_addressee_after_an_inverted_verb_leaves_no_speaker():
    assert _hebrew_pairs('כאשר הערבים ירו על הכביש, אמר לי: "אם תשמע יריות תתכופף".') == []


def test_a_results_table_row_comparing_figures_is_no_title():
    text = "COMALCO LTD 1986 NET\n    MELBOURNE, March 3 -\n    Net profit 57.1 mln dlrs vs loss 69.1 mln.\n" \
           "    Other income 52.75 mln vs 15.22 mln\n    Shrs 560.61 mln vs same.\n Reuter\n"
    root = read_text(text.encode(), ReadOptions(lang="en", attributions=False)).getroot()
    assert list(root.iter(names.HEADING)) == []


def test_a_photo_credit_line_is_a_caption():
    assert aside_kind("شٹر اسٹاک فوٹو", line_words("ur")) == "caption"
    assert aside_kind("AFP file photo", line_words("en")) == "caption"
    assert aside_kind("He said the photo was taken in the morning by a passer-by.", line_words("en")) is None


def test_a_sentence_reporting_speech_is_no_subheading():
    lede = "حکومت نے آج نئی پالیسی کا اعلان کیا جس کے تحت ٹیکس کم کیے جائیں گے اور کاروبار آسان ہوگا۔"
    quote = "انھوں نے کہا کہ ’ریاست کئی سائبر جاسوسی سرگرمیوں میں ملوث ہے‘"
    units, _ = split_units(f"{lede}\n{quote}\n{lede}\n")
    state = Reading(units, line_words("ur"))
    dict(RULES)["headings"](state)
    assert state.kinds[1] is None


def test_lines_opening_with_a_label_used_again_and_again_are_entries_not_titles():
    """An interview's 'فارس: …؟' turns, a list's 'استان …:' items: story text, not subheadings."""
    answer = "واحدی: من با توجه به شناخت کامل از منطقه برنامه‌های زیادی برای ورزش شهرستان دارم و آنها را اجرا می‌کنم."
    text = "\n".join([PARAGRAPH_FA, "* رشته‌های ورزشی باید احیا شوند", "فارس: مهم‌ترین برنامه شما چیست؟", answer,
                      "فارس: ارتباط شما با رسانه‌ها چگونه است؟", answer, "فارس: برای جوانان برنامه دارید؟", answer]) + "\n"
    units, _ = split_units(text)
    state = Reading(units, line_words("fa"))
    dict(RULES)["headings"](state)
    assert state.kinds == [None, "heading"] + [None] * 6


def test_a_name_alone_after_a_gap_signs_the_story():
    text = f"عنوان الخبر\n\n{LEDE_AR}\n{SECOND_AR}\n{SECOND_AR}\n\u00a0\nطاهر هاني\n"
    root = read_text(text.encode(), ReadOptions(attributions=False)).getroot()
    assert [c.text for c in root.iter(names.CREDIT)] == ["طاهر هاني"] and list(root.iter(names.ASIDE)) == []


def test_a_statement_in_a_document_has_the_document_as_source():
    text = "بسیج نقش موثری دارد. در این بیانیه آمده است: نامگذاری این روز به نام جوانان پیشنهاد شد."
    assert _pairs(text, "fa") == [("آمده است", "این بیانیه")]


URDU_SECTIONS = ("چکن کو محفوظ رکھنے کے طریقے\n"
                 "ماہرین کا کہنا ہے کہ کچے گوشت کو ہمیشہ فریج کے نچلے خانے میں رکھنا چاہیے۔\n"
                 "تیز آنچ میں پکانا\n"
                 "چکن میں کیمپائلو بیکٹر \n"
                 "نامی بیکٹیریا بھی پایا جاتا ہے اس لیے اسے تیز آنچ پر پکانا ضروری ہے۔\n")


def test_a_sentence_broken_across_lines_is_one_paragraph_under_its_heading():
    """'چکن میں کیمپائلو بیکٹر' / 'نامی …': نامی ('named') never opens a sentence, so the second line
    carries on the first; the line above them is a subheading, not a run of related links."""
    for text in (URDU_SECTIONS, URDU_SECTIONS.replace("\n", "\n\n")):
        article = read_text(text.encode(), ReadOptions(name="broken.txt", lang="ur"))
        body = article.find(f".//{names.BODY}")
        headings = [" ".join(h.itertext()) for h in body.iter(names.HEADING)]
        paragraphs = [" ".join("".join(p.itertext()).split()) for p in body.iter(names.P)]
        assert headings == ["تیز آنچ میں پکانا"]
        assert paragraphs[-1].startswith("چکن میں کیمپائلو بیکٹر نامی بیکٹیریا")
        assert not list(body.iter(names.ASIDE))


def test_a_line_opening_with_a_word_that_may_open_a_sentence_is_not_joined():
    """میں is also 'I': a line opening with it may start a sentence of its own."""
    units, _ = split_units("وہ ہمیشہ بہتر کارکردگی کی ہدایت کرتے ہیں\n\nمیں ذاتی ایوارڈ کے لیے نہیں کھیلتا۔\n")
    assert len(rejoin_broken_sentences(units, line_words("ur"))) == 2
    units, _ = split_units("وہ ہمیشہ بہتر کارکردگی کی ہدایت کرتے ہیں\n\nنامی کھلاڑی نہیں کھیلتا۔\n")
    assert len(rejoin_broken_sentences(units, line_words("ur"))) == 1


def test_an_appositive_title_with_its_organisation_belongs_to_the_source():
    assert _pairs('"The market is weak," said Jonathan Wolff, senior vice president at Donaldson Lufkin and Jenrette.',
                  "en") == [("said", "Jonathan Wolff, senior vice president at Donaldson Lufkin and Jenrette")]


def test_a_parenthetical_clause_after_the_name_is_not_its_appositive():
    assert _pairs("وقال رمضان غزاوي، وهو أحد العاملين في مكتب البريد، إن العمل توقف.", "ar") == [("وقال", "رمضان غزاوي")]


def test_an_article_alone_is_no_source():
    """'The added costs': the verb form is the noun the article determines."""
    assert _pairs("The added costs were high, the company said on Monday.", "en") == [("said", "the company")]
    assert _pairs("Others argue the market is weak.", "en") == [("argue", "Others")]


def test_the_period_of_initials_ends_no_source():
    text = '"They have outlined a plan," said E.F. Hutton Group analyst Michael Lewis.'
    assert _pairs(text, "en") == [("said", "E.F. Hutton Group analyst Michael Lewis")]


def test_a_title_keeps_its_lam_modifier_and_an_addressee_is_cut():
    """'المدير العام للمؤسسة الوطنية للنفط' is one title; 'للصحفيين' is whom it was said to."""
    assert _pairs("وقال المدير العام للمؤسسة الوطنية للنفط مصطفى صنع الله إن الإنتاج ارتفع.") == \
        [("وقال", "المدير العام للمؤسسة الوطنية للنفط مصطفى صنع الله")]
    assert _pairs("وقال مصطفى صنع الله للصحفيين إن الإنتاج ارتفع.") == [("وقال", "مصطفى صنع الله")]


def test_according_to_a_law_or_a_plan_is_no_attribution_in_every_language():
    assert _pairs("לפי החוק, המשטרה רשאית לעצור חשודים.", "he") == []
    assert _pairs("לפי המשטרה, החשוד נעצר אתמול.", "he") == [("לפי", "המשטרה")]
    assert _pairs("طبق قانون، پلیس می‌تواند مظنونان را بازداشت کند.", "fa") == []


def test_an_urdu_full_stop_with_no_space_after_it_ends_the_sentence_before_a_source():
    assert _pairs("یہ عدم توازن کی علامت ہوسکتی ہے۔طبی ماہرین کے مطابق شدید تھکاوٹ ایک علامت ہے۔", "ur") == \
        [("کے مطابق", "طبی ماہرین")]


def test_a_subject_before_a_relative_clause_starts_after_the_sentence_before():
    text = "Deaths rose, MPs said. The report, which followed a long inquiry, found the rate was high."
    assert ("found", "The report") in _pairs(text, "en")
