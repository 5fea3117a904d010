"""What a search of our PDFs finds: word recall of the extracted text against the article XML's words,
per language and extractor (poppler's pdftotext, PDFium through pypdfium2, pdf.js when node has it).

A word is a run of letters, marks, digits and ZWNJ (what a search box matches); punctuation is not
counted, since where an extractor puts a neutral mark between runs of two directions is its own bidi
choice. Recall counts each XML word once per occurrence (multiset). A second figure splits words
where a right-to-left letter meets a Latin letter or a digit, on both sides: poppler's and pdf.js's
bidi put the space between such runs on the wrong side (`28 عضوا` → ` 28عضوا`), which no text layer
can prevent. A third figure, as searched, folds Arabic presentation forms (U+FB50–FDFF, U+FE70–FEFF:
`ﺅ`, `ﷺ`, which older Urdu copy types) to their letters on both sides, as the viewers' own searches
do: PDFium folds them in every text it gives (cpdf_textpage.cpp GetUnicodeNormalization) and
Chrome's find matches base letters only (pdf/text_search.cc: ICU string search at primary strength);
pdf.js folds `ﷺ` in its text content (normalizeUnicode) and its find bar folds query and page alike
(web/pdf_find_controller.js normalize: NFKC for those blocks). Missing words are listed by kind.

The text layer as written is read too (`spec`, benchmarks/pdf_layer.py: ToUnicode and ActualText in
content order, explicit spaces only, no position heuristics): a word it has right and an extractor
has not is the extractor's doing. Each kind of missing word is listed per extractor with how many
of its words the layer has right, and where known the rule in the extractor's source that makes
the difference (CAUSES).

    python benchmarks/pdf_words.py                       # every dev, bench and more (fa/ur/he/en) article
    python benchmarks/pdf_words.py -n 40 --corpus bench  # a sample of 40 bench articles
    python benchmarks/pdf_words.py --pdfjs /path/with/node_modules/pdfjs-dist
    python benchmarks/pdf_words.py --corpus more --lang ur -n 20   # 20 Urdu articles
"""

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from pdf_layer import layer_text

from convert import ReadOptions, load_article, write
from convert.errors import OutputError
from convert.document import names

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
MORE_LANGUAGES = ("fa", "ur", "he", "en")
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
WORD = re.compile(r"(?:[^\W_]|[\u200c\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0591-\u05c7])+")
RTL_LTR = re.compile(r"(?<=[\u0590-\u08ff])(?=[A-Za-z0-9\u00c0-\u024f])|(?<=[A-Za-z0-9\u00c0-\u024f])(?=[\u0590-\u08ff])")
PDFJS_SCRIPT = Path(__file__).with_name("pdfjs_text.mjs")


PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def words(text: str, split_directions: bool = False, forms_folded: bool = False) -> list[str]:
    # a word hyphenated at a line end is joined: the hyphen (U+2010) is the layout's, not the text's
    text = re.sub("\u2010\r?\n", "", unicodedata.normalize("NFC", text).translate(BIDI_CONTROLS))
    if forms_folded:
        text = PRESENTATION_FORMS.sub(lambda form: unicodedata.normalize("NFKC", form[0]), text)
    found = WORD.findall(text)
    if split_directions:
        found = [part for word in found for part in RTL_LTR.split(word) if part]
    return found


# elements printed as blocks of their own; the others are inline: a word may run across their bounds
BLOCKS = {names.HEADLINE, names.SUBHEADLINE, names.BYLINE, names.HEADING, names.P, names.ASIDE, names.CREDIT}


def article_text(tree) -> str:
    """The text the PDF prints: head (a derived headline excluded), body and end."""
    root = tree.getroot()
    parts = []
    for part in (names.HEAD, names.BODY, names.END):
        element = root.find(part)
        if element is not None:
            parts.extend(_printed(element))
    return "".join(parts)


def _printed(element):
    if element.get("derived") == "true":
        return
    yield element.text or ""
    for child in element:
        yield from _printed(child)
        yield child.tail or ""
    if element.tag in BLOCKS:
        yield "\n"


# The extractors: each takes the PDF's path, gives its text


def poppler(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdfium(path: Path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def pdfjs_batch(paths: list[Path], pdfjs: Path) -> dict:
    """pdf.js's text of many PDFs in one node process: the items' strings joined as its find bar joins them."""
    result = subprocess.run(["node", str(PDFJS_SCRIPT), str(pdfjs), *map(str, paths)],
                            capture_output=True, text=True, check=True)
    return {Path(record["path"]): record["text"] for record in map(json.loads, result.stdout.splitlines())}


# Comparing


def recall(expected: list[str], found: list[str]) -> tuple[int, Counter]:
    missing = Counter(expected) - Counter(found)
    return len(expected) - sum(missing.values()), missing


def kind_of(word: str, extracted: str, extracted_words: set) -> str:
    """Why a word of the XML is not among the extracted words."""
    if "\u200c" in word and word.replace("\u200c", "") in extracted_words:
        return "ZWNJ lost"
    if any(word in RTL_LTR.split(w) for w in extracted_words if w != word):
        return "run together at a direction change"
    for i in range(1, len(word)):
        if word[:i] in extracted_words and word[i:] in extracted_words:
            return "space before a mark" if unicodedata.combining(word[i]) else "space inside the word"
    folded = words(word, forms_folded=True)
    if folded != [word] and all(part in extracted_words for part in folded):
        return "presentation form folded"  # (`ﷺ` folds to four words)
    if any(word in w and w != word for w in extracted_words):
        return "run together with a neighbour"
    if sorted(word) in ([*sorted(w)] for w in extracted_words if len(w) == len(word)):
        return "letters reordered"
    return "other (letters differ)"


# Where each kind arises, for the kinds an extractor shows and the text layer as written (spec) does not:
# the extractor's own rule, read in its source (poppler 22.12's pdftotext; the mirrors' TextOutputDev.cc
# of 2021, pdf.js's src/core/evaluator.js and PDFium's core/fpdftext/cpdf_textpage.cpp of 2025).
CAUSES = {
    ("poppler", "run together at a direction change"):
        "TextOutputDev.cc reorderText: in a right-to-left line the left-to-right section is read with "
        "`for (j = i; j >= 0 && !unicodeTypeR(text[j]); --j)`, which takes the neutral space beyond the "
        "Latin or digits into it: `لكنها 28 عضوا` → `لكنها  28عضوا`",
    ("poppler", "space before a mark"):
        "TextPage::addChar: a mark drawn as a glyph of its own (before its letter: a right-to-left run is "
        "drawn left to right) has its origin within 0.1 em of a neighbour's, taken for duplicated text "
        "(`overlap = fabs(delta) < dupMaxPriDelta * curWord->fontSize`), or past the word's end by over "
        "minWordBreakSpace: endWord(); addCombining joins only the spacing accents of its combiningTable "
        "(U+0060 ...), no Arabic mark. A word drawn mark first (its last letter carries one) now gets an "
        "ActualText span (and one drawn punctuation first, then the mark: `دولاراً،`), PDFium its own "
        "text inside it (pdf_spans.pdfium_actual_text: PDFium reverses each right-to-left segment where "
        "it stands, poppler the whole word), closed by a stone that pdf.js reads as a space "
        "(pdf_text._marked_last_spanned; ar 132 -> 34 words, fa 14 -> 7). A space "
        "that opens with a right-to-left mark (pdf_anchors, for pdf.js) is no longer skipped, and a mark "
        "measured from it stays with its word (245 -> 80 words). A word spanned only for an overlap that a "
        "width form (pdf_widths) meets is no longer spanned, which keeps it whole in pdf.js and PDFium (88 "
        "and 80 bench words) and costs poppler 11 (`وزيرا ً`)",
    ("poppler", "other (letters differ)"):
        "reorderText: two numbers with a hyphen between, after an Arabic letter (Arabic numbers by the "
        "bidi algorithm's W2, each its own left-to-right run, the hyphen right-to-left between them), are "
        "read as one left-to-right section in the order drawn: `و6-4` -> `و4-6`, the bidi order of a "
        "neutral between two runs",
    ("poppler", "run together with a neighbour"):
        "TextOutputDev.cc takes a line that ends in a hyphen-minus for a word hyphenated at the line end "
        "(TextLine's `hyphenated`) and writes it without the hyphen and without the line end: a compound "
        "broken at its own hyphen comes back as one word (`high-` / `cost` -> `highcost`, English 12 "
        "words); pdf.js and PDFium keep the hyphen. The rest lose the space between two words that end "
        "in a mark (`انتهاكاًجسيماً`), as under space before a mark",
    ("poppler", "space inside the word"):
        "TextPage::addChar: endWord() at a gap over minWordBreakSpace (0.1 em) or a baseline moved over "
        "0.5 pt (`fabs(base - curWord->base) > 0.5`): Nastaliq's raised glyphs",
    ("pdf.js", "space inside the word"):
        "evaluator.js compareWithLastPosition: a gap over SPACE_IN_FLOW_MIN_FACTOR (0.102 em) adds a "
        "space; ActualText is never read (no ActualText in getTextContent). SpecialCharRegExp tests "
        "`^(\\s)` first, and JavaScript's \\s holds U+FEFF: a glyph coded U+FEFF (a textless code until "
        "then) was read as a space (`ہزار` -> `ہز ار`; ur 101 -> 23 words)",
    ("pdf.js", "run together with a neighbour"):
        "evaluator.js joins a line's text items in drawing order with nothing between them, each item "
        "put in order by its own bidi(): a word that is an item of its own (a word with marks read glyph "
        "by glyph, a number) runs into the item beside it where the space between them is drawn at that "
        "item's far end (`كُلِّفوأضاف`, `20142010` for `2010 و2014` after a line break)",
    ("pdf.js", "letters reordered"):
        "evaluator.js: a new text item at an overlap under NEGATIVE_SPACE_FACTOR (-0.2 em) or a vertical "
        "shift over VERTICAL_SHIFT_RATIO (0.25 of the height; Nastaliq's rises), and each item's "
        "bidi() runs alone, so the pieces of a right-to-left word come in drawing order: `شركة` → `كةشر`. "
        "pdf_pieces deals each piece its mirror piece's text; a Nastaliq word that ends in a mark "
        "(`اعلیٰ`) draws the mark first, and a mark never opens an item's text: the mark's kind now "
        "moves to a glyph drawn last, or each glyph is made an item of its own (an empty marked "
        "content before it) and the text dealt out in drawing order (ur 211 -> 175 words); so is a "
        "word of two directions read in pieces, digits glued to letters in a run of another font, "
        "which pdf.js read after them (`2016میں` -> `میں2016`; ur 175 -> 114). A word that climbs over "
        "an em from one glyph to the next, where pdf.js ends the line (`Math.abs(advanceY) > "
        "textContentItem.height`: `دلچسپی`), has the higher glyph given no text (a format character's "
        "code, skipped; ur 114 -> 78); a right-to-left word with a letter of another font is read glyph by "
        "glyph (`باﺅلر`; -> 53); a mark drawn right of its letter's pen (`آسٹِن`), which given a letter "
        "is measured with a space before it, gets no text, its kind going to another glyph (-> 34)",
    ("pdf.js", "other (letters differ)"):
        "as for letters reordered: the pieces of a word in separate text items, put in drawing order",
    ("pdf.js", "space before a mark"):
        "evaluator.js buildTextContentItem: a glyph whose text holds a mark (SpecialCharRegExp `\\p{Mn}`) "
        "is taken for one of no width and leaves prevTransform where it was, so in a justified line the "
        "letter after a word's first-drawn mark (`اً` is drawn mark first) is measured from the word before, "
        "across the justification's stretch, and gets a space: `ردوداً` -> `ردودا ً`. Where the gap from the "
        "space's end to the mark is one pdf.js reads as none, the space opens with a right-to-left mark "
        "(pdf_anchors: ar .9974 -> .9989). A span that opens with a mark (after its BDC, which flushes "
        "the item) opens with a stone, an invisible glyph a thousandth of an em wide read as a space "
        "(pdf_spans.stoned), as does a line drawn mark first, whose mark went into the line before's "
        "item (bench 176 -> 128, fa and ur 250 -> 244 words); what is left: a gap pdf.js cuts at "
        "either way (under -0.2 em: Amiri draws `ً` 0.214 em left of its pen, so an unjustified space "
        "before it is such a gap; over 0.102 em: a very loose line). Drawing the letter first would put "
        "the mark before it in pdf.js's order",
    ("pdf.js", "run together at a direction change"):
        "the items are joined with nothing between them, each item's bidi() alone (runBidiTransform). "
        "Where ActualText spans cut a right-to-left box into its words (Nastaliq's), the words come in "
        "drawing order and a space at the box's edge landed on its far side: the edge spaces are now "
        "drawn where they are read (pdf_spans.edge_spaces_read_in_order; ur 162 -> 21 words); where a "
        "box meets the next with no space at either edge (`’’The`), a stone, read as a space, ends the "
        "one or opens the other (pdf_text._junction_stone: `وہ‏The`; ur 34 -> 25, ar 127 -> 121)",
    ("pdfium", "presentation form folded"):
        "cpdf_textpage.cpp GetUnicodeNormalization folds presentation forms to their letters in every "
        "text it gives, ActualText too (AddCharInfoByRLDirection): no PDF can keep them. Chrome's find "
        "folds the query the same way (pdf/text_search.cc, ICU string search on base letters): counted "
        "in `as searched`",
    ("pdf.js", "presentation form folded"):
        "evaluator.js runBidiTransform: normalizeUnicode (NFKC for U+FB00–FDFB, `ﷺ` among them) on every "
        "text item; the find bar folds query and page alike (pdf_find_controller.js normalize): counted in "
        "`as searched`. (`ﺅ`, which Noto Nastaliq Urdu lacks, came from a fallback font, a text item of its "
        "own, joined in drawing order: such a word is now read glyph by glyph)",
    ("pdfium", "run together with a neighbour"):
        "cpdf_textpage.cpp ProcessTextObject: text objects are sorted by x within a line and a line ends "
        "where a text object's y moves over half a character width (`fabs(this_pos.y - prev_pos.y) > "
        "threshold * 2`): Nastaliq's raised glyphs (each its own TJ after a Ts) land in other lines. A "
        "Nastaliq word outside the spans beside them ran into the next (`میں طے` read `ںیمطے`): in a line "
        "with a span, each word of a font whose letters climb now has one (ur 85 -> 68 words). GenerateSpace "
        "measures the gap between two spans from the first one's carrier plus its width (a glyph of no "
        "advance: its box's): a dot a third of an em wide took in a one-letter word (`آ`) and its space, "
        "and the two came back glued in drawing order (`آلاہور`); the carrier is now the font's narrowest "
        "glyph of no width (pdf_text._find_carrier; ur 45 -> 33). Left: short words in lines that PDFium "
        "breaks around a Latin word (`ساتھکے ZTE`). ProcessTextObject also skips a text "
        "object of no width (`GetRect().Width() < kSizeEpsilon`): a space alone in its TJ (Nastaliq's, "
        "between Latin words) was lost (`Whatanexample`); such spaces are drawn in stroke mode, which "
        "widens the object's box by the line width (pdf_spans.spaces_boxed; ur 54 -> 45)",
    ("pdfium", "letters reordered"):
        "core/fxcrt/fx_bidi.cpp CFX_BidiChar::AppendChar: a nonspacing mark (NSM) is a weak left-to-right "
        "segment, and so are digits (EN, AN); a Latin letter (L) is a segment of its own. An ActualText "
        "came back with each such segment reversed where it stands (`نُا` for `اُن`, `میں6102` for "
        "`2016میں`), where poppler reverses the whole word, so no one text serves both: PDFium now gets its "
        "own, in a marked content inside the span, which poppler does not read "
        "(pdf_spans.pdfium_actual_text; ur 296 -> 85, ar 232 -> 149 words). A left-to-right word of "
        "digits and letters outside the spans (`5G`, read `G5`) now gets its text in a marked content "
        "for PDFium alone, which poppler does not read (pdf_text._islands; ur 68 -> 55, ar 157 -> 155). "
        "Left: such words in Amiri's lines (`F-16` -> `F61-`, `GOES-17`): CloseTempLine reverses the "
        "order of a right-to-left line's segments, so no one text serves where the segment order "
        "differs from the line's (`5G` in a one-line Nastaliq paragraph still reads `G5`)",
    ("pdfium", "ZWNJ lost"):
        "fx_bidi.cpp takes a ZWNJ (BN) and a separator (CS) alike for weak left-to-right: a word-final ZWNJ "
        "drawn just right of punctuation formed one segment with it, kept in drawing order after the word "
        "(`حديث،‌`); the carrier before a mark there now goes before such a letter too (fa 97 -> 40 words)",
    ("pdfium", "run together at a direction change"):
        "core/fxcrt/fx_bidi.cpp is no bidi algorithm: CFX_BidiChar classes each character right to left, "
        "left to right, weak left to right (digits, ES and CS: `-`, `,`, the no-break space; NSM) or "
        "neutral, and CloseTempLine reverses the order of a right-to-left line's segments, keeping each "
        "weak or left-to-right one in drawing order. Two numbers with a hyphen after an Arabic letter, "
        "which the bidi algorithm lays out as two runs with the hyphen between (W2 makes them Arabic "
        "numbers: `و6-4` is drawn `4-6`), come back in drawing order (`و4-6`; poppler too, pdf.js in "
        "part); a no-break space between a word and a number joins the number's segment (`أصل 8` -> "
        "`أصل8 `); two Latin words with a space between, one run by rule N1, come back in right-to-left "
        "order (`وXS Max` -> `وMax XS`). The text layer as written has these words right",
    ("pdfium", "space inside the word"):
        "cpdf_textpage.cpp ProcessTextObjectItems reads a code whose ToUnicode text is empty as the code "
        "itself (`unicode += char_code`, kNotUnicode; IsControlChar drops only a few control characters): "
        "a glyph that shows no character of its own (Amiri draws some letters as two glyphs) put a format "
        "character inside its word. Such a word gets an ActualText span, and one with a ZWNJ now does too, "
        "PDFium given its own text inside it (pdf_spans.pdfium_actual_text; `دلگرم‌تر`, fa 40 -> 32 "
        "words, poppler 22 -> 14). Left: datelines glued in the source (`پور10`), split where the "
        "direction changes, `LaLiga123`, and `پاسخ`, into which PDFium sorted the hamza of the next word",
    ("pdfium", "other (letters differ)"):
        "as for run together with a neighbour; PreMarkedContent re-emits an ActualText whose text "
        "objects are not consecutive after that sorting (a span's text twice)",
    ("pdfium", "space before a mark"):
        "fx_bidi.cpp CFX_BidiChar::AppendChar takes a nonspacing mark and a separator (CS: `.`, `،`, `:`) "
        "alike for weak left-to-right (kLeftWeak), so a word's last mark drawn just right of punctuation "
        "(`مفصلاً،` is drawn `،`, `ً`, `ا`, …) forms one segment with it, which CloseTempLine keeps in "
        "drawing order after the reversed word: `مفصلا،ً`. A carrier PDFium reads as a right-to-left mark "
        "now parts them where the mark is on the baseline (pdf_spans.parted_marks; ar 353 -> 232 words); a "
        "raised mark (alone in its TJ after a Ts) keeps none, since poppler reads such a carrier as text "
        "the mark duplicates (dupMaxPriDelta) and sets the mark apart (`كثيرا ً`, 18 bench words against "
        "19). Such words are now spanned, PDFium given its own text inside (pdf_text._marked_last_spanned: "
        "ar 155 -> 125 words in all, with the spaces drawn between spans)",
}


def corpus_files(which: list[str], sample: int | None, languages: tuple = MORE_LANGUAGES) -> list[tuple[str, Path]]:
    chosen = []
    if "dev" in which:
        chosen += [("dev", p) for p in _sample(sorted((SHARED / "dev").glob("*.txt")), sample)]
    if "bench" in which:
        chosen += [("bench", p) for p in _sample(sorted((SHARED / "bench").glob("bench-*.txt")), sample)]
    if "more" in which:
        more = sorted(p for p in (SHARED / "more").glob("*.txt") if p.name.split("-")[0] in languages)
        chosen += [("more", p) for p in _sample(more, sample)]
    return chosen


def _sample(paths: list, sample: int | None) -> list:
    return sorted(random.Random(14).sample(paths, sample)) if sample and sample < len(paths) else paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="dev,bench,more", help="comma-separated: dev, bench, more")
    parser.add_argument("-n", type=int, default=None, help="sample this many articles of each corpus")
    parser.add_argument("--pdfjs", type=Path, default=None, help="a folder holding node_modules/pdfjs-dist")
    parser.add_argument("--lang", default=",".join(MORE_LANGUAGES),
                        help="comma-separated languages of the more corpus (its files are named by language)")
    parser.add_argument("--examples", type=int, default=6, help="missing words shown per kind")
    parser.add_argument("--upstream", action="store_true", help="WeasyPrint's own text layer, for comparison")
    parser.add_argument("--keep", type=Path, default=None, help="keep the PDFs and extracted texts here")
    args = parser.parse_args()
    if args.upstream:
        from convert.writers import pdf_text
        pdf_text.install = lambda weasyprint: False
    files = corpus_files(args.corpus.split(","), args.n, tuple(args.lang.split(",")))
    if not files:
        sys.exit(f"pdf_words: no articles under {SHARED}")
    extractors = {"poppler": poppler, "pdfium": pdfium}
    # (language, extractor) → expected, found, both with directions split, both with forms folded
    totals = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    kinds = defaultdict(Counter)
    layers = defaultdict(Counter)  # of those, the ones the text layer as written has right: the extractor's
    examples = defaultdict(list)
    by_language = defaultdict(Counter)  # (extractor, kind) → missing words by language
    seconds = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or scratch
        Path(folder).mkdir(parents=True, exist_ok=True)
        pdfs = []
        for corpus, path in files:
            tree = load_article(path.read_bytes(), ReadOptions(name=path.name))
            begin = time.perf_counter()
            try:
                pdf = write(tree, "pdf")
            except OutputError as error:  # not a text-layer matter (a character no font has)
                print(f"not written: {corpus}/{path.name}: {error}", file=sys.stderr)
                continue
            seconds += time.perf_counter() - begin
            target = Path(folder) / f"{corpus}-{path.stem}.pdf"
            target.write_bytes(pdf)
            lang = tree.getroot().get(names.XML_LANG).split("-")[0]
            pdfs.append((lang, target, article_text(tree)))
        texts = {"spec": {p: layer_text(p, rtl=lang != "en") for lang, p, _ in pdfs}}
        texts.update({name: {p: f(p) for _, p, _ in pdfs} for name, f in extractors.items()})
        if args.pdfjs:
            texts["pdf.js"] = pdfjs_batch([p for _, p, _ in pdfs], args.pdfjs)
        for lang, path, source in pdfs:
            in_layer = Counter()  # the words the text layer as written has (spec's recall)
            for name, by_path in texts.items():
                extracted = by_path[path]
                if args.keep:
                    path.with_suffix(f".{name}.txt").write_text(extracted)
                found, missing = recall(words(source), words(extracted))
                if name == "spec":
                    in_layer = Counter(words(source)) - missing
                found_split, _ = recall(words(source, True), words(extracted, True))
                total = totals[lang, name]
                total[0] += len(words(source))
                total[1] += found
                total[2] += len(words(source, True))
                total[3] += found_split
                found_folded, _ = recall(words(source, forms_folded=True), words(extracted, forms_folded=True))
                total[4] += len(words(source, forms_folded=True))
                total[5] += found_folded
                extracted_words = set(words(extracted))
                for word, count in missing.items():
                    kind = kind_of(word, extracted, extracted_words)
                    kinds[name][kind] += count
                    by_language[name, kind][lang] += count
                    layers[name][kind] += min(count, in_layer[word])
                    if len(examples[name, kind]) < args.examples:
                        examples[name, kind].append(f"{word} ({path.stem})")
    report(files, totals, kinds, layers, examples, seconds, by_language)


def _floor(share: float) -> str:
    """A share to four decimals, rounded down: 0.998996 is not shown as meeting 0.999."""
    return f"{int(share * 10000) / 10000:.4f}"


def report(files, totals, kinds, layers, examples, seconds, by_language) -> None:
    print(f"{len(files)} articles chosen ({', '.join(f'{c} {n}' for c, n in Counter(c for c, _ in files).items())}); "
          f"PDF writing {seconds:.1f} s, {seconds / len(files):.3f} s/article")
    print(f"{'language':8} {'extractor':9} {'words':>8} {'missed':>7} {'recall':>8} {'directions split':>17} "
          f"{'as searched':>12} {'missed':>7}")
    for (lang, name), (expected, found, expected_split, found_split, expected_folded, found_folded) \
            in sorted(totals.items()):
        print(f"{lang:8} {name:9} {expected:8} {expected - found:7} {_floor(found / expected):>8} "
              f"{_floor(found_split / expected_split):>17} {_floor(found_folded / expected_folded):>12} "
              f"{expected_folded - found_folded:7}")
    for name, counter in kinds.items():
        whose = "the text layer as written" if name == "spec" else (
            "the extractor's: words the text layer as written, spec, has right")
        print(f"\nmissing words, {name} ({whose}):")
        for kind, count in counter.most_common():
            theirs = "" if name == "spec" else f"; the extractor's: {layers[name][kind]}"
            languages = ", ".join(f"{lang} {n}" for lang, n in by_language[name, kind].most_common())
            print(f"  {count:6}  {kind} ({languages}{theirs}): {', '.join(examples[name, kind])}")
            if (name, kind) in CAUSES:
                print(f"          {CAUSES[name, kind]}")


if __name__ == "__main__":
    main()
