"""Folded text and tokens → (cue, source) offset pairs, by the cue's kind and the language's word order.

- According-to phrases (بحسب، وفقا لـ، على حد تعبير، according to): the source follows; with
  ما + verb the whole phrase is the cue (وفقًا لما قاله). Urdu's کے مطابق follows its source.
- Reporting verbs, Arabic and Hebrew (verb, then subject): the subject that follows, when the
  complement the lexicon says the verb needs comes next (إن/أن, a colon, a quote).
- English (subject, then verb): the noun phrase before the verb, or after it in '…," said X';
  'X quoted Y as saying' gives two pairs.
- Persian and Urdu (subject … verb): the noun phrase before a verb followed by ':' or 'که'.
"""

import re
from bisect import bisect_left

from convert.readers.text.attributions.folding import CLOSING_PUNCT
from convert.readers.text.attributions.phrases import (SUBJECT_MAX_WORDS, AFTER_ACCORDING, AFTER_ACCORDING_VERB, AFTER_VERB, INVERTED,
                                                        ends_at_complement, ends_at_governed_preposition, is_not_speaker,
                                                        clause_subject, source_after, source_before, with_stops)

SVO_COMPLEMENT_REACH = 12  # 'X said [to the committee] that': the complement within these words
SUBJECT_PP_WORDS = 5  # 'researchers at BDO Stoy Hayward': the words a preposition may add
EN_SUBJECT_MAX_WORDS = 7  # 'the head of the regional health office said'
RELAY_REACH = 14  # 'ونقلت X عن Y قوله': the quoted speaker and قوله within these words
QUOTED_AS_REACH = 16  # 'quoted X as saying'
MARKED_SUBJECT_MAX_WORDS = 14  # 'نیپال کی دارالحکومت میں موجود … راجیش جوشی نے بتایا'
RELATIVE_REACH = 260  # 'X، الذي …، قال': the relative clause before the verb, in characters


def find_pairs(folded, tokens, words) -> list[tuple]:
    verbs = {"svo": subject_verb_pairs, "sov": subject_first_verbs}.get(words.word_order, verb_first_verbs)
    return according_pairs(folded, tokens, words) + verbs(folded, tokens, words)


def according_pairs(folded, tokens, words) -> list[tuple]:
    pairs, next_word = [], _next_word(words)
    for match in words.according_re.finditer(folded.text):
        cue = _without_conjunction(words, match.group())
        if words.has("not-according", match.group()):  # 'ليس … فحسب، بل' is "not only"
            continue
        cue_end = match.end()
        # 'وفقًا لما قاله', 'بحسب ما ذكرت', 'حسبما أفادت': the reporting verb belongs to the cue
        verb = next_word.match(folded.text, cue_end)
        joined = verb and (verb.group(1) or _ends_with_joiner(words, match.group()))
        if joined and is_reporting_verb(verb.group(2).rstrip(CLOSING_PUNCT), words):
            cue_end = verb.end(2)
        if cue in words.postpositions:  # Urdu 'X کے مطابق': the source comes first
            source = source_before(tokens, match.start(), words)
        else:
            source = source_after(tokens, cue_end, words, AFTER_ACCORDING_VERB if cue_end != match.end() else AFTER_ACCORDING,
                                  folded.text)
            if source and is_not_speaker(words, folded.text[source[0]:source[1]]):
                source = None
        if source and (cue_end != match.end() or not _in_line_with(words, cue, folded.text, source)):
            pairs.append(((match.start(), cue_end), source))
    return pairs


def _next_word(words) -> re.Pattern:
    def build(v):
        return re.compile(rf"\s*(?:((?:{v.alternation('according-joiner', folded=True)}))\s+)?(\S+)")
    return words.words.compiled("next-word", build)


def _ends_with_joiner(words, cue: str) -> bool:
    return any(cue.endswith(joiner) for joiner in words.words.words("according-joiner"))


def _without_conjunction(words, word: str) -> str:
    for conjunction in words.words.words("conjunction"):
        if word.startswith(conjunction) and word[len(conjunction):] in words.ambiguous:
            return word[len(conjunction):]
    return word


def _in_line_with(words, cue: str, text: str, source) -> bool:
    """A bare وفق/حسب (needs: source) over an indefinite common noun that is no kind of source
    ('وفق خرائط محددة' is 'in line with set maps')."""
    if cue not in words.ambiguous:
        return False
    first = text[source[0]:source[1]].split()[0]
    return not (first.startswith(("ال", '"', "«")) or words.matches("source-head", first))


def _start(token) -> int:
    return token.start


def is_reporting_verb(word: str, words) -> bool:
    """A verb of the lexicon, with a conjunction in front or a suffix behind (قاله، ذكرته)."""
    suffixes = sorted(words.words.words("verb-suffix"), key=len, reverse=True)
    for candidate in (word, *(word[len(c):] for c in words.words.words("conjunction") if word.startswith(c))):
        for stem in (candidate, *(candidate[:-len(x)] for x in suffixes if candidate.endswith(x))):
            if stem in words.verbs or stem + "ت" in words.verbs:
                return True
    return False


def verb_first_verbs(folded, tokens, words) -> list[tuple]:
    pairs, index_at = [], {token.start: index for index, token in enumerate(tokens)}
    for match in words.verb_re.finditer(folded.text):
        index = index_at.get(match.start())
        if index is None:
            continue
        token = tokens[index]
        needs = verb_needs(token.text, words)
        if needs is None or token.raw_end_punct or (index and words.has("according-joiner", tokens[index - 1].text)):
            continue
        source = source_after(tokens, token.end, words, verb_rules(words, needs), folded.text)
        if source and complement_follows(folded.text, source[1], needs):
            pairs.append(((token.start, token.end), source))
            pairs += quoted_speaker(tokens, source[1], words)
        elif source is None and complement_follows(folded.text, token.end, needs, reach=1):
            subject = relative_subject(folded.text, token.start, words)
            if subject:
                pairs.append(((token.start, token.end), subject))
    return pairs


def verb_rules(words, needs: tuple):
    """After a verb: the verb's own stops, plus the preposition it governs (نقل عن) or the charge (اتهم بـ)."""
    extra = []
    if any(words.has("governed-preposition", need) for need in needs):
        extra.append(ends_at_governed_preposition)
    fused = tuple(need[:-1] for need in needs if need.endswith("*"))
    if fused:
        extra.append(ends_at_complement(fused))
    return with_stops(AFTER_VERB, *extra)


def relative_subject(text: str, verb_start: int, words):
    """'بوزداغ، الذي كان يتحدث في مؤتمر صحفي، قال إن': the subject before a comma-set relative clause."""
    def build(v):
        relatives = v.alternation("relative-pronoun", folded=True)
        return re.compile(rf"(?:^|[.،,:]\s*)((?:[^\s،,.:\"«»]+\s){{0,3}}[^\s،,.:\"«»]+)،\s*(?:{relatives})\s[^.،]{{1,160}}،\s*$")
    match = words.words.compiled("relative-subject", build).search(text, max(0, verb_start - RELATIVE_REACH), verb_start)
    return match.span(1) if match else None


def quoted_speaker(tokens, end: int, words) -> list[tuple]:
    """'ونقلت X عن Y قوله': after the relaying source, 'عن Y قوله' makes a second pair (قوله, Y)."""
    first = bisect_left(tokens, end, key=_start)
    following = tokens[first:first + RELAY_REACH]
    if not following or not words.has("relay", following[0].text):
        return []
    for index, token in enumerate(following[2:], 2):
        if _is_speech_noun(words, token.text):
            speaker = following[1:index]
            return [((token.start, token.end), (speaker[0].start, speaker[-1].end))]
        if token.raw_end_punct:
            return []
    return []


def _is_speech_noun(words, word: str) -> bool:
    """'قوله', 'قولها': the speech noun with a pronoun clitic."""
    return any(word.endswith(c) and words.has("speech-noun", word[:-len(c)]) for c in words.words.words("pronoun-clitic"))


def verb_needs(word: str, words):
    """What a verb of the lexicon needs after its source, or None when the word is no such verb."""
    if word in words.verbs:
        return words.verbs[word]
    for conjunction in words.words.words("conjunction"):
        if word.startswith(conjunction) and word[len(conjunction):] in words.verbs:
            return words.verbs[word[len(conjunction):]]
    return None


def cue_starts(text: str, words) -> list[tuple[int, int]]:
    """Where cues may stand: every according-to phrase, and the verbs whose complement comes within
    reach (a verb-first language's verb with no إن/أن/colon/quote after it cannot pair: skip it)."""
    found = [m.span() for m in words.according_re.finditer(text)]
    for match in words.verb_re.finditer(text):
        needs = verb_needs(match.group(), words)
        if words.word_order != "vso" or needs is None or complement_follows(text, match.end(), needs, 24, 220):
            found.append(match.span())
    return sorted(found)


def complement_follows(text: str, end: int, needs: tuple, reach: int = 10, chars: int = 80) -> bool:
    """A complementizer, colon or quote the verb needs, within the next `reach` words of its sentence."""
    if needs == ("",):
        return True
    clause = re.split(r"[.؟?!](?:\s|$)", text[end:end + chars])[0]
    following = clause.split()[:reach]
    joined = " " + " ".join(w.strip("،,:") for w in following) + " "
    for need in needs:
        if need == ":" and any(":" in w for w in following):
            return True
        if need in ('"', "«", "“") and any(w.lstrip(":،,")[:1] == need for w in following):
            return True
        if need.endswith("*") and any(w.strip("،,:").startswith(need[:-1]) for w in following):
            return True  # a preposition fused to its noun: 'بالارتباط' for اتهم … بـ
        if need and need not in ':"«“' and f" {need} " in joined:
            return True
    return False


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
        if source is None and index and tokens[index - 1].raw_end_punct[-1:] in {'"', "”", ","}:
            source = inverted_subject(folded, tokens, index, words)  # '…," said X' and '…, said a source close to the probe,'
        if source is None and words.inverts:  # 'ב1984 הודיע שופט-חוקר כי'
            source = source_after(tokens, token.end, words, verb_rules(words, needs), folded.text)
        if source:
            pairs.append(((token.start, token.end), source))
    return pairs


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
    return (re.compile(rf"(?:^|[.;:!?]\s+|\s)((?:[\w.'-]+\s){{0,3}}[\w.'-]+), (?:{relatives}) [^.;:!?\"]{{1,160}}, $"),
            re.compile(rf"(?:^|[.;:!?]\s+)((?:[\w.'-]+\s){{0,3}}[\w.'-]+, (?:{determiners}) [^.;:!?,\"]{{1,80}}), $"))


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
    inside = tokens[bisect_left(tokens, source[0], key=_start):bisect_left(tokens, source[1], key=_start)]
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
        if (token.raw_end_punct and not _is_abbreviation(token)) or token.text[:1] in "\"“(":
            break
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


MARKER_REACH = 10  # 'X نے بدھ کے روز یہاں نامہ نگاروں کو بتایا': the marker within these words before the verb


def subject_marker(tokens, verb_start: int, words):
    """Where the subject marker (Urdu نے) of the verb's clause stands, or None: the nearest one
    before the verb, within reach and without a sentence end between."""
    index = bisect_left(tokens, verb_start, key=_start) - 1
    for token in reversed(tokens[max(0, index - MARKER_REACH):index + 1]):
        if token.raw_end_punct.strip()[-1:] in tuple(".!?؟:۔"):
            return None
        if words.has("subject-marker", token.text):
            return token.start
    return None


def _complement_next(text: str, end: int, needs: tuple, words, coordinated: bool = True) -> bool:
    """The verb's complement (':', 'که') follows at once, or follows a reporting verb coordinated
    with it ('X … خبر داد و گفت:': both verbs report X's words)."""
    if needs == ("",):
        return True
    after = text[end:end + 5].strip()
    if any(after.startswith(n) for n in needs if n):
        return True
    if not coordinated:
        return False
    link = re.match(rf"\s+(?:{words.words.alternation('conjunction', folded=True)})\s+", text[end:end + 8])
    verb = link and words.verb_re.match(text, end + link.end())
    if not verb:
        return False
    following = verb_needs(verb.group(), words)
    return following is not None and _complement_next(text, verb.end(), following, words, coordinated=False)


def subject_first_verbs(folded, tokens, words) -> list[tuple]:
    """Subject-first languages (Persian, Urdu): the noun phrase before the verb. A cue that marks its
    subject (Urdu 'X نے کہا', needs: marked) takes the words before it back to the clause's start;
    another one, followed by its complement (':' or 'که'), takes the noun phrase opening its clause."""
    pairs = []
    for form, needs in words.verbs.items():
        marked = "marked" in needs
        for match in re.finditer(rf"(?<!\S){re.escape(form)}(?=[\s:،,.۔]|$)", folded.text):
            if not marked and not _complement_next(folded.text, match.end(), needs, words):
                continue
            marker = None if marked else subject_marker(tokens, match.start(), words)
            if marked or marker is not None:  # 'X نے کہا', 'X نے بدھ کے روز … بتایا کہ'
                source = source_before(tokens, match.start() if marked else marker, words,
                                       longest=MARKED_SUBJECT_MAX_WORDS)
            else:
                source = clause_subject(tokens, match.start(), words, folded.text)
            if source:
                pairs.append(((match.start(), match.end()), source))
    return pairs
