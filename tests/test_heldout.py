"""The held-out annotations (benchmarks/heldout) stay loadable and valid: pinned SHA-256, units equal to the
tool's units of the file, cues and sources inside body paragraphs, one set per article. No score floors here
on purpose: the held-out figures are measured (`quality.py --heldout`), never tuned for."""

import json
import sys

import pytest

from conftest import DEV, REPO, needs_shared

sys.path.insert(0, str(REPO / "benchmarks" / "annotations"))
sys.path.insert(0, str(REPO / "benchmarks"))

HELDOUT = REPO / "benchmarks" / "heldout"
STORED = sorted(HELDOUT.glob("*.json"))


def test_the_heldout_folder_says_what_it_is():
    readme = (HELDOUT / "README.md").read_text(encoding="utf-8")
    assert "never changed because of a miss here" in readme and "seed" in readme
    assert len(STORED) >= 12


def test_an_article_is_in_one_set_only():
    annotated = {p.name for p in (REPO / "benchmarks" / "annotations").glob("*.json")}
    assert not annotated & {p.name for p in STORED}
    dev = {p.name.removesuffix(".gold.json") + ".json" for p in DEV.glob("*.gold.json")} if DEV.is_dir() else set()
    assert not dev & {p.name for p in STORED}


@needs_shared
@pytest.mark.parametrize("path", STORED, ids=[p.stem for p in STORED])
def test_a_heldout_annotation_is_valid(path):
    import tool

    stored = json.loads(path.read_text(encoding="utf-8"))
    text, sha = tool.decoded(stored["file"])
    assert sha == stored["sha256"], "the article changed since it was annotated"
    assert path.stem == tool.Path(stored["file"]).stem
    spans = tool.units(text, tool.indented_units(stored["file"]))
    assert [(s, e) for s, e, _ in stored["units"]] == spans
    assert {label for _, _, label in stored["units"]} <= set(tool.LABELS)
    paragraphs = [(s, e) for s, e, label in stored["units"] if label == "paragraph"]
    assert paragraphs, "an article has body paragraphs"
    inside = lambda span: any(s <= span[0] < span[1] <= e for s, e in paragraphs)
    if stored["dateline"]:
        assert stored["dateline"][0] == paragraphs[0][0] and inside(stored["dateline"])
    assert stored["attributions_annotated"] is True
    cues = [tuple(a["cue"]) for a in stored["attributions"]] + [tuple(a["cue"]) for a in stored["attributions_implicit"]]
    assert len(set(cues)) == len(cues), "a cue is annotated once"
    for kind in ("attributions", "attributions_implicit"):
        starts = [a["cue"][0] for a in stored[kind]]
        assert starts == sorted(starts), f"{kind} in cue order"
    for item in stored["attributions"] + stored["attributions_implicit"]:
        assert inside(item["cue"]) and text[item["cue"][0]:item["cue"][1]].strip()
        source = item.get("source")
        if source:
            para = next(p for p in paragraphs if p[0] <= item["cue"][0] < p[1])
            assert para[0] <= source[0] < source[1] <= para[1], "a source is in its cue's paragraph"
    gold = tool.load_gold(path)
    assert gold["id"] == path.stem and gold["sections"]


@needs_shared
def test_quality_scores_the_heldout_set_alone(capsys):
    import quality

    groups = quality.score(None, verbose=False, annotations=quality.HELDOUT)
    printed = capsys.readouterr().out
    assert groups["all"].articles == len(STORED) and "by language:" in printed
