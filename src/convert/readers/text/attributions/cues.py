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
from convert.readers.text.attributions.lexicon import WORD_ORDER
from convert.readers.text.attributions.phrases import EN_STOPS, source_after, source_before

_EN_ADVERBS = {"later", "also", "earlier", "then", "previously", "further", "again", "still", "once"}
_EN_AUXILIARIES = {"was", "were", "is", "are", "be", "been", "being", "has", "have", "had", "will", "would", "could",
                   "should", "may", "might", "must", "can", "did", "does", "do", "it's", "widely", "reportedly"}


def find_pairs(folded, tokens, words, lang: str) -> list[tuple]:
    order = WORD_ORDER.get(lang, "vso")
    verbs = {"svo": english_verbs, "sov": subject_first_verbs}.get(order, verb_first_verbs)
    return according_pairs(folded, tokens, words, lang) + verbs(folded, tokens, words)


_NEXT_WORD = re.compile(r"\s*(?:ما\s+)?(\S+)")


def according_pairs(folded, tokens, words, lang: str) -> list[tuple]:
    pairs = []
    for match in words.according_re.finditer(folded.text):
        if match.group() in {"فحسب"}:  # 'ليس … فحسب، بل' is "not only", not "according to"
            continue
        cue_end = match.end()
        # 'وفقًا لما قاله', 'بحسب ما ذكرت', 'حسبما أفادت': the reporting verb belongs to the cue
        verb = _NEXT_WORD.match(folded.text, cue_end)
        if verb and (verb.group().lstrip().startswith("ما") or match.group().endswith("ما")) \
                and is_reporting_verb(verb.group(1).rstrip(CLOSING_PUNCT), words):
            cue_end = verb.end(1)
        if lang == "ur":
            source = source_before(tokens, match.start())
        else:  # with a verb in the cue ('وفقا لما ذكره X لـCNN') an addressee can follow the source
            source = source_after(tokens, cue_end, stop_at_addressee=cue_end != match.end(), according=True)
        if source and (cue_end != match.end() or not _ambiguous_preposition(match.group(), folded.text, source)):
            pairs.append(((match.start(), cue_end), source))
    return pairs


# 'وفق'/'حسب' alone also mean "in line with" ('وفق خرائط محددة'): then the source must look like one
_AMBIGUOUS = {"وفق", "ووفق", "فوفق", "حسب", "وحسب", "فحسب"}
_SOURCE_HEADS = re.compile(r"^(?:مصدر|مصادر|تقرير|تقارير|بيان|وكال|صحيف|مشروع|موقع|قنا|شبك|منظم|وزار|مسؤول|خبراء|"
                           r"دراس|استطلاع|احصاء|معطيات|بيانات|رواي|مكتب|هيئ|مركز|مرصد|قول|تصريح|شهود)")


def _ambiguous_preposition(cue: str, text: str, source) -> bool:
    """True when a bare وفق/حسب heads an indefinite common noun that is no kind of source."""
    if cue not in _AMBIGUOUS:
        return False
    first = text[source[0]:source[1]].split()[0]
    return not (first.startswith(("ال", '"', "«")) or _SOURCE_HEADS.match(first))


def _start(token) -> int:
    return token.start


def is_reporting_verb(word: str, words) -> bool:
    """A verb of the lexicon, with و/ف in front or an object clitic behind (قاله، ذكرته)."""
    for candidate in (word, re.sub(r"^[وف]", "", word)):
        for stem in (candidate, re.sub(r"(ته|تها|ه|ها|وا)$", "", candidate)):
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
        if needs is None or token.raw_end_punct or (index and tokens[index - 1].text in {"ما", "حسبما"}):
            continue
        governed = bool({"عن", "علي", "من"} & set(needs))
        source = source_after(tokens, token.end, stop_at_addressee=True, stop_at_governed=governed,
                              after_verb=True, stop_at_b=any(need.endswith("*") for need in needs))
        if source and complement_follows(folded.text, source[1], needs):
            pairs.append(((token.start, token.end), source))
            pairs += quoted_speaker(tokens, source[1])
        elif source is None and complement_follows(folded.text, token.end, needs, reach=1):
            subject = relative_subject(folded.text, token.start)
            if subject:
                pairs.append(((token.start, token.end), subject))
    return pairs


_RELATIVE_SUBJECT = re.compile(
    r"(?:^|[.،,:]\s*)((?:[^\s،,.:\"«»]+\s){0,3}[^\s،,.:\"«»]+)،\s*(?:الذي|التي|الذين)\s[^.،]{1,160}،\s*$")


def relative_subject(text: str, verb_start: int):
    """'بوزداغ، الذي كان يتحدث في مؤتمر صحفي، قال إن': the subject before a comma-set relative clause."""
    match = _RELATIVE_SUBJECT.search(text, max(0, verb_start - 260), verb_start)
    return match.span(1) if match else None


def quoted_speaker(tokens, end: int) -> list[tuple]:
    """'ونقلت X عن Y قوله': after the relaying source, 'عن Y قوله' makes a second pair (قوله, Y)."""
    first = bisect_left(tokens, end, key=_start)
    following = tokens[first:first + 14]
    if not following or following[0].text != "عن":
        return []
    for index, token in enumerate(following[2:], 2):
        if re.fullmatch(r"قول(?:ه|ها|هم|هما)", token.text):
            speaker = following[1:index]
            return [((token.start, token.end), (speaker[0].start, speaker[-1].end))]
        if token.raw_end_punct:
            return []
    return []


def verb_needs(word: str, words):
    for candidate in (word, word[1:] if word[:1] in "وف" else None):
        if candidate and candidate in words.verbs:
            return words.verbs[candidate]
    return None


def cue_starts(text: str, words, lang: str) -> list[tuple[int, int]]:
    """Where cues may stand: every according-to phrase, and the verbs whose complement comes within
    reach (a verb-first language's verb with no إن/أن/colon/quote after it cannot pair: skip it)."""
    found = [m.span() for m in words.according_re.finditer(text)]
    for match in words.verb_re.finditer(text):
        needs = verb_needs(match.group(), words)
        if WORD_ORDER.get(lang) != "vso" or needs is None or complement_follows(text, match.end(), needs, 24, 220):
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


def english_verbs(folded, tokens, words) -> list[tuple]:
    pairs = []
    for index, token in enumerate(tokens):
        if token.text not in words.verbs or _is_name(folded, tokens, index):
            continue
        if token.text == "quoted":
            pairs += quoted_as_saying(folded, tokens, index)
            continue
        source = english_subject(folded, tokens, index) or comma_set_subject(folded.text, token.start)
        if source is None and index and tokens[index - 1].raw_end_punct[-1:] in {'"', "”", ","}:
            source = inverted_subject(tokens, index)  # '…," said X' and '…, said a source close to the probe,'
        if source:
            pairs.append(((token.start, token.end), source))
    return pairs


def _is_name(folded, tokens, index: int) -> bool:
    """'Omar Said': a capitalised verb form inside a sentence is a name (Said, Told), not the verb."""
    starts_sentence = index == 0 or tokens[index - 1].raw_end_punct[-1:] in (".", "!", "?")
    return not starts_sentence and folded.raw_text[folded.raw_index(tokens[index].start)].isupper()


# 'Smith, who heads the agency, said' → Smith; 'John Smith, the agency chief, told' → the whole NP
_EN_RELATIVE = re.compile(r"(?:^|[.;:!?]\s+|\s)((?:[\w.'-]+\s){0,3}[\w.'-]+), (?:who|which) [^.;:!?\"]{1,160}, $")
_EN_APPOSITIVE = re.compile(r"(?:^|[.;:!?]\s+)((?:[\w.'-]+\s){0,3}[\w.'-]+, (?:the|a|an|its|his|her|their) [^.;:!?,\"]{1,80}), $")


def comma_set_subject(text: str, verb_start: int):
    """The subject before a comma-set relative clause or appositive that ends right before the verb."""
    window_start = max(0, verb_start - 240)
    relative = _EN_RELATIVE.search(text, window_start, verb_start)
    if relative:
        return relative.span(1)
    appositive = _EN_APPOSITIVE.search(text, window_start, verb_start)
    return appositive.span(1) if appositive else None


def inverted_subject(tokens, verb_index: int):
    """The subject after the verb in '…, said X,': a noun phrase closed by punctuation, with no verb
    of its own ('…, said the plane was lost' is not one)."""
    source = source_after(tokens, tokens[verb_index].end, stop_at_addressee=False)
    if source is None:
        return None
    inside = tokens[bisect_left(tokens, source[0], key=_start):bisect_left(tokens, source[1], key=_start)]
    closed = bool(inside) and inside[-1].raw_end_punct.strip() != ""
    after_comma = tokens[verb_index - 1].raw_end_punct[-1:] == ","
    if after_comma and (not closed or any(t.text in _EN_AUXILIARIES for t in inside)):
        return None
    return source


def english_subject(folded, tokens, verb_index: int):
    """The words before the verb back to punctuation or a conjunction ('was said' has none)."""
    chosen, index = [], verb_index - 1
    while index >= 0 and len(chosen) < 7:
        token = tokens[index]
        if token.raw_end_punct or token.text[:1] in "\"“(":
            break
        if not chosen and (token.text.endswith("ly") or token.text in _EN_ADVERBS):
            index -= 1
            continue
        if token.text in EN_STOPS:
            break
        chosen.insert(0, token)
        index -= 1
    if not chosen or chosen[-1].text in _EN_AUXILIARIES:
        return None
    return chosen[0].start, chosen[-1].end


def quoted_as_saying(folded, tokens, index: int) -> list[tuple]:
    """'other media quoted X as saying': (quoted, other media) and (saying, X)."""
    pairs = []
    subject = english_subject(folded, tokens, index)
    if subject:
        pairs.append(((tokens[index].start, tokens[index].end), subject))
    for later in range(index + 1, min(index + 16, len(tokens) - 1)):
        if tokens[later].text == "as" and tokens[later + 1].text == "saying":
            quoted = tokens[index + 1:later]
            if quoted:
                pairs.append(((tokens[later + 1].start, tokens[later + 1].end), (quoted[0].start, quoted[-1].end)))
            break
    return pairs


def subject_first_verbs(folded, tokens, words) -> list[tuple]:
    pairs = []
    for form, needs in words.verbs.items():
        for match in re.finditer(rf"(?<!\S){re.escape(form)}(?=\s*[:،]|\s+که|\s*$)", folded.text):
            after = folded.text[match.end():match.end() + 5].strip()
            if needs != ("",) and not any(after.startswith(n) for n in needs if n):
                continue
            source = source_before(tokens, match.start(), whole_clause=True)
            if source:
                pairs.append(((match.start(), match.end()), source))
    return pairs
