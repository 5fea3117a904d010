"""Fuzzing real articles (hypothesis, derandomized): no crash, nothing lost, every writer's output valid.

The properties are in tests/fuzzing.py; benchmarks/fuzz.py runs them with a large budget. The
budget here keeps the suite fast (about 15 s); FUZZ_EXAMPLES raises it.
"""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fuzzing

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "500"))
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                suppress_health_check=list(HealthCheck), print_blob=True)

fraction = st.floats(min_value=0, max_value=1, allow_nan=False)
insert = st.sampled_from(sorted(fuzzing.INSERTS)).flatmap(lambda kind: st.sampled_from(fuzzing.INSERTS[kind]))
text_op = st.one_of(
    st.tuples(st.just("insert"), fraction, insert),
    st.tuples(st.just("line-ends"), fraction, st.sampled_from(["\r\n", "\r", "\n\n", "\u2028", " \n"])),
    st.tuples(st.just("truncate"), fraction, st.just("")),
    st.tuples(st.just("repeat"), fraction, st.just("")),
)
byte_op = st.tuples(st.sampled_from(fuzzing.BYTE_OPS), fraction, st.integers(0, 255))


def _needs_texts():
    if not fuzzing.texts():
        pytest.skip(f"the dev and bench texts are not in {fuzzing.SHARED} (a fresh clone without ../shared)")


@st.composite
def mutated_articles(draw):
    name, text = draw(st.sampled_from(fuzzing.texts()))
    plan = (draw(st.lists(text_op, max_size=6)), draw(st.sampled_from(fuzzing.ENCODINGS)),
            draw(st.lists(byte_op, max_size=3)))
    return name, plan, fuzzing.apply(text, *plan)


def test_mutated_articles_are_read_or_refused_cleanly_and_written_validly():
    _needs_texts()

    @FUZZ
    @given(mutated_articles())
    def run(article):
        name, plan, data = article
        outcome = fuzzing.check(data)
        assert outcome.crash is None, (name, plan, outcome.crash)
        assert outcome.lossless == [], (name, plan, outcome.lossless)
        assert outcome.invalid == {}, (name, plan, outcome.invalid)

    run()


def test_the_slow_writers_on_a_few_mutated_articles():
    """DOCX and PDF take tens of milliseconds each: a handful of inputs here, many in the benchmark."""
    _needs_texts()

    @settings(FUZZ, max_examples=max(3, EXAMPLES // 30))
    @given(mutated_articles())
    def run(article):
        name, plan, data = article
        outcome = fuzzing.check(data, formats=("docx", "pdf"))
        assert outcome.crash is None, (name, plan, outcome.crash)
        assert outcome.invalid == {}, (name, plan, outcome.invalid)

    run()


def test_the_harness_can_fail():
    """A property that is broken is reported: a tree that lost text breaks lossless."""
    _needs_texts()
    name, text = fuzzing.texts()[0]
    outcome = fuzzing.check(text.encode("utf-8"))
    assert outcome.ok and outcome.read
    from convert.document.lossless import lossless_problems

    assert lossless_problems(text + " extra words", fuzzing.load_article(text.encode(), fuzzing.ReadOptions())) != []
