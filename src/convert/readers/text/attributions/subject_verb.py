"""Subject-verb languages (English, Hebrew): the reporting verb's subject before it, or after it.

'X said', 'X, who heads the agency, said', 'יו"ר הוועדה, ח"כ אורה נמיר (מערך), טענה', '…," said X',
'X quoted Y as saying'; Hebrew also puts the subject after the verb when an adverbial opens the
clause ('ב1984 הודיע X כי'). Words from the language's lexicon.
"""

import re
from bisect import bisect_left

from convert.readers.text.attributions.phrases import INVERTED, after_inverted_verb, source_after
from convert.readers.text.attributions.verbs import complement_follows, start_of, verb_needs, verb_rules

SVO_COMPLEMENT_REACH = 6  # 'אמר [שר האוצר] כי': the complement close after the verb
SUBJECT_PP_WORDS = 5  # 'researchers at BDO Stoy Hayward': the words a preposition may add
EN_SUBJECT_MAX_WORDS = 7  # 'the head of the regional health office said'
QUOTED_AS_REACH = 16  # 'quoted X as saying'


def subject_verb_pairs(folded, tokens, words) -> list[tuple]:
    """Subject-verb languages (English): the subject before the verb, or after it in '…," said X'."""
    pairs = []
    for index, token in enumerate(tokens):
        needs = verb_needs(token.text, words)
        if needs is None or _is_name(folded, tokens, index):
            continue
        after_quote = index > 0 and tokens[index - 1].raw_end_punct[-1:] in {'"', "”", ","}
        if needs != ("",) and not after_quote and not complement_follows(folded.text, token.end, needs,
                                                                         reach=SVO_COMPLEMENT_REACH):
            continue  # Hebrew 'אמר כי', 'אמר ש…': the verb reports speech only with its complement
        if words.has("relay-verb", token.text):
            pairs += quoted_as_saying(folded, tokens, index, words)
            continue
        source = (subject_before(tokens, index, words) or comma_set_subject(folded.text, token.start, words)
                  or comma_set_clause(folded.text, tokens, index, words))
        if source and words.inverts and _object_of_preposition(tokens, source, words):
            source = None  # 'במכתב אל השר מרידור כתב X כי': the words before the verb are whom it was written to
        if source is None and index and tokens[index - 1].raw_end_punct[-1:] in {'"', "”", ","}:
            source = inverted_subject(folded, tokens, index, words)  # '…," said X' and '…, said a source close to the probe,'
        if source is None and words.inverts:  # 'ב1984 הודיע שופט-חוקר כי'
            source = source_after(tokens, token.end, words, after_inverted_verb(verb_rules(words, needs)), folded.text)
        if source:
            pairs.append(((token.start, token.end), source))
    return pairs


def _object_of_preposition(tokens, source, words) -> bool:
    """The noun phrase before the verb follows a preposition ('אל', 'to'): it is the preposition's
    object, and the subject follows the verb."""
    index = bisect_left(tokens, source[0], key=start_of)
    return index > 0 and not tokens[index - 1].raw_end_punct and words.has("object-preposition", tokens[index - 1].text)


def _is_name(folded, tokens, index: int) -> bool:
    """'Omar Said': a capitalised verb form inside a sentence is a name (Said, Told), not the verb."""
    starts_sentence = index == 0 or tokens[index - 1].raw_end_punct[-1:] in (".", "!", "?")
    return not starts_sentence and folded.raw_text[folded.raw_index(tokens[index].start)].isupper()


COMMA_SET_REACH = 240  # 'Smith, who heads the agency, said': the clause before the verb, in characters


def comma_set_subject(text: str, verb_start: int, words):
    """The subject before a comma-set relative clause or appositive that ends right before the verb:
    'Smith, who heads the agency, said' → Smith; 'John Smith, the agency chief, told' → the whole NP."""
    relative_re, appositive_re = _comma_set_patterns(words)
    window_start = max(0, verb_start - COMMA_SET_REACH)
    relative = relative_re.search(text, window_start, verb_start)
    if relative:
        return relative.span(1)
    appositive = appositive_re.search(text, window_start, verb_start)
    return appositive.span(1) if appositive else None


def _comma_set_patterns(words) -> tuple[re.Pattern, re.Pattern]:
    return words.words.compiled("comma-set", _build_comma_set)


def _build_comma_set(v) -> tuple[re.Pattern, re.Pattern]:
    relatives = v.alternation("relative-pronoun", folded=True)
    determiners = v.alternation("determiner", folded=True)
    return (re.compile(rf"(?:^|[.;:!?]\s+|\s)((?:{_INNER_WORD}\s){{0,3}}[\w.'-]+), (?:{relatives}) [^.;:!?\"]{{1,160}}, $"),
            re.compile(rf"(?:^|[.;:!?]\s+)((?:{_INNER_WORD}\s){{0,3}}[\w.'-]+, (?:{determiners}) [^.;:!?,\"]{{1,80}}), $"))


# a word inside the subject: a sentence's last word ('MPs said. The report, which …') is not one;
# initials are ('U.S. officials, who …')
_INNER_WORD = r"(?:(?:[a-z]\.)+|[\w.'-]*[\w'-])"


COMMA_SET_MAX_WORDS = 12  # 'יו"ר הוועדה, ח"כ אורה נמיר (מערך), טענה': a name with its title


def comma_set_clause(text: str, tokens, verb_index: int, words):
    """A subject set off by commas or a parenthesis that opens the sentence and ends right before
    the verb: 'ישראל ארד, סמנכ"ל הביטוח הלאומי, אמר', 'ח"כ רן כהן (רץ) אמר'. The whole stretch from
    the sentence's start, when it is short and starts like a noun phrase."""
    if verb_index == 0 or tokens[verb_index - 1].raw_end_punct[-1:] not in (",", "،", ")"):
        return None
    start = verb_index - 1
    while start > 0 and tokens[start - 1].raw_end_punct.strip()[-1:] not in tuple(".!?;:\"”"):
        start -= 1
        if verb_index - start > COMMA_SET_MAX_WORDS:
            return None
    if start == 0 and not _clause_opens_at(text, tokens[0].start):
        return None
    first = tokens[start].text.lstrip("\"“(")
    if words.matches("not-source-start", first) or words.has("source-stop", first) or first[:1].isdigit():
        return None
    if any(words.has("auxiliary", t.text) or words.has("tense-auxiliary", t.text) for t in tokens[start:verb_index]):
        return None  # 'They could have climbed earlier, said …': a clause, not a noun phrase
    last = tokens[verb_index - 1]
    return tokens[start].start, last.end + (last.raw_end_punct[:1] == ")")


def _clause_opens_at(text: str, offset: int) -> bool:
    before = text[:offset].rstrip()
    return not before or before[-1] in ".!?;:\"”\n"


def inverted_subject(folded, tokens, verb_index: int, words):
    """The subject after the verb in '…, said X,': a noun phrase closed by punctuation, with no verb
    of its own ('…, said the plane was lost' is not one)."""
    source = source_after(tokens, tokens[verb_index].end, words, INVERTED, folded.text)
    if source is None:
        return None
    inside = tokens[bisect_left(tokens, source[0], key=start_of):bisect_left(tokens, source[1], key=start_of)]
    closed = bool(inside) and inside[-1].raw_end_punct.strip() != ""
    after_comma = tokens[verb_index - 1].raw_end_punct[-1:] == ","
    if after_comma and (not closed or any(words.has("auxiliary", t.text) for t in inside)):
        return None
    return source


def subject_before(tokens, verb_index: int, words):
    """The words before the verb back to punctuation or a conjunction ('was said' has none). A
    preposition inside the subject ('The joint committee on human rights found') is crossed only
    when the subject then reaches the start of its clause."""
    chosen, crossed, index, limit = [], None, verb_index - 1, EN_SUBJECT_MAX_WORDS
    reached_start = True
    while index >= 0:
        token = tokens[index]
        if (token.raw_end_punct and not _is_abbreviation(token)) or token.text[:1] in "\"“(" or token.text[:1].isdigit():
            break  # a number is no subject ('בשנת 1972 גילה תחקיר': the subject follows)
        # 'X later said', 'X reportedly said': an adverb between subject and verb ('-ly' is English's adverb ending)
        if not chosen and (token.text.endswith("ly") or words.has("adverb", token.text)
                           or words.has("tense-auxiliary", token.text)):
            index -= 1
            continue
        if len(chosen) >= limit or (words.matches("not-source-start", token.text)
                                    and not (chosen and words.has("subject-preposition", token.text))):
            reached_start = False
            break
        if words.has("subject-preposition", token.text):
            crossed, limit = (crossed if crossed is not None else list(chosen)), EN_SUBJECT_MAX_WORDS + SUBJECT_PP_WORDS
        chosen.insert(0, token)
        index -= 1
    if crossed is not None and not reached_start:
        chosen = crossed  # the preposition ended the subject after all
    if not chosen or words.has("auxiliary", chosen[-1].text):
        return None
    return chosen[0].start, chosen[-1].end


def _is_abbreviation(token) -> bool:
    """'E.F.', 'U.S.', 'Mr.': the period of an initial or a short title ends no clause."""
    return token.raw_end_punct == "." and ("." in token.text or (len(token.text) <= 3 and token.text[:1].isalpha()))


def quoted_as_saying(folded, tokens, index: int, words) -> list[tuple]:
    """'other media quoted X as saying': (quoted, other media) and (saying, X)."""
    pairs = []
    subject = subject_before(tokens, index, words)
    if subject:
        pairs.append(((tokens[index].start, tokens[index].end), subject))
    link = [tuple(form.split()) for form in words.words.words("relay-link")]
    for later in range(index + 1, min(index + QUOTED_AS_REACH, len(tokens) - 1)):
        if any(tuple(t.text for t in tokens[later:later + len(words_)]) == words_ for words_ in link):
            quoted = tokens[index + 1:later]
            if quoted:
                speech = tokens[later + len(link[0]) - 1]
                pairs.append(((speech.start, speech.end), (quoted[0].start, quoted[-1].end)))
            break
    return pairs
