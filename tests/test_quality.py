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


@needs_shared
def test_the_enlarged_set_stays_above_the_unseen_floor_of_issue_10(capsys):
    """Dev set + benchmarks/annotations: never below the figures issue 10 measured on unseen copy
    (heading 0.85, paragraph 0.967, dateline 0.92, cue 0.81, source 0.70), per language lossless."""
    import quality

    groups = quality.score(DEV, verbose=False, annotations=quality.ANNOTATIONS)
    got = figures(capsys.readouterr().out.split("by language:")[0])
    assert got["heading F1"] >= 0.85 and got["paragraph F1"] >= 0.967
    assert got["dateline accuracy"] >= 0.92 and got["lossless rate"] == 1.0
    assert got["cue overlap F1"] >= 0.81 and got["source overlap F1"] >= 0.70
    assert all(g.exact["lossless"] == g.articles for g in groups.values())


@needs_shared
def test_the_enlarged_set_meets_the_targets_of_issue_10_overall(capsys):
    """Dev set + benchmarks/annotations, all languages together: the targets issue 10 sets (per
    language they are not all met yet: Urdu headings, see the issue)."""
    import quality

    quality.score(DEV, verbose=False, annotations=quality.ANNOTATIONS)
    got = figures(capsys.readouterr().out.split("by language:")[0])
    assert got["headline accuracy"] >= 0.98 and got["heading F1"] >= 0.95 and got["paragraph F1"] >= 0.99
    assert got["dateline accuracy"] >= 0.95 and got["end-credit F1"] >= 0.95
    assert got["cue overlap F1"] >= 0.90 and got["source overlap F1"] >= 0.80
