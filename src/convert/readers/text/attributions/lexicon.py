"""A language's vocabulary (lexicon/<lang>.tsv) → a Lexicon: the attribution words, compiled.

Every word the attribution rules look for is a row of the language's lexicon file (documented in
lexicon/README.md), loaded the first time an article in that language needs it; matched in its
folded form (folding.py).
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from convert.readers.text.attributions.folding import fold
from convert.readers.text.vocabulary import Vocabulary, has_lexicon, vocabulary


@dataclass(frozen=True)
class Lexicon:
    lang: str
    word_order: str  # 'svo', 'vso' or 'sov': where a reporting verb's subject stands
    inverts: bool  # an svo language whose subject also follows the verb (a second word-order 'vso')
    verbs: dict  # folded form → tuple of folded complements it needs ('' = anything)
    according_re: re.Pattern  # any according-to phrase, with a conjunction in front
    verb_re: re.Pattern  # any reporting verb, with a conjunction in front
    ambiguous: frozenset  # according-to forms that also mean 'in line with' (needs: source)
    postpositions: frozenset  # according-to forms that follow their source (needs: before)
    words: Vocabulary  # every other kind, by name (stops, particles, addressees, …)

    def has(self, kind: str, word: str) -> bool:
        return word in self.words.words(kind)

    def matches(self, kind: str, word: str) -> bool:
        """Exact forms and prefix* forms of a kind."""
        return self.words.matcher(kind)(word)


@lru_cache(maxsize=None)
def lexicon(lang: str) -> Lexicon | None:
    """The lexicon of a language, or None when the language has no lexicon file."""
    if not has_lexicon(lang):
        return None
    v = vocabulary(lang)
    conjunctions = v.alternation("conjunction", folded=True)
    clitics = tuple(fold(c) for c in v.forms("pronoun-clitic"))
    verbs, ambiguous, postpositions = {}, set(), set()
    for row in v.rows:
        if row.kind != "verb":
            continue
        needs = tuple(fold(n) for n in row.needs) or ("",)
        for form in row.forms:
            folded = fold(form.rstrip("+"))
            verbs[folded] = needs
            if form.endswith("+"):  # the verb may carry an object pronoun: تتهم+ها
                verbs.update({folded + clitic: needs for clitic in clitics})
    according = sorted({fold(f) for f in v.forms("according")}, key=len, reverse=True)
    for row in v.rows:
        if row.kind == "according" and "source" in row.needs:
            ambiguous.update(fold(f) for f in row.forms)
        if row.kind == "according" and "before" in row.needs:
            postpositions.update(fold(f) for f in row.forms)
    phrases = "|".join(re.escape(f).replace(r"\ ل", r"\s*ل") + ("" if f.endswith(" ل") else r"(?=[\s،,:]|$)")
                       for f in according)
    according_re = rf"(?<![^\s\"«(])(?:{conjunctions})?(?:{phrases})" if phrases else r"(?!x)x"
    forms = "|".join(re.escape(f) for f in sorted(verbs, key=len, reverse=True))
    verb_re = rf"(?<!\S)(?:{conjunctions})?(?:{forms})(?=[\s،,.:;\"«“]|$)" if forms else r"(?!x)x"
    orders = v.forms("word-order")
    return Lexicon(lang, orders[0] if orders else "vso", "vso" in orders[1:], verbs, re.compile(according_re), re.compile(verb_re),
                   frozenset(ambiguous), frozenset(postpositions), v)
