"""lexicon/<lang>.tsv (with lexicon/common.tsv) → a Vocabulary: the words of each kind, as data.

The reader's code holds mechanisms; every word it looks for lives in these files (documented in
lexicon/README.md), so an editor extends a language without touching code. A language's file is
read the first time an article in that language needs it, and only then.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from convert.readers.text.attributions.folding import fold, strip_marks

# plain files of the installed package (importlib.resources would cost every start-up its imports)
LEXICON_FOLDER = Path(__file__).resolve().parent / "lexicon"

# kind → what its forms are; a row of another kind is a typo, and an error
KINDS = {
    # attributions
    "according": "an according-to phrase; the source follows (or, in Urdu, precedes) it",
    "verb": "a reporting verb; `needs`: what must follow its source (`marked`: the cue marks its subject, as Urdu نے)",
    "word-order": "svo, vso or sov: where a reporting verb's subject stands",
    "conjunction": "a conjunction written fused to the next word (و، ف، ו)",
    "source-stop": "a word that ends a source noun phrase",
    "not-source-start": "a word a source never starts with (particles, pronouns, verbal nouns)",
    "verb-subject-stop": "after a verb, a preposition that ends its subject",
    "statement-noun": "'in a statement': after في, ends the source",
    "not-speaker": "a noun that makes an according-to phrase mean 'in line with' (a law, a plan)",
    "article-prefix": "an article or preposition fused to a noun (ال، لل، ل; Hebrew ה): stripped before a noun is looked up as a not-speaker",
    "source-head": "with a bare وفق/حسب, the noun a real source starts with (prefix*)",
    "not-verb": "a reporting verb's form with the word after it that together are a noun ('כתב אישום', 'قدر كبير'): no cue",
    "not-according": "a form the according-to pattern matches that is no cue (فحسب 'only')",
    "addressee": "the start of an addressee, not a speaker ('للصحفيين'; prefix*)",
    "governed-preposition": "a preposition a verb governs (نقل عن): ends the source",
    "relative-pronoun": "a relative pronoun: the source is its antecedent",
    "pronoun": "a personal pronoun: a source that is one ends there ('به گفته وی')",
    "pronoun-clitic": "a pronoun suffix (قاله، تعبيره)",
    "clitic-speaker-noun": "a noun whose pronoun suffix is the only speaker (على حد تعبيره)",
    "verb-suffix": "a suffix a reporting verb may carry (قاله، ذكرته)",
    "according-joiner": "ما joining an according-to phrase to its verb (وفقا لما قاله)",
    "relay": "'نقل X عن Y قوله': the preposition before the quoted speaker",
    "speech-noun": "'قوله': the noun of the quoted speaker's words (with a pronoun clitic)",
    "relay-verb": "'X quoted Y as saying': the relaying verb",
    "relay-link": "'as saying': the words between the quoted speaker and the speech",
    "complementizer": "إن/أن/that: may stand between an attribution and its quote",
    "adverb": "an adverb between a subject and its verb ('later said')",
    "auxiliary": "a passive auxiliary: 'was said' has no speaker",
    "tense-auxiliary": "a tense or modal auxiliary: 'X has said', the subject stands before it",
    "determiner": "an article opening an appositive ('John Smith, the agency chief, said')",
    "copula": "verb-first languages: the copula of a past perfect that puts the subject before the verb ('وكان X قد قال')",
    "perfect-particle": "the particle between that subject and the verb ('قد')",
    "document-verb": "a verb of being stated in a document ('در X آمده است:'): the source is the document",
    "document-preposition": "the preposition opening that clause before the document (در)",
    "subject-marker": "a postposition marking the subject of a bare reporting verb further on (Urdu نے)",
    "object-preposition": "subject-verb languages that invert: a preposition whose object the words before the verb are ('אל השר כתב X')",
    "subject-preposition": "a preposition inside a subject read back to its clause's start ('committee on human rights')",
    "subject-soft-stop": "subject-first languages: a word inside a subject that starts its sentence, else its end",
    "subject-stop": "subject-first languages: a function word that ends the subject, read backwards",
    # structure
    "agency": "a news agency's name, alone or in a list, as an end credit",
    "agency-word": "a word naming an agency before its name ('خبرگزاری فارس:' opening the lead is a dateline)",
    "link-opener": "opens a link to another story in a title-shaped line ('شاهد..', 'Watch:')",
    "credit": "opens a reporting credit ('Reporting by'); `needs` ( : only inside parentheses",
    "credit-closer": "ends a credit line ('contributed to this report')",
    "marker": "an end marker line (Reuter, ENDS, انتهى)",
    "copyright": "a copyright phrase",
    "caption": "opens a photo caption when a colon follows ('Photo:')",
    "photo-credit": "ends a short photo-credit line under a picture ('شٹر اسٹاک فوٹو', 'AFP file photo')",
    "caption-count": "'1 of 18.': the word between the numbers of a slide-show caption",
    "continued": "a 'continued' marker line ((جاری ہے))",
    "related": "opens a related-story line when a colon or dash follows ('Read more:')",
    "promo": "a promo phrase anywhere in a short line ('click here')",
    "lede-report": "a reported-speech phrase with its complementizer: a sentence of the story, never a title ('نے کہا ہے کہ')",
    "byline": "opens a byline ('By', 'بقلم')",
    "byline-title": "ends a byline line ('AP Business Writer')",
    "end-label": "a label alone on its line that opens the trailing author notes or sources ('Authors:', 'منابع:')",
    "section-label": "a label alone on its line that heads the text below it ('Abstract:', 'چکیده:')",
    "continuation": "opens a paragraph that continues the story (و، ثم): it follows no subheading",
    "mid-sentence": "a word that never opens a sentence (a postposition, an auxiliary, a relative pronoun): a line opening with it carries on the sentence of the line before",
    "topic-stop": "a function word that names no topic: left out when a subheading's words are compared with its paragraph's",
    "clitic-prefix": "a prefix stripped before comparing words (ال، وال)",
    "versus": "compares two figures in a results table ('Net 55.7 mln vs 56.5 mln'): such a line is no title",
    "month": "a month name, in datelines",
}


@dataclass(frozen=True)
class Row:
    kind: str
    forms: tuple[str, ...]
    needs: tuple[str, ...]
    gloss: str


class Vocabulary:
    """The rows of one language (and the common file), with the views the rules need."""

    def __init__(self, lang: str, rows: list[Row]):
        self.lang, self.rows = lang, rows
        self._cache: dict = {}

    def forms(self, kind: str) -> tuple[str, ...]:
        """The forms of a kind as written (without harakat), in file order, each once."""
        key = ("forms", kind)
        if key not in self._cache:
            self._cache[key] = tuple(dict.fromkeys(f for row in self.rows if row.kind == kind for f in row.forms))
        return self._cache[key]

    def words(self, kind: str) -> frozenset:
        """The forms of a kind, folded (alef variants, ى/ة, lower case), for matching folded text."""
        cached = self._cache.get(("words", kind))
        if cached is not None:
            return cached
        key = ("words", kind)
        if key not in self._cache:
            self._cache[key] = frozenset(fold(f.rstrip("*")) for f in self.forms(kind))
        return self._cache[key]

    def first(self, kind: str, default: str = "") -> str:
        forms = self.forms(kind)
        return forms[0] if forms else default

    def alternation(self, kind: str, folded: bool = False) -> str:
        """A regular-expression alternation of the kind's forms, longest first; never matches when empty."""
        key = ("alternation", kind, folded)
        if key not in self._cache:
            forms = sorted({fold(f) if folded else f for f in self.forms(kind)}, key=len, reverse=True)
            self._cache[key] = "|".join(re.escape(f) for f in forms) or r"(?!x)x"
        return self._cache[key]

    def compiled(self, name: str, build) -> re.Pattern:
        """A pattern the rules build from this vocabulary, built once: build(self) → pattern."""
        key = ("compiled", name)
        if key not in self._cache:
            self._cache[key] = build(self)
        return self._cache[key]

    def matcher(self, kind: str):
        """word → True when it is a form of the kind (a form ending in * is a prefix); folded words."""
        key = ("matcher", kind)
        if key not in self._cache:
            exact = {fold(f) for f in self.forms(kind) if not f.endswith("*")}
            prefixes = tuple(fold(f[:-1]) for f in self.forms(kind) if f.endswith("*"))
            self._cache[key] = lambda word: word in exact or (bool(prefixes) and word.startswith(prefixes))
        return self._cache[key]

    def needs(self, kind: str) -> dict[str, tuple[str, ...]]:
        """form → its `needs` values, for the rows of a kind."""
        return {form: row.needs for row in self.rows if row.kind == kind for form in row.forms}


def read_rows(text: str, source: str) -> list[Row]:
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, form, needs, gloss = (line.split("\t") + ["", "", ""])[:4]
        if kind not in KINDS:
            raise ValueError(f"{source}:{number}: unknown kind {kind!r}; kinds are listed in lexicon/README.md")
        forms = tuple(strip_marks(f.strip()) for f in form.split("|") if f.strip())
        rows.append(Row(kind, forms, tuple(n for n in needs.split("|") if n) if needs else (), gloss))
    return rows


def _file_rows(name: str) -> list[Row]:
    path = LEXICON_FOLDER / f"{name}.tsv"
    if not path.is_file():
        return []
    if name not in _LOADED:
        _LOADED.append(name)
    return read_rows(path.read_text(encoding="utf-8"), f"lexicon/{name}.tsv")


def has_lexicon(lang: str) -> bool:
    return (LEXICON_FOLDER / f"{lang}.tsv").is_file()


_LOADED: list[str] = []  # the lexicon files read so far in this process, in order


def loaded() -> tuple[str, ...]:
    """The lexicon files read so far (a language's file is read only when an article needs it)."""
    return tuple(_LOADED)


@lru_cache(maxsize=None)
def vocabulary(lang: str) -> Vocabulary:
    """The vocabulary of a language (its primary subtag): lexicon/<lang>.tsv after lexicon/common.tsv."""
    primary = lang.split("-")[0].lower()
    return Vocabulary(primary, _file_rows("common") + (_file_rows(primary) if primary != "common" else []))
