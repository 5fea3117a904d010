"""The on-disk cache (convert.cache) changes no output: a DOCX made from a cached look is the DOCX
made without one; a cached run does not import python-docx; a changed input is a new entry; a
broken or unwritable cache is rebuilt or skipped, never an error."""

import json
import os
import subprocess
import sys

from conftest import EXAMPLES

SEED = EXAMPLES / "seed-ar.txt"
PROBE = """
import json, sys
from convert.cli import app
try:
    app(sys.argv[1:], prog_name="copydesk")
except SystemExit:
    pass
print(json.dumps(sorted(name for name in sys.modules if '.' not in name)))
"""


def run(cache_dir, *args) -> set[str]:
    env = {**os.environ, "COPYDESK_CACHE_DIR": str(cache_dir)}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, check=True)
    assert "Error" not in done.stderr, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def docx(cache_dir, out, *extra) -> tuple[bytes, set[str]]:
    loaded = run(cache_dir, "convert", str(SEED), "-o", str(out), "--force", *extra)
    return out.read_bytes(), loaded


def test_a_cached_look_gives_the_same_docx_and_needs_no_python_docx(tmp_path):
    cache_dir = tmp_path / "cache"
    cold, cold_modules = docx(cache_dir, tmp_path / "cold.docx")
    warm, warm_modules = docx(cache_dir, tmp_path / "warm.docx")
    uncached, _ = docx("off", tmp_path / "off.docx")
    assert cold == warm == uncached
    assert "docx" in cold_modules and "docx" not in warm_modules
    assert "fontTools" not in warm_modules and "fontpkg" not in warm_modules
    assert any(entry.name.startswith("docx-look-") for entry in cache_dir.iterdir())


def test_the_cache_can_be_turned_off(tmp_path):
    docx("off", tmp_path / "a.docx")
    docx("off", tmp_path / "b.docx")
    assert not (tmp_path / "off").exists()


def test_a_broken_entry_is_rebuilt(tmp_path):
    cache_dir = tmp_path / "cache"
    good, _ = docx(cache_dir, tmp_path / "good.docx")
    for entry in cache_dir.iterdir():
        entry.write_bytes(b"\x00garbage" if entry.name.startswith("docx-look-") else b"[")
    again, loaded = docx(cache_dir, tmp_path / "again.docx")
    assert again == good and "docx" in loaded


def test_a_cache_that_is_a_file_is_no_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    out, _ = docx(blocker, tmp_path / "a.docx")
    assert out.startswith(b"PK")


def test_a_changed_reference_document_is_a_new_look(tmp_path):
    import docx as python_docx

    cache_dir = tmp_path / "cache"
    reference = tmp_path / "reference.docx"
    for margin_mm, name in ((20, "first.docx"), (45, "second.docx")):
        document = python_docx.Document()
        document.sections[0].left_margin = python_docx.shared.Mm(margin_mm)
        document.save(reference)
        os.utime(reference, ns=(margin_mm * 10**9, margin_mm * 10**9))  # the same path, another file
        docx(cache_dir, tmp_path / name, "--reference-doc", str(reference))
    margins = [python_docx.Document(tmp_path / name).sections[0].left_margin.mm for name in ("first.docx", "second.docx")]
    assert [round(m) for m in margins] == [20, 45]


def test_font_lookups_are_remembered_by_the_files_they_found(tmp_path, monkeypatch):
    from convert import cache
    from convert.writers import fonts

    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    fonts.find.cache_clear()
    face = fonts.find("Amiri")
    fonts.find.cache_clear()
    stored = [entry for entry in tmp_path.iterdir() if entry.name.startswith("face-")]
    assert stored and json.loads(stored[0].read_text())[0] == "Amiri"
    assert fonts.find("Amiri") == face
    assert cache.file_stamp(face.regular)[1] == face.regular.stat().st_size


def test_each_kind_keeps_only_its_newest_entries(tmp_path, monkeypatch):
    from convert import cache

    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "KEPT_PER_KIND", 3)
    for n in range(6):
        cache.write_json(f"face-{n}", n)
        os.utime(tmp_path / f"face-{n}", ns=(n * 10**9, n * 10**9))
    cache.write_json("coverage-0", [])
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["coverage-0", "face-3", "face-4", "face-5"]
