"""Folded text and tokens → (cue, source) offset pairs, by the cue's kind and the language's word order.

- According-to phrases (بحسب، وفقا لـ، على حد تعبير، according to): the source follows; with
  ما + verb the whole phrase is the cue (وفقًا لما قاله). Urdu's کے مطابق follows its source.
- Reporting verbs, Arabic (verb, then subject): the subject that follows, when the
  complement the lexicon says the verb needs comes next (إن/أن, a colon, a quote).
- English and Hebrew (subject, then verb): subject_verb.py.
- Persian and Urdu (subject … verb): the noun phrase before a verb followed by ':' or 'که'.
"""

import re
from bisect import bisect_left

from convert.readers.text.attributions.folding import CLOSING_PUNCT
from convert.readers.text.attributions.phrases import (AFTER_ACCORDING, AFTER_ACCORDING_VERB, clause_subject,
                                                        is_not_speaker, source_after, source_before)
from convert.readers.text.attributions.subject_verb import subject_verb_pairs
from convert.readers.text.attributions.verbs import (complement_after_parenthetical, complement_follows,
                                                      is_reporting_verb, start_of, verb_needs, verb_rules)

RELAY_REACH = 14  # 'ونقلت X عن Y قوله': the quoted speaker and قوله within these words
MARKED_SUBJECT_MAX_WORDS = 14  # 'نیپال کی دارالحکومت میں موجود … راجیش جوشی نے بتایا'
RELATIVE_REACH = 260  # 'X، الذي …، قال': the relative clause before the verb, in characters


def find_pairs(folded, tokens, words) -> list[tuple]:
    verbs = {"svo": subject_verb_pairs, "sov": subject_first_verbs}.get(words.word_order, verb_first_verbs)
    pairs = according_pairs(folded, tokens, words) + verbs(folded, tokens, words) + document_pairs(folded, words)
    return [pair for pair in pairs if not is_noun_compound(folded.text, pair[0][0], words)
            and not is_bare_determiner(folded.text, pair[1], words)]


def is_bare_determiner(text: str, source: tuple, words) -> bool:
    """'The report claims': a source that is only an article is no noun phrase; the verb form was
    the noun it determines ('The added costs', 'the note')."""
    return words.has("determiner", text[source[0]:source[1]].strip())


DOCUMENT_MAX_CHARS = 60  # 'در ادامه اين بيانيه': the document named between در and the verb


def document_pairs(folded, words) -> list[tuple]:
    """'در این بیانیه آمده است:' (it is stated in this statement): a clause that opens with the
    document's preposition and ends in a verb of being written, followed by its complement; the
    source is the document between them."""
    return [(match.span(2), match.span(1)) for match in _document_re(words).finditer(folded.text)]


def _document_re(words) -> re.Pattern:
    def build(v):
        preposition, verb = v.alternation("document-preposition", folded=True), v.alternation("document-verb", folded=True)
        return re.compile(rf"(?:^|(?<=[.:!?؟۔،]\s))(?:{preposition})\s+([^.:!?؟۔،\n]{{2,{DOCUMENT_MAX_CHARS}}}?)\s+"
                          rf"({verb})(?=\s*(?::|(?:{v.alternation('complementizer', folded=True)})\s))")
    return words.words.compiled("document-verb", build)


def is_noun_compound(text: str, cue_start: int, words) -> bool:
    """The verb form opens a noun compound ('כתב אישום' an indictment, 'כתב העת' the journal): no cue."""
    def build(v):
        conjunctions = v.alternation("conjunction", folded=True)
        return re.compile(rf"(?:{conjunctions})?(?:{v.alternation('not-verb', folded=True)})(?=[\s،,.:;\"]|$)")
    return bool(words.words.compiled("not-verb", build).match(text, cue_start))


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
        fronted = copula_subject(tokens, index, words)
        if fronted and complement_follows(folded.text, token.end, needs, reach=COPULA_COMPLEMENT_REACH):
            pairs.append(((token.start, token.end), fronted))  # 'وكان الملك عبد الله قد حذر من أن'
            continue
        source = source_after(tokens, token.end, words, verb_rules(words, needs), folded.text)
        if source and (complement_follows(folded.text, source[1], needs)
                       or complement_after_parenthetical(folded.text, source[1], needs)):
            pairs.append(((token.start, token.end), source))
            pairs += quoted_speaker(tokens, source[1], words)
        elif source is None and complement_follows(folded.text, token.end, needs, reach=1):
            subject = relative_subject(folded.text, token.start, words)
            if subject:
                pairs.append(((token.start, token.end), subject))
    return pairs


COPULA_SUBJECT_MAX_WORDS = 8  # 'وكان الرئيس الأميركي دونالد ترمب قد قال'
COPULA_COMPLEMENT_REACH = 4  # 'وكانت وزارة العمل أعلنت عام 2013 أن': a time adverbial before the complement


def copula_subject(tokens, verb_index: int, words):
    """'وكان X قد قال إن', 'وكانت وزارة العمل أعلنت أن': the past perfect puts the subject between
    كان and the verb (and its قد)."""
    particle = verb_index > 0 and words.has("perfect-particle", tokens[verb_index - 1].text)
    end = verb_index - 1 - particle
    for start in range(end, max(-1, end - 1 - COPULA_SUBJECT_MAX_WORDS), -1):
        token = tokens[start]
        if _is_copula(words, token.text):
            # without قد only a clause that opens with the copula ('وكانت وزارة العمل أعلنت أن'):
            # 'التي كانت تقول' is a copula with a verb, no subject between
            opens = particle or token.text != _without_conjunction_prefix(words, token.text) or start == 0 \
                or tokens[start - 1].raw_end_punct.strip()[-1:] in tuple(".!?؟:")
            subject = tokens[start + 1:end + 1]
            if not subject or not opens or words.matches("not-source-start", subject[0].text) \
                    or any(is_reporting_verb(t.text, words) or words.has("perfect-particle", t.text)
                           or words.has("relative-pronoun", t.text) for t in subject):
                return None
            return subject[0].start, subject[-1].end
        if token.raw_end_punct.strip():
            return None
    return None


def _without_conjunction_prefix(words, word: str) -> str:
    return next((word[len(c):] for c in words.words.words("conjunction") if word.startswith(c)), word)


def _is_copula(words, word: str) -> bool:
    return words.has("copula", word) or any(word.startswith(c) and words.has("copula", word[len(c):])
                                             for c in words.words.words("conjunction"))


def relative_subject(text: str, verb_start: int, words):
    """'بوزداغ، الذي كان يتحدث في مؤتمر صحفي، قال إن': the subject before a comma-set relative clause."""
    def build(v):
        relatives = v.alternation("relative-pronoun", folded=True)
        return re.compile(rf"(?:^|[.،,:]\s*)((?:[^\s،,.:\"«»]+\s){{0,3}}[^\s،,.:\"«»]+)،\s*(?:{relatives})\s[^.،]{{1,160}}،\s*$")
    match = words.words.compiled("relative-subject", build).search(text, max(0, verb_start - RELATIVE_REACH), verb_start)
    return match.span(1) if match else None


def quoted_speaker(tokens, end: int, words) -> list[tuple]:
    """'ونقلت X عن Y قوله': after the relaying source, 'عن Y قوله' makes a second pair (قوله, Y)."""
    first = bisect_left(tokens, end, key=start_of)
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


def cue_starts(text: str, words) -> list[tuple[int, int]]:
    """Where cues may stand: every according-to phrase, and the verbs whose complement comes within
    reach (a verb-first language's verb with no إن/أن/colon/quote after it cannot pair: skip it)."""
    found = [m.span() for m in words.according_re.finditer(text)] + [m.span(2) for m in _document_re(words).finditer(text)]
    for match in words.verb_re.finditer(text):
        needs = verb_needs(match.group(), words)
        if words.word_order != "vso" or needs is None or complement_follows(text, match.end(), needs, 24, 220) \
                or _parenthetical_within_reach(text, match.end(), needs):
            found.append(match.span())
    return sorted(found)


def _parenthetical_within_reach(text: str, end: int, needs: tuple) -> bool:
    """A comma within a few words of the verb (after its subject) opening a comma-set phrase that
    the complement follows."""
    comma = re.search(r"[،,]", text[end:end + 60])
    return bool(comma) and complement_after_parenthetical(text, end + comma.start(), needs)


MARKER_REACH = 14  # 'X نے بدھ کے روز یہاں نامہ نگاروں کو بتایا': the marker within these words before the verb


def subject_marker(tokens, verb_start: int, words):
    """Where the subject marker (Urdu نے) of the verb's clause stands, or None: the nearest one
    before the verb, within reach and without a sentence end between."""
    index = bisect_left(tokens, verb_start, key=start_of) - 1
    for token in reversed(tokens[max(0, index - MARKER_REACH):index + 1]):
        if token.raw_end_punct.strip()[-1:] in tuple(".!?؟:۔"):
            return None
        if words.has("subject-marker", token.text):
            return token.start
    return None


RELATIVE_CLAUSE_WORDS = 16  # 'ارجن رامپال جو ویب سیریز … آئے ہوئے تھے، نے': the relative clause, in words


def antecedent_before(tokens, end: int, words):
    """'X جو … آئے ہوئے تھے، نے بتایا': a comma-closed relative clause stands between the subject
    and its marker; the subject is the relative pronoun's antecedent."""
    index = bisect_left(tokens, end, key=start_of) - 1
    if index < 0 or tokens[index].raw_end_punct.strip()[-1:] not in ("،", ","):
        return None
    for position in range(index, max(-1, index - RELATIVE_CLAUSE_WORDS), -1):
        token = tokens[position]
        if position < index and token.raw_end_punct.strip()[-1:] in tuple(".!?؟:۔"):
            return None
        if words.has("relative-pronoun", token.text):
            return source_before(tokens, token.start, words, longest=MARKED_SUBJECT_MAX_WORDS)
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
                end = match.start() if marked else marker
                source = source_before(tokens, end, words, longest=MARKED_SUBJECT_MAX_WORDS) \
                    or antecedent_before(tokens, end, words)
            else:
                source = clause_subject(tokens, match.start(), words, folded.text)
            if source:
                pairs.append(((match.start(), match.end()), source))
    return pairs
