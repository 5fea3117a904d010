"""Tokens after (or before) a cue → the span of the noun phrase naming the source.

An Arabic source runs from the cue to punctuation, a complementizer (إن/أن), an addressee (لـ…),
an adverb (tanween), a time word or a statement phrase ('في بيان'); a short comma-set title or
name belongs to it ('، نائب رئيس الوزراء بكر بوزداغ،'), a relative clause does not. Quoted names
stay whole; a quotation that runs on is speech, and ends the source.
"""

import re
from bisect import bisect_right

from convert.readers.text.attributions.folding import folded_set

MAX_SOURCE_WORDS = 12
AR_STOPS = folded_set({
    "ان", "انه", "انها", "بان", "فان", "فانه", "فانها", "فقد", "فهو", "فهي", "الذي", "التي", "الذين", "اليوم", "امس",
    "خلال", "يوم", "السبت", "الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "مساء", "صباح",
    "لكن", "ولكن", "بل", "حيث", "بينما", "وسط", "عقب", "أي", "اي", "عبر", "انهم", "انهن", "اننا", "انني", "بانه",
    "بانها", "بانهم", "قائلا", "قائله", "مضيفا", "مضيفه", "مؤكدا", "مؤكده", "موضحا", "موضحه", "مشيرا", "مشيره",
    "ايضا", "حينها", "حينذاك", "انذاك", "حاليا", "سابقا", "لاحقا", "مؤخرا", "بعيد", "قبيل", "اثناء", "عند",
    "ردا", "تعليقا", "معلقا", "متحدثا", "رسميا", "علنا", "صراحه", "مجددا", "مرارا"})
# after a reporting verb, the subject ends where a prepositional phrase starts ('على تويتر', 'بالقدس')
VERB_SUBJECT_STOPS = folded_set({"على", "الى", "امام", "لدى"})
# words a source never starts with
AR_PARTICLES = folded_set({
    "في", "على", "من", "الى", "عن", "ان", "انه", "انها", "ما", "لا", "لم", "لن", "قد", "بان", "ب", "مع", "انهم", "بعد",
    "قبل", "هو", "هي", "هم", "كما", "ايضا", "اليوم", "امس", "خلال", "كثيرا", "جدا", "دائما", "مؤخرا", "حاليا", "سابقا",
    "لاحقا", "رسميا", "علنا", "فقط", "بشكل", "عدد", "فيه", "فيها", "فيهم", "له", "لها", "لهم", "منه", "منها", "عنه",
    "عنها", "به", "بها", "ذلك", "هذا", "هذه",
    # verbal nouns that open the object of نفى/أكد ('نفت ارتكاب …', 'أكد وجود …'), not a speaker
    "ارتكاب", "وجود", "صحه", "علمه", "علمها", "قيام", "قيامه", "تورط", "تورطه", "الاتهامات", "التقارير", "الانباء",
    "المزاعم", "الشائعات", "اي", "كل", "استعداد", "استعداده", "ضروره", "اهميه", "رفض", "رفضه"})
AR_STATEMENT_NOUNS = folded_set({"بيان", "تصريح", "تصريحات", "مقابله", "كلمه", "حديث", "مؤتمر", "تغريده", "رساله", "لقاء",
                                 "حساب", "صفحه", "موقع", "تقرير", "برنامج"})
# heads that make an according-to phrase mean "in line with" (the law, a plan), not a speaker
NOT_SPEAKERS = folded_set({"قانون", "قوانين", "اتفاق", "اتفاقيه", "دستور", "خطه", "قرار", "قرارات", "ترتيب", "معايير",
                           "شروط", "نظام", "توقيت", "جدول", "اجراءات", "قواعد", "تعليمات", "مبدا", "نتائج", "ارقام"})
EN_STOPS = {"and", "but", "that", "which", "who", "as", "while", "because", "when", "if", "after", "before", "than",
            "where", "so", "or", "said", "says", "told", "not", "to", "in", "on", "at", "for", "with", "by", "from",
            "although", "though", "since", "whereas", "however", "meanwhile"}
# "وفق تقديره", "على حد تعبيره": the speaker is only a pronoun clitic (an implicit attribution)
_CLITIC_SOURCE = re.compile(r"^(?:تقدير|تعبير|قول|راي|كلام|حديث)(?:ه|ها|هم|هما)$")
_RELATIVE_PRONOUNS = folded_set({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي", "who", "which"})
_NOT_SPEAKER = re.compile(r"^(?:ال|ل|لل)?(?:" + "|".join(sorted(NOT_SPEAKERS)) + r")$")
# 'للصحفيين', 'لوكالة …', 'لـ CNN': the addressee of a verb of saying (not 'لجنة', 'لبنان', 'لندن')
_ADDRESSEE = re.compile(r"^(?:لل|ل$|ل(?:وكال|صحيف|قنا|موقع|شبك|رويترز|سكاي|نظير|وسائل|مراسل|برنامج|تلفزيون|اذاع)"
                        r"|ل(?:cnn|bbc|afp))")
_OTHER_STOPS = {"that", "who", "which", "on", "in", "at", "as",  # English
                "از", "در", "با", "که", "را",  # Persian: 'به گزارش خبرگزاری فارس از تبریز'
                "ש", "כי", "ב"}  # Hebrew
_GOVERNED = {"عن", "علي", "من"}  # folded عن / على / من


def source_after(tokens, start: int, stop_at_addressee: bool, stop_at_governed: bool = False,
                 after_verb: bool = False, according: bool = False, stop_at_b: bool = False):
    """(start, end) in the folded text of the noun phrase from `start`, or None when there is none."""
    chosen, in_quote = [], False
    for index in range(bisect_right(tokens, start, key=_end), len(tokens)):
        token = tokens[index]
        word = token.text.lstrip("\"«“(")
        if not chosen and (_cannot_start(word, token) or (stop_at_addressee and _ADDRESSEE.match(word))):
            return None  # 'وقال للصحفيين': the speaker is implicit, the words after are the addressee
        if chosen and not in_quote and (_ends_phrase(tokens, index, word, stop_at_addressee, stop_at_governed)
                                        or (after_verb and (word in VERB_SUBJECT_STOPS or word.startswith("بال")))
                                        or (stop_at_b and word.startswith("ب") and len(word) > 3)):
            break  # stop_at_b: the charge of اتهم … بـ ('بانتهاك', 'بقصف') is not its subject
        chosen.append(token)
        in_quote ^= token.quotes % 2 == 1
        if in_quote:
            continue
        if token.raw_end_punct[:1] in ("،", ",") and stop_at_addressee:
            chosen += appositive(tokens[index + 1:index + 7])
            break
        if token.raw_end_punct.strip('"»”)') or len(chosen) >= MAX_SOURCE_WORDS:
            break
    if not chosen or in_quote:
        return None
    last = chosen[-1]
    closing_quote = last.raw_end_punct[:1] in ('"', "»", "”")
    # '(سانا)': a parenthesis the source opened closes with it
    closing_paren = not closing_quote and last.raw_end_punct[:1] == ")" and _opens_parenthesis(chosen)
    if according and _NOT_SPEAKER.match(chosen[0].text):
        return None
    return max(chosen[0].start, start), last.end + closing_quote + closing_paren


def _end(token) -> int:
    return token.end


def _opens_parenthesis(tokens) -> bool:
    return sum(t.text.count("(") for t in tokens) > sum(t.text.count(")") for t in tokens)


def _cannot_start(word: str, token) -> bool:
    """A particle, pronoun or prepositional phrase ('فيه', 'بالتزاماتنا') is no speaker."""
    return (not word or word in AR_PARTICLES or word in AR_STOPS or word in EN_STOPS or token.adverb or word.startswith("بال")
            or bool(_CLITIC_SOURCE.match(word)))


def _ends_phrase(tokens, index: int, word: str, stop_at_addressee: bool, stop_at_governed: bool) -> bool:
    token = tokens[index]
    opens_speech = token.quotes % 2 == 1 and not closes_soon(tokens[index:index + 4])
    if token.adverb or opens_speech or word in AR_STOPS or word in _OTHER_STOPS:
        return True
    if stop_at_addressee and _ADDRESSEE.match(word):
        return True
    following = tokens[index + 1:index + 2]
    if word == "في" and following and (following[0].text in AR_STATEMENT_NOUNS
                                       or re.sub(r"(?:ها|هم|ه)$", "", following[0].text) in AR_STATEMENT_NOUNS):
        return True  # 'في بيان', 'في مقابلة', 'في حسابها'

    return stop_at_governed and word in _GOVERNED


def appositive(tokens, longest: int = 6) -> list:
    """A short comma-set title or name after the subject; not a relative clause or a particle phrase."""
    chunk = []
    for token in tokens[:longest]:
        if token.quotes or token.adverb:
            return []
        chunk.append(token)
        if token.raw_end_punct[:1] in ("،", ","):
            break
    else:
        return []
    first = chunk[0].text
    if first in AR_PARTICLES or first in AR_STOPS or first in _RELATIVE_PRONOUNS:
        return []
    return chunk


def closes_soon(tokens, within: int = 4) -> bool:
    """A quotation opened by tokens[0] closes within a few words: a quoted name, not speech."""
    count = 0
    for token in tokens[:within]:
        count += token.quotes
        if count >= 2:
            return True
    return False


# function words that end a subject-first noun phrase, read backwards (Urdu, Persian)
SUBJECT_FIRST_STOPS = {"ہیں", "ہے", "تھا", "تھی", "تھے", "اور", "کہ", "نے", "میں", "سے", "کو", "پر", "کی", "کا", "کے",
                       "و", "که", "را", "از", "به", "در", "با", "این", "آن", "برای", "تا"} | EN_STOPS


def source_before(tokens, end: int, longest: int = 6, whole_clause: bool = False):
    """The noun phrase ending right before folded offset `end` (languages with the subject first).
    With whole_clause, only a phrase that is the clause's whole beginning counts ('امام جمعه تبریز گفت:'),
    since in a long clause the words before the verb are its object, not its subject."""
    chosen, reached_start = [], True
    for position in range(bisect_right(tokens, end, key=_end) - 1, -1, -1):
        token = tokens[position]
        if token.raw_end_punct.strip() and (chosen or token.end < end - 1):
            reached_start = token.raw_end_punct.strip()[-1] in ".!?؟:۔"  # a comma is mid-sentence
            break
        if token.text in SUBJECT_FIRST_STOPS or len(chosen) >= longest:
            reached_start = False
            break
        chosen.insert(0, token)
    if not chosen or (whole_clause and not reached_start):
        return None
    return chosen[0].start, chosen[-1].end
