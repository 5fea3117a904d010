"""A word and the lexicon → is it a reporting verb, what complement does it need, does that follow?"""

import re

from convert.readers.text.attributions.phrases import AFTER_VERB, ends_at_complement, ends_at_governed_preposition, with_stops


def start_of(token) -> int:
    return token.start


def is_reporting_verb(word: str, words) -> bool:
    """A verb of the lexicon, with a conjunction in front or a suffix behind (قاله، ذكرته)."""
    suffixes = sorted(words.words.words("verb-suffix"), key=len, reverse=True)
    for candidate in (word, *(word[len(c):] for c in words.words.words("conjunction") if word.startswith(c))):
        for stem in (candidate, *(candidate[:-len(x)] for x in suffixes if candidate.endswith(x))):
            if stem in words.verbs or stem + "ت" in words.verbs:
                return True
    return False


def verb_needs(word: str, words):
    """What a verb of the lexicon needs after its source, or None when the word is no such verb."""
    if word in words.verbs:
        return words.verbs[word]
    for conjunction in words.words.words("conjunction"):
        if word.startswith(conjunction) and word[len(conjunction):] in words.verbs:
            return words.verbs[word[len(conjunction):]]
    return None


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


PARENTHETICAL_REACH = 320  # 'وقال X، خلال مسيرة نظمها حزبه …، إنه': a comma-set phrase before the complement, in characters


def complement_after_parenthetical(text: str, end: int, needs: tuple) -> bool:
    """The complement stands right after a comma-set phrase that follows the subject ('وقال
    الحامدي، خلال مسيرة …، إنه لو كان'): the phrase is an adverbial, the verb still reports speech."""
    clause_needs = tuple(need for need in needs if need and not need.endswith("*"))  # not a preposition's noun
    if not clause_needs or text[end:end + 2].strip()[:1] not in ("،", ","):
        return False
    stretch = re.split(r"[.؟?!](?:\s|$)", text[end:end + PARENTHETICAL_REACH])[0]
    commas = [m.end() for m in re.finditer(r"[،,]", stretch)][1:2]  # the comma closing the phrase
    return any(complement_follows(text, end + offset, clause_needs, reach=1) for offset in commas)


def verb_rules(words, needs: tuple):
    """After a verb: the verb's own stops, plus the preposition it governs (نقل عن) or the charge (اتهم بـ)."""
    extra = []
    if any(words.has("governed-preposition", need) for need in needs):
        extra.append(ends_at_governed_preposition)
    fused = tuple(need[:-1] for need in needs if need.endswith("*"))
    if fused:
        extra.append(ends_at_complement(fused))
    return with_stops(AFTER_VERB, *extra)
