"""Paragraph text → attribution spans (cue + source) and direct-quotation spans.

Written here rather than taken from a library: no maintained package tags attribution cues and
sources in Arabic, Persian, Urdu or Hebrew (English tools such as PARC-trained models need
weights and an English parser). The rules are small and precision-first — an editor forgives a
missed attribution more than a wrong one: a reporting verb counts only with an overt source and
the complement its lexicon row `needs` (إن/أن, a colon, a quote), so look-alikes such as
"وتشير هذه المناقشات إلى" are left alone. Words live in lexicon/*.tsv, matched on a folded form
(no harakat or tatweel, alef variants folded) whose offsets map back to the raw text, so the
XML holds exactly the original characters.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from convert.document import names
from convert.document.build import Span

WORD_ORDER = {"ar": "vso", "he": "vso", "en": "svo", "fa": "sov", "ur": "sov"}
MAX_SOURCE_WORDS = 12
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                       **{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}})
_DROP = re.compile("[\u064b-\u0652\u0670\u0640\u0610-\u061a\u06d6-\u06ed]")
_CLOSING_PUNCT = "،,.:;؛؟?!"
_QUOTES = {'"': '"', "«": "»", "“": "”"}
_LEADING_CLOSERS = re.compile(r"[\"»”)]*")
_ANY_QUOTE = re.compile('["«»“”]')
_QUOTE_RE = re.compile(r'"[^"\n]{1,600}"|«[^»\n]{1,600}»|“[^”\n]{1,600}”')
_AR_STOPS_BEFORE = {"ان", "انه", "انها", "بان", "فان", "فانه", "فانها", "فقد", "فهو", "فهي", "الذي", "التي", "الذين", "اليوم", "امس", "خلال", "يوم",
                    "السبت", "الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "مساء", "صباح"}
_AR_PARTICLES = {"في", "على", "من", "الى", "إلى", "عن", "ان", "انه", "انها", "ما", "لا", "لم", "لن", "قد", "بان", "ب",
                 "مع", "انهم", "بعد", "قبل", "هو", "هي", "هم", "كما", "ايضا", "اليوم", "امس", "خلال", "كثيرا", "جدا",
                 "دائما", "مؤخرا", "حاليا", "سابقا", "لاحقا", "رسميا", "علنا", "فقط", "بشكل", "عدد"}
_AR_STATEMENT_NOUNS = {"بيان", "تصريح", "تصريحات", "مقابله", "كلمه", "حديث", "مؤتمر", "تغريده", "رساله", "لقاء"}
_EN_STOPS = {"and", "but", "that", "which", "who", "as", "while", "because", "when", "if", "after", "before", "than",
             "where", "so", "or", "said", "says", "told", "not", "to", "in", "on", "at", "for", "with", "by", "from",
             "although", "though", "since", "whereas", "however", "meanwhile"}
_EN_ADVERBS = {"later", "also", "earlier", "then", "previously", "further", "again", "still", "once"}
_EN_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}


@dataclass(frozen=True)
class Lexicon:
    according: tuple
    verbs: dict  # folded form → tuple of folded complements it needs ('' = anything)
    according_re: re.Pattern  # any according-to phrase, with و/ف in front
    cue_re: re.Pattern  # any cue at all: a paragraph without a match is not tokenized


@dataclass(frozen=True)
class Token:
    start: int  # offsets in the folded text
    end: int
    text: str  # folded, without surrounding punctuation
    raw_end_punct: str  # punctuation the token ended with (',' '.' ':' …), '' when none
    quotes: int = 0  # quote marks in the token (an odd count opens or closes a quotation)
    adverb: bool = False  # written with tanween fath (علنًا, شخصيا): an adverb ends a noun phrase


class Folded:
    """Text without harakat and tatweel, alef variants folded, ASCII lower-cased; offsets map back
    to the raw text. Built with regular expressions and str.translate, not a loop per character."""

    def __init__(self, raw: str):
        self.raw_text = raw
        self.dropped = [m.start() for m in _DROP.finditer(raw)]
        # folded position at which each dropped character stood
        self._shifted = [position - index for index, position in enumerate(self.dropped)]
        self.text = _DROP.sub("", raw).translate(_FOLD) if self.dropped else raw.translate(_FOLD)
        self.tanween = {self._shifted[i] for i, p in enumerate(self.dropped) if raw[p] == "\u064b"}

    def raw_index(self, folded: int) -> int:
        return folded + bisect_right(self._shifted, folded)

    def raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw offsets of text[start:end], harakat written on its last letter included."""
        raw_start = self.raw_index(start)
        if end <= start:
            return raw_start, raw_start
        raw_end = self.raw_index(end - 1) + 1
        while raw_end < len(self.raw_text) and _DROP.match(self.raw_text, raw_end):
            raw_end += 1
        return raw_start, raw_end


def _folded_set(words) -> frozenset:
    return frozenset(Folded(word).text for word in words)


_AR_STOPS_BEFORE = _folded_set(_AR_STOPS_BEFORE)
_AR_PARTICLES = _folded_set(_AR_PARTICLES)
_AR_STATEMENT_NOUNS = _folded_set(_AR_STATEMENT_NOUNS)
# "وفق تقديره", "على حد تعبيره": the speaker is only a pronoun clitic (an implicit attribution)
_CLITIC_SOURCE = re.compile(r"^(?:تقدير|تعبير|قول|راي|كلام|حديث)(?:ه|ها|هم|هما)$")


@lru_cache(maxsize=None)
def lexicon(lang: str) -> Lexicon | None:
    """The lexicon of a language (lexicon/<lang>.tsv), or None when there is none."""
    path = resources.files("convert.readers.text") / "lexicon" / f"{lang}.tsv"
    if not path.is_file():
        return None
    according, verbs = [], {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, form, needs = (line.split("\t") + ["", ""])[:3]
        needs_forms = tuple(Folded(n).text for n in needs.split("|")) if needs else ("",)
        for variant in form.split("|"):
            folded = Folded(variant.strip()).text
            if kind == "according":
                according.append(folded)
            else:
                verbs[folded] = needs_forms
    according = sorted(according, key=len, reverse=True)
    phrases = "|".join(re.escape(f).replace(r"\ ل", r"\s*ل") + ("" if f.endswith(" ل") else r"(?=[\s،,:]|$)")
                       for f in according)
    according_re = re.compile(rf"(?<![^\s\"«(])[وف]?(?:{phrases})" if phrases else r"(?!x)x")
    forms = "|".join(re.escape(f) for f in sorted(verbs, key=len, reverse=True))
    verb_re = rf"(?<!\S)[وف]?(?:{forms})(?=[\s،,.:;\"«“]|$)" if forms else ""
    cue_re = re.compile("|".join(filter(None, [phrases, verb_re])) or r"(?!x)x")
    return Lexicon(tuple(according), verbs, according_re, cue_re)


def tag_attributions(text: str, lang: str, existing=(), id_prefix: str = "a") -> list[Span]:
    """Attribution spans (with cue and source inside) and quote spans for one paragraph."""
    primary = lang.split("-")[0].lower()
    words = lexicon(primary)
    if words is None:
        return []
    folded = Folded(text)
    windows = cue_windows(folded.text, words)
    if not windows:
        return to_spans(text, folded, [], list(existing), id_prefix)
    tokens = [token for lo, hi in windows for token in tokenize(folded, lo, hi)]
    pairs = find_according(folded, tokens, words, primary) + find_verbs(folded, tokens, words, primary)
    return to_spans(text, folded, pairs, list(existing), id_prefix)


WINDOW_BEFORE, WINDOW_AFTER = 160, 320


def cue_windows(text: str, words: Lexicon) -> list[tuple[int, int]]:
    """Stretches of text around possible cues, merged; only these are tokenized (speed)."""
    windows = []
    for match in words.cue_re.finditer(text):
        lo = text.rfind(" ", 0, max(0, match.start() - WINDOW_BEFORE)) + 1
        hi = text.find(" ", match.end() + WINDOW_AFTER)
        hi = len(text) if hi < 0 else hi
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return windows


_WORD = re.compile(r"\S+")


def tokenize(folded: Folded, lo: int = 0, hi: int | None = None) -> list[Token]:
    tokens = []
    for match in _WORD.finditer(folded.text, lo, len(folded.text) if hi is None else hi):
        word = match.group()
        core = word.rstrip(_CLOSING_PUNCT + "\"»”)")
        punct = word[len(core):]
        # quote marks after a colon or comma open the next words' quotation, not this token's
        counted = core + _LEADING_CLOSERS.match(punct).group()
        quotes = sum(map(counted.count, '"«»“”')) if _ANY_QUOTE.search(counted) else 0
        end = match.start() + len(core)
        adverb = bool(folded.tanween) and any(match.start() < p <= end for p in folded.tanween)
        tokens.append(Token(match.start(), end, core, punct, quotes, adverb))
    return tokens


# --- according-to phrases: the source follows (precedes, for Urdu's کے مطابق) ---------------------

def find_according(folded: Folded, tokens, words: Lexicon, lang: str) -> list[tuple]:
    pairs = []
    for match in words.according_re.finditer(folded.text):
        pair = _according_pair(folded, tokens, words, match, lang)
        if pair:
            pairs.append(pair)
    return pairs


def _according_pair(folded, tokens, words, match, lang):
    cue_end = match.end()
    rest = folded.text[cue_end:]
    verb = re.match(r"\s*ما\s+(\S+)", rest) if (rest.startswith("ما ") or match.group().endswith("ب" + "حسب")) else None
    if verb is None and re.match(r"ما\s", rest):
        verb = re.match(r"ما\s+(\S+)", rest)
    if verb and _is_reporting_verb(verb.group(1).rstrip(_CLOSING_PUNCT), words):
        cue_end += verb.end(1)
    if lang == "ur":
        source = _source_before(tokens, match.start(), folded.text)
    else:
        source = _source_after(tokens, cue_end, folded.text, stop_at_addressee=False)
    if source is None:
        return None
    return (match.start(), cue_end), source


def _is_reporting_verb(word: str, words: Lexicon) -> bool:
    for candidate in (word, re.sub(r"^[وف]", "", word)):
        for stem in (candidate, re.sub(r"(ته|تها|ه|ها|وا)$", "", candidate), re.sub(r"(ه|ها)$", "", candidate)):
            if stem in words.verbs or stem + "ت" in words.verbs:
                return True
    return False


def _source_after(tokens, start: int, text: str, stop_at_addressee: bool, stop_at_an: bool = False):
    """The noun phrase that starts at folded offset `start`: up to punctuation, a complementizer,
    an addressee (ل…), an adverb or a statement phrase ('في بيان'); quoted names stay whole."""
    chosen, in_quote = [], False
    for index, token in enumerate(tokens):
        if token.end <= start:
            continue
        word = token.text.lstrip("\"«“(")
        opens_speech = not in_quote and token.quotes % 2 == 1 and not _closes_soon(tokens[index:])
        if not in_quote and chosen and (token.adverb or opens_speech or _stops_noun_phrase(
                word, tokens[index + 1:index + 2], stop_at_addressee, stop_at_an)):
            break
        if not chosen and (word in _AR_PARTICLES or word in _EN_STOPS or not word or token.adverb
                           or _CLITIC_SOURCE.match(word)):
            return None
        chosen.append(token)
        in_quote ^= token.quotes % 2 == 1
        if not in_quote and token.raw_end_punct[:1] in ("،", ",") and stop_at_addressee:
            chosen += _appositive(tokens[index + 1:])
            break
        if (not in_quote and token.raw_end_punct.strip('"»”)')) or len(chosen) >= MAX_SOURCE_WORDS:
            break
    if not chosen or in_quote:
        return None
    last = chosen[-1]
    end = last.end + (1 if last.raw_end_punct[:1] and last.raw_end_punct[0] in '"»”' else 0)
    return (max(chosen[0].start, start), end)


def _appositive(tokens, longest: int = 6) -> list:
    """', نائب رئيس الوزراء بكر بوزداغ،': a short comma-set title or name after the subject belongs to it;
    a relative clause (الذي …) or a phrase opening with a particle does not."""
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
    if first in _AR_PARTICLES or first in _AR_STOPS_BEFORE or first.startswith(("ال" + "ذ", "الت")):
        return []
    return chunk


def _closes_soon(tokens, within: int = 4) -> bool:
    """A quotation opened by tokens[0] closes within a few words: a quoted name, not speech."""
    count = 0
    for token in tokens[:within]:
        count += token.quotes
        if count >= 2:
            return True
    return False


def _stops_noun_phrase(word: str, following, stop_at_addressee: bool, stop_at_an: bool) -> bool:
    if word in _AR_STOPS_BEFORE or word in {"that", "who", "which", "on", "in", "at", "as"}:
        return True
    if stop_at_addressee and re.match(r"^ل[^ا]|^لل", word):
        return True
    if word == "في" and following and following[0].text in _AR_STATEMENT_NOUNS:
        return True
    return stop_at_an and word in {"عن", "علي", "من"}


def _source_before(tokens, end: int, text: str):
    """The noun phrase ending right before folded offset `end` (for subject-before-verb languages)."""
    chosen = []
    for token in reversed([t for t in tokens if t.end <= end]):
        if token.raw_end_punct.strip() and chosen or (token.raw_end_punct.strip(" ") and not chosen and token.end < end - 1):
            break
        if token.text.lower() in _EN_STOPS or len(chosen) >= 6:
            break
        chosen.insert(0, token)
    return (chosen[0].start, chosen[-1].end) if chosen else None


# --- reporting verbs ----------------------------------------------------------------------------------

def find_verbs(folded: Folded, tokens, words: Lexicon, lang: str) -> list[tuple]:
    order = WORD_ORDER.get(lang, "vso")
    if order == "svo":
        return _english_verbs(folded, tokens, words)
    if order == "sov":
        return _sov_verbs(folded, tokens, words)
    pairs = []
    for index, token in enumerate(tokens):
        needs = _verb_needs(token.text, words)
        if needs is None or token.raw_end_punct or (index and tokens[index - 1].text in {"ما", "حسبما"}):
            continue
        source = _source_after(tokens[index + 1:], token.end, folded.text, stop_at_addressee=True,
                               stop_at_an=bool({"عن", "علي", "من"} & set(needs)))
        if source and _complement_follows(folded.text, source[1], needs):
            pairs.append(((token.start, token.end), source))
    return pairs


def _verb_needs(word: str, words: Lexicon):
    for candidate in (word, word[1:] if word[:1] in "وف" else None):
        if candidate and candidate in words.verbs:
            return words.verbs[candidate]
    return None


def _complement_follows(text: str, end: int, needs: tuple) -> bool:
    """A complementizer, colon or quote the verb needs, within the next few words of its clause."""
    if needs == ("",):
        return True
    clause = re.split(r"[.؟?!](?:\s|$)", text[end:end + 80])[0]
    words = clause.split()[:10]
    joined = " " + " ".join(w.strip("،,:") for w in words) + " "
    for need in needs:
        if need == ":" and any(":" in w for w in words):
            return True
        if need in "\"«“" and need and any(w.lstrip(":،,")[:1] == need for w in words):
            return True
        if need and need not in ':"«“' and f" {need} " in joined:
            return True
    return False


def _english_verbs(folded, tokens, words):
    pairs = []
    for index, token in enumerate(tokens):
        if token.text not in words.verbs and token.text != "quoted":
            continue
        if token.text == "quoted":
            pairs += _quoted_as_saying(tokens, index)
            continue
        source = _english_subject(tokens, index)
        if source is None and index and tokens[index - 1].raw_end_punct[-1:] in {'"', "”", ","}:
            source = _source_after(tokens[index + 1:], token.end, folded.text, stop_at_addressee=False)
        if source:
            pairs.append(((token.start, token.end), source))
    return pairs


def _english_subject(tokens, verb_index: int):
    chosen, index = [], verb_index - 1
    while index >= 0 and len(chosen) < 7:
        token = tokens[index]
        if token.raw_end_punct or token.text[:1] in "\"“(":
            break
        if not chosen and (token.text.endswith("ly") or token.text in _EN_ADVERBS):
            index -= 1
            continue
        if token.text in _EN_STOPS:
            break
        chosen.insert(0, token)
        index -= 1
    if not chosen:
        return None
    if len(chosen) == 1 and chosen[0].text not in _EN_PRONOUNS and not _capitalised(chosen[0], tokens):
        return None
    return chosen[0].start, chosen[-1].end


def _capitalised(token, tokens) -> bool:
    return getattr(token, "capital", True)


def _quoted_as_saying(tokens, index: int):
    pairs = []
    subject = _english_subject(tokens, index)
    if subject:
        pairs.append(((tokens[index].start, tokens[index].end), subject))
    for later in range(index + 1, min(index + 16, len(tokens) - 1)):
        if tokens[later].text == "as" and tokens[later + 1].text == "saying":
            quoted = tokens[index + 1:later]
            if quoted:
                pairs.append(((tokens[later + 1].start, tokens[later + 1].end),
                              (quoted[0].start, quoted[-1].end)))
            break
    return pairs


def _sov_verbs(folded, tokens, words):
    pairs = []
    for form, needs in words.verbs.items():
        for match in re.finditer(rf"(?<!\S){re.escape(form)}(?=\s*[:،]|\s+که|\s*$)", folded.text):
            after = folded.text[match.end():match.end() + 5].strip()
            if needs != ("",) and not any(after.startswith(n) for n in needs if n):
                continue
            source = _source_before(tokens, match.start(), folded.text)
            if source:
                pairs.append(((match.start(), match.end()), source))
    return pairs


# --- spans ---------------------------------------------------------------------------------------------

def to_spans(text: str, folded: Folded, pairs, existing, id_prefix: str) -> list[Span]:
    """Attribution spans (non-overlapping, outside existing spans) and quote spans linked to them."""
    spans, taken = [], [(s.start, s.end) for s in existing]
    attributions = []
    for cue, source in sorted(pairs):
        cue_raw, source_raw = folded.raw(*cue), folded.raw(*source)
        start, end = min(cue_raw[0], source_raw[0]), max(cue_raw[1], source_raw[1])
        if _overlaps((start, end), taken) or text[source_raw[0]:source_raw[1]].strip() == "":
            continue
        identifier = f"{id_prefix}{len(attributions) + 1}"
        taken.append((start, end))
        attributions.append((start, end, identifier))
        spans += [Span(start, end, names.ATTRIBUTION, (("id", identifier),)),
                  Span(*cue_raw, names.CUE), Span(*source_raw, names.SOURCE)]
    return spans + quote_spans(text, taken, attributions)


def quote_spans(text: str, taken, attributions) -> list[Span]:
    """Direct quotations: quoted text of four words or more (shorter ones are mostly names)."""
    spans = []
    for match in _QUOTE_RE.finditer(text):
        if len(match.group().split()) < 4 or _overlaps(match.span(), taken):
            continue
        linked = _adjacent_attribution(text, match.span(), attributions)
        attrs = (("attribution", linked),) if linked else ()
        spans.append(Span(match.start(), match.end(), names.QUOTE, attrs))
    return spans


def _adjacent_attribution(text: str, quote, attributions) -> str | None:
    for start, end, identifier in attributions:
        gap = text[end:quote[0]] if end <= quote[0] else text[quote[1]:start] if quote[1] <= start else None
        if gap is not None and re.fullmatch(r"[\s،,:\-–—]*(?:إن|أن|إنه|أنه|that)?[\s،,:\-–—]*", gap):
            return identifier
    return None


def _overlaps(span, taken) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)
