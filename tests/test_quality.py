"""The reader and the tagger meet the dev-set targets of issues 3 and 4 (benchmarks/quality.py prints the figures)."""

import sys

from conftest import DEV, REPO, needs_shared

sys.path.insert(0, str(REPO / "benchmarks"))


def figures(printed: str) -> dict[str, float]:
    """'heading F1        0.977 (P …)' → {'heading F1': 0.977}; the label is the text before the first number."""
    found = {}
    for line in printed.splitlines():
        words = line.split()
        number = next((i for i, w in enumerate(words) if w.replace(".", "", 1).isdigit()), None)
        if number:
            found[" ".join(words[:number])] = float(words[number])
    return found


@needs_shared
def test_dev_set_targets(capsys):
    import quality

    quality.score(DEV, verbose=False)
    got = figures(capsys.readouterr().out)
    assert got["headline accuracy"] == 1.0
    assert got["heading F1"] >= 0.95
    assert got["paragraph F1"] >= 0.98
    assert got["dateline accuracy"] >= 0.9
    assert got["lossless rate"] == 1.0
    assert got["cue overlap F1"] >= 0.9
    assert got["source overlap F1"] >= 0.8
