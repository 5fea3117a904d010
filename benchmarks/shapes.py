"""Synthetic inputs of a given size in the shapes that once cost quadratic time (issue 17).

The text is made up here from a few template sentences (no corpus text), with the things the
reader works on: reporting verbs, according-to phrases, quotations, a dateline.

- ``lines``: one paragraph per line, no blank lines (web copy);
- ``wrapped``: paragraphs hard-wrapped at 70 columns, a blank line between them;
- ``huge``: one paragraph with no line break at all;
- ``short``: many short lines of a few words;
- ``marks``: paragraphs around one letter carrying a long run of combining marks.
"""

import textwrap

_SENTENCES = (
    'وقال المتحدث باسم الوزارة إن "الوضع مستقر في المدينة منذ صباح اليوم" {n}.',
    "وبحسب مصادر محلية فإن الطرق الرئيسية أعيد فتحها أمام حركة السير {n}.",
    "وأكد مسؤول في البلدية أن فرق الصيانة تعمل على إصلاح الأضرار في الحي {n}.",
    "وأشارت التقارير إلى أن الأمطار ستتواصل خلال الأيام المقبلة في المنطقة {n}.",
    "وذكرت وكالة الأنباء الرسمية أن اجتماعا سيعقد الأسبوع المقبل لبحث الخطة {n}.",
)
_SHORT = ("عاجل {n}", "الطقس اليوم", "أسعار النفط {n}", "نتائج المباراة", "تحديث {n}")
SHAPES = ("lines", "wrapped", "huge", "short", "marks")


def sentences(count: int):
    for n in range(count):
        yield _SENTENCES[n % len(_SENTENCES)].format(n=n)


def paragraphs(size: int, per: int = 3):
    """Paragraphs of `per` sentences until about `size` characters."""
    total, n, batch = 0, 0, []
    for sentence in sentences(size):
        batch.append(sentence)
        if len(batch) == per:
            paragraph = " ".join(batch)
            batch = []
            total += len(paragraph) + 1
            n += 1
            yield paragraph
            if total >= size:
                return


def make(shape: str, size: int) -> bytes:
    """About `size` bytes of UTF-8 text of the shape (size counts characters, Arabic takes two bytes)."""
    chars = size // 2
    if shape == "lines":
        text = "عنوان الخبر\n\nدبي (رويترز) - " + "\n".join(paragraphs(chars))
    elif shape == "wrapped":
        text = "\n\n".join(textwrap.fill(p, 70) for p in paragraphs(chars))
    elif shape == "huge":
        text = " ".join(paragraphs(chars, per=50))
    elif shape == "short":
        text = "\n".join(_SHORT[n % len(_SHORT)].format(n=n) for n in range(chars // 10))
    elif shape == "marks":
        run = "ب" + "\u064e\u0651\u0650\u064b" * (chars // 16)  # one letter carrying a quarter of the text in marks
        body = list(paragraphs(chars // 2))
        text = "\n".join(body[:len(body) // 2] + [run] + body[len(body) // 2:])
    else:
        raise ValueError(f"unknown shape {shape!r}; one of {SHAPES}")
    return (text + "\n").encode("utf-8")
