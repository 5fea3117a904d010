"""The reader meets the dev-set targets of issue 3 (benchmarks/quality.py prints the full figures)."""

import sys


from conftest import DEV, REPO, needs_shared

sys.path.insert(0, str(REPO / "benchmarks"))


@needs_shared
def test_dev_set_targets(capsys):
    import quality

    quality.score(DEV, verbose=False)
    lines = dict(line.split(None, 2)[0:3:2] if False else (line[:18].strip(), line[18:].split()[0])
                 for line in capsys.readouterr().out.splitlines())
    assert float(lines["headline accuracy"]) == 1.0
    assert float(lines["heading F1"]) >= 0.95
    assert float(lines["paragraph F1"]) >= 0.98
    assert float(lines["dateline accuracy"]) >= 0.9
    assert float(lines["lossless rate"]) == 1.0
