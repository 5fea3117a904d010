"""lexicon/<lang>.tsv → a Lexicon: according-to phrases, reporting verbs and the complements they need.

The lexicons are data (documented in lexicon/README.md) so a user can extend them; each is
loaded once and matched in its folded form.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from convert.readers.text.attributions.folding import Folded

OBJECT_CLITICS = ("ه", "ها", "هم", "هما", "هن")
# Where the source stands: after the verb (Arabic, Hebrew), before it (English, Persian, Urdu).
LEXICON_DIR = Path(__file__).resolve().parents[1] / "lexicon"  # a plain folder of the installed package
WORD_ORDER = {"ar": "vso", "he": "vso", "en": "svo", "fa": "sov", "ur": "sov"}


@dataclass(frozen=True)
class Lexicon:
    verbs: dict  # folded form → tuple of folded complements it needs ('' = anything)
    according_re: re.Pattern  # any according-to phrase, with و/ف in front
    verb_re: re.Pattern  # any reporting verb, with و/ف in front


@lru_cache(maxsize=None)
def lexicon(lang: str) -> Lexicon | None:
    """The lexicon of a language (lexicon/<lang>.tsv), or None when there is none."""
    path = LEXICON_DIR / f"{lang}.tsv"
    if not path.is_file():
        return None
    according, verbs = [], {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, form, needs = (line.split("\t") + ["", ""])[:3]
        needs_forms = tuple(Folded(n).text for n in needs.split("|")) if needs else ("",)
        for variant in form.split("|"):
            folded = Folded(variant.strip().rstrip("+")).text
            if kind == "according":
                according.append(folded)
                continue
            verbs[folded] = needs_forms
            if variant.strip().endswith("+"):  # the verb may carry an object pronoun: تتهم+ها
                verbs.update({folded + clitic: needs_forms for clitic in OBJECT_CLITICS})
    according = sorted(according, key=len, reverse=True)
    phrases = "|".join(re.escape(f).replace(r"\ ل", r"\s*ل") + ("" if f.endswith(" ل") else r"(?=[\s،,:]|$)")
                       for f in according)
    according_re = re.compile(rf"(?<![^\s\"«(])[وف]?(?:{phrases})" if phrases else r"(?!x)x")
    forms = "|".join(re.escape(f) for f in sorted(verbs, key=len, reverse=True))
    verb_re = rf"(?<!\S)[وف]?(?:{forms})(?=[\s،,.:;\"«“]|$)" if forms else ""
    return Lexicon(verbs, according_re, re.compile(verb_re or r"(?!x)x"))
