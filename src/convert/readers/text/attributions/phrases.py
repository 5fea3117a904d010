"""Tokens after (or before) a cue → the span of the noun phrase naming the source.

An Arabic source runs from the cue to punctuation, a complementizer (إن/أن), an addressee (لـ…),
an adverb (tanween), a time word or a statement phrase ('في بيان'); a short comma-set title or
name belongs to it ('، نائب رئيس الوزراء بكر بوزداغ،'), a relative clause does not. Quoted names
stay whole; a quotation that runs on is speech, and ends the source.

Where a source ends is decided by named stop rules; a caller picks the rules that fit its cue
(`AFTER_ACCORDING`, `AFTER_VERB`, …) instead of switching flags. Every word comes from the
language's lexicon (`words`).
"""

import re
from bisect import bisect_right
from dataclasses import dataclass

MAX_SOURCE_WORDS = 12  # a source is a noun phrase with its modifiers, never a clause
APPOSITIVE_MAX_WORDS = 10  # ', نائب رئيس الوزراء بكر بوزداغ،', ', senior vice president at Donaldson Lufkin and Jenrette.': a title with its organisation
QUOTED_NAME_MAX_WORDS = 4  # a quotation that closes this soon is a name ('شبكة "سي إن إن"'), not speech
SUBJECT_MAX_WORDS = 6  # subject-first languages: the subject before the verb


# --- stop rules: (words, tokens, index, word, folded text) → True when the source ends before tokens[index]

def ends_at_boundary(words, tokens, index: int, word: str, text: str) -> bool:
    """An adverb, speech that opens here, a stop word, or 'في بيان' (a statement phrase)."""
    token = tokens[index]
    if token.adverb or _opens_speech(tokens, index) or words.has("source-stop", word):
        return True
    following = tokens[index + 1:index + 2]
    return word == "في" and bool(following) and _is_statement_noun(words, following[0].text)


def _opens_speech(tokens, index: int) -> bool:
    """A quotation opens at the token and runs on: speech, not a quoted name ('شبكة "سي إن إن"')."""
    return tokens[index].quotes % 2 == 1 and not closes_soon(tokens[index:index + QUOTED_NAME_MAX_WORDS])


_QUOTE_MARKS = re.compile(r'["«»“”]')
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")  # 'E.F.', 'U.S.' (folded): the period is the abbreviation's


def _is_initials(token) -> bool:
    """'said E.F. Hutton Group analyst Michael Lewis': the period of initials ends no noun phrase."""
    return token.raw_end_punct == "." and bool(_INITIALS.fullmatch(token.text))


def ends_at_addressee(words, tokens, index: int, word: str, text: str) -> bool:
    """'للصحفيين', 'لوكالة …', 'لـ"سكاي نيوز"': whom it was said to is not who said it (a
    preposition fused to a quoted name is matched without the quote mark)."""
    return words.matches("addressee", word) or words.matches("addressee", _QUOTE_MARKS.sub("", word))


def ends_at_governed_preposition(words, tokens, index: int, word: str, text: str) -> bool:
    """'نقل X عن', 'شدد X على': the preposition the verb governs ends its subject."""
    return words.has("governed-preposition", word)


def ends_at_verb_preposition(words, tokens, index: int, word: str, text: str) -> bool:
    """After a reporting verb the subject ends where a place or medium starts ('على تويتر', 'بالقدس')."""
    return words.has("verb-subject-stop", word) or word.startswith("بال")


def ends_at_complement(prefixes: tuple):
    """The complement the verb needs, fused to its word, ends the subject: 'اتهم X بانتهاك' (the
    charge of a verb of accusing), Hebrew 'הודיע X שהאחריות' (ש, 'that')."""
    def ends_at_fused_complement(words, tokens, index: int, word: str, text: str) -> bool:
        return any(word.startswith(prefix) and len(word) > len(prefix) + 2 for prefix in prefixes)
    return ends_at_fused_complement


def ends_at_cue(words, tokens, index: int, word: str, text: str) -> bool:
    """A source never runs into another cue: 'به گزارش فارس به نقل از النشره' → فارس."""
    start = tokens[index].start
    return bool(words.according_re.match(text, start) or words.verb_re.match(text, start))


@dataclass(frozen=True)
class SourceRules:
    """The stop rules for one kind of cue, and whether a comma-set appositive may follow."""

    stops: tuple
    appositive: bool = False
    appositive_ends: tuple = ("،", ",")  # what closes the appositive; after an inverted verb, the sentence's end too
    addressee_first: bool = False  # an addressee straight after the cue: the speaker is implicit
    skip_addressee: bool = False  # an addressee straight after the cue comes before the speaker ('הודיע לו X')


AFTER_ACCORDING = SourceRules((ends_at_boundary, ends_at_cue))
# 'وفقا لما ذكره X لـCNN': with a verb in the cue an addressee can follow the source
AFTER_ACCORDING_VERB = SourceRules((ends_at_boundary, ends_at_cue, ends_at_addressee), appositive=True,
                                   addressee_first=True)
AFTER_VERB = SourceRules((ends_at_boundary, ends_at_cue, ends_at_addressee, ends_at_verb_preposition),
                         appositive=True, addressee_first=True)
# '…," said X'; '…, said Peter Hemington, partner at BDO.' (the title runs to the sentence's end); 'אמר לי:' has none
INVERTED = SourceRules((ends_at_boundary, ends_at_cue), appositive=True, appositive_ends=("،", ",", "."),
                       addressee_first=True)


def with_stops(rules: SourceRules, *more) -> SourceRules:
    return SourceRules(rules.stops + more, rules.appositive, rules.appositive_ends, rules.addressee_first,
                       rules.skip_addressee)


def after_inverted_verb(rules: SourceRules) -> SourceRules:
    """A subject after its verb in a subject-first language: an addressee may stand between them."""
    return SourceRules(rules.stops, rules.appositive, rules.appositive_ends, addressee_first=False, skip_addressee=True)


def source_after(tokens, start: int, words, rules: SourceRules = AFTER_ACCORDING, text: str = ""):
    """(start, end) in the folded text of the noun phrase from `start`, or None when there is none."""
    chosen, in_quote = [], False
    for index in range(bisect_right(tokens, start, key=_end), len(tokens)):
        token = tokens[index]
        word = token.text.lstrip("\"«“(")
        if not chosen and rules.skip_addressee and ends_at_addressee(words, tokens, index, word, text):
            continue
        if not chosen and (cannot_start(words, word, token) or _opens_speech(tokens, index)
                           or (rules.addressee_first and ends_at_addressee(words, tokens, index, word, text))):
            # 'وقال للصحفيين': the speaker is implicit, the words after are the addressee; 'אמר, "מ…':
            # a quotation that runs on straight after the cue is the speech itself
            return None
        if chosen and not in_quote and any(stop(words, tokens, index, word, text) for stop in rules.stops):
            break
        chosen.append(token)
        if len(chosen) == 1 and words.has("pronoun", word):
            break  # a pronoun is a whole noun phrase: 'به گفته وی تعداد …' → وی
        in_quote ^= token.quotes % 2 == 1
        if in_quote:
            continue
        if token.raw_end_punct[:1] in ("،", ",") and rules.appositive:
            chosen += appositive(words, tokens[index + 1:index + 1 + APPOSITIVE_MAX_WORDS], rules.appositive_ends)
            break
        if (token.raw_end_punct.strip('"»”)') and not _is_initials(token)) or len(chosen) >= MAX_SOURCE_WORDS:
            break
    if not chosen or in_quote:
        return None
    last = chosen[-1]
    closing_quote = last.raw_end_punct[:1] in ('"', "»", "”")
    # '(سانا)': a parenthesis the source opened closes with it
    closing_paren = not closing_quote and last.raw_end_punct[:1] == ")" and _opens_parenthesis(chosen)
    return max(chosen[0].start, start), last.end + closing_quote + closing_paren


def is_not_speaker(words, text: str) -> bool:
    """'وفق القانون', 'حسب الخطة': the according-to phrase means 'in line with' a thing, not a speaker."""
    head = text.split()[0] if text.split() else ""
    prefixes = words.words.forms("article-prefix")
    for stem in (head, *(head[len(p):] for p in prefixes if head.startswith(p))):
        if words.has("not-speaker", stem):
            return True
    return False


def _is_statement_noun(words, word: str) -> bool:
    return words.has("statement-noun", word) or words.has("statement-noun", _without_clitic(words, word))


def _without_clitic(words, word: str) -> str:
    for clitic in sorted(words.words.words("pronoun-clitic"), key=len, reverse=True):
        if word.endswith(clitic) and len(word) > len(clitic) + 1:
            return word[:-len(clitic)]
    return word


def _end(token) -> int:
    return token.end


def _opens_parenthesis(tokens) -> bool:
    return sum(t.text.count("(") for t in tokens) > sum(t.text.count(")") for t in tokens)


# Arabic circumstantial participle (ḥāl), indefinite accusative 'مـ…ا' straight after the verb: 'قال متوجها
# إلى الحضور' is 'he said, turning to the audience' — the speaker is implicit, not 'متوجها'
_CIRCUMSTANTIAL = re.compile(r"^م[\u0621-\u064a]{2,}ا$")


def cannot_start(words, word: str, token) -> bool:
    """A particle, pronoun, prepositional phrase ('فيه', 'بالتزاماتنا') or circumstantial participle is no speaker."""
    return (not word or word[0].isdigit() or words.has("not-source-start", word) or words.has("source-stop", word)
            or token.adverb or bool(_CIRCUMSTANTIAL.match(word))
            or word.startswith("بال") or is_clitic_speaker(words, word))


def is_clitic_speaker(words, word: str) -> bool:
    """'تقديره', 'تعبيرها': the speaker is only a pronoun clitic (an implicit attribution)."""
    stem = _without_clitic(words, word)
    return stem != word and words.has("clitic-speaker-noun", stem)


def appositive(words, tokens, ends: tuple = ("،", ",")) -> list:
    """A short comma-set title or name after the subject; not a relative clause or a particle phrase."""
    chunk = []
    for token in tokens:
        if token.quotes or token.adverb:
            return []
        chunk.append(token)
        if token.raw_end_punct[:1] in ends:
            break
    else:
        return []
    first = chunk[0].text
    if words.has("not-source-start", first) or words.has("source-stop", first) or words.has("relative-pronoun", first):
        return []
    return chunk


def closes_soon(tokens) -> bool:
    """A quotation opened by tokens[0] closes within these few words: a quoted name, not speech."""
    count = 0
    for token in tokens:
        count += token.quotes
        if count >= 2:
            return True
    return False


def source_before(tokens, end: int, words, whole_clause: bool = False, longest: int = SUBJECT_MAX_WORDS):
    """The noun phrase ending right before folded offset `end` (languages with the subject first).
    With whole_clause, only a phrase that is the clause's whole beginning counts ('امام جمعه تبریز گفت:'),
    since in a long clause the words before the verb are its object, not its subject. A soft stop
    (Urdu اور، سے: 'ممتاز شاعر اور ادیب X نے کہا') is crossed only when the phrase then reaches the
    sentence's start."""
    chosen, crossed, reached_start = [], None, True
    for position in range(bisect_right(tokens, end, key=_end) - 1, -1, -1):
        token = tokens[position]
        if token.raw_end_punct.strip() and (chosen or token.end < end - 1):
            reached_start = token.raw_end_punct.strip()[-1] in ".!?؟:۔'’\"”»"  # a comma is mid-sentence
            break
        if not chosen and words.has("pronoun", token.text):
            return token.start, token.end  # 'انہوں نے کہا': the pronoun is the whole subject
        if words.has("subject-stop", token.text) or len(chosen) >= longest:
            reached_start = False
            break
        if words.has("subject-soft-stop", token.text):
            crossed = crossed if crossed is not None else list(chosen)
        chosen.insert(0, token)
    if crossed is not None and not reached_start:
        chosen = crossed
    if chosen and (words.has("relative-pronoun", chosen[0].text) or words.has("subject-soft-stop", chosen[0].text)):
        chosen = []  # 'جس کا کہنا ہے': the speaker is the relative pronoun's antecedent, out of reach
    if not chosen or (whole_clause and not reached_start):
        return None
    return chosen[0].start, chosen[-1].end


CLAUSE_SUBJECT_MAX_WORDS = 10  # 'رئیس کمیسیون کشاورزی اتاق بازرگانی استان اردبیل'
_SENTENCE_END_PUNCT = ".!?؟:۔"


def clause_subject(tokens, verb_start: int, words, text: str):
    """Subject-first languages: the noun phrase opening the verb's clause, read forwards from the
    clause's start (after a sentence end, and after an opening 'به گزارش …،'), up to a function
    word, a time word or a comma: 'سردار X امروز در جمع اصحاب رسانه، اظهار داشت:' → سردار X."""
    verb_index = bisect_right(tokens, verb_start, key=_start) - 1
    while verb_index >= 0 and tokens[verb_index].start >= verb_start:
        verb_index -= 1
    start = verb_index + 1
    while start > 0 and not _ends_sentence(tokens[start - 1], words):
        start -= 1
    if start == 0 and tokens and not _text_starts_clause(text, tokens[0].start):
        return None  # the clause began before the tokenized window: its subject is unknown
    if start <= verb_index and words.according_re.match(text, tokens[start].start):
        while start <= verb_index and tokens[start].raw_end_punct[:1] not in ("،", ","):
            start += 1
        start += 1
    chosen = []
    for token in tokens[start:verb_index + 1]:
        if words.has("subject-stop", token.text) or words.has("source-stop", token.text) \
                or len(chosen) >= CLAUSE_SUBJECT_MAX_WORDS:
            break
        chosen.append(token)
        if (len(chosen) == 1 and words.has("pronoun", token.text)) or token.raw_end_punct.strip():
            break
    if not chosen:
        return None
    return chosen[0].start, chosen[-1].end


def _ends_sentence(token, words) -> bool:
    """Sentence punctuation ends the clause; an ellipsis after 'and' ('منزل، خودرو و...') is 'etc.'."""
    punct = token.raw_end_punct.strip()
    if punct[-1:] not in tuple(_SENTENCE_END_PUNCT):
        return False
    return not (punct.rstrip(".…") == "" and punct not in (".",) and words.has("conjunction", token.text))


def _start(token) -> int:
    return token.start


def _text_starts_clause(text: str, offset: int) -> bool:
    before = text[:offset].rstrip()
    return not before or before[-1] in _SENTENCE_END_PUNCT + "\n"
