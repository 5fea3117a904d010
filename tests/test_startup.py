"""Start-up imports only what a command needs: the CLI module loads no reader or writer library,
`parse` no writer library. (Speed itself is printed by benchmarks/startup.py, not tested.)"""

import io
import json
import os
import subprocess
import sys
import zipfile

from conftest import EXAMPLES

WRITER_LIBRARIES = ("docx", "weasyprint", "fontpkg")
PROBE = """
import json, sys
from convert.cli import app
try:
    app(sys.argv[1:], prog_name="copydesk")
except SystemExit:
    pass
print(json.dumps(sorted(name for name in sys.modules if '.' not in name or name.startswith('convert.'))))
"""


def modules_after(*args: str, env=None) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True, env=env)
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_importing_the_cli_loads_no_reader_and_no_writer_library():
    done = subprocess.run([sys.executable, "-c", "import json, sys, convert.cli; print(json.dumps(list(sys.modules)))"],
                          capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stdout))
    assert not loaded & {*WRITER_LIBRARIES, "lxml", "convert.readers.text", "convert.pipeline"}


def test_parse_loads_no_writer_library_and_no_pydantic(tmp_path):
    loaded = modules_after("parse", str(EXAMPLES / "seed-ar.txt"), "-o", str(tmp_path / "seed.xml"))
    assert (tmp_path / "seed.xml").exists()
    assert not loaded & set(WRITER_LIBRARIES)
    assert not any(name.startswith("convert.writers.") for name in loaded)
    assert "pydantic" not in loaded  # plain option values are checked without it (convert.typer_light)


def test_values_that_are_not_plain_still_get_typers_own_messages(tmp_path):
    from typer.testing import CliRunner

    from convert.cli import app

    source = str(EXAMPLES / "seed-ar.txt")
    for option, value, expected in (("--jobs", "0", "greater than or equal to 1"), ("--jobs", "two", "valid integer"),
                                    ("--time-limit", "-1", "greater than or equal to 0"),
                                    ("--time-limit", "soon", "valid number")):
        result = CliRunner().invoke(app, ["convert", source, "-o", str(tmp_path), option, value])
        assert result.exit_code == 2
        assert option in result.output and expected in " ".join(result.output.split()), result.output


def test_converting_to_html_loads_neither_python_docx_nor_weasyprint(tmp_path):
    loaded = modules_after("convert", str(EXAMPLES / "seed-ar.txt"), "-o", str(tmp_path), "--to", "html")
    assert (tmp_path / "seed-ar.html").exists()
    assert not loaded & set(WRITER_LIBRARIES)
    assert "pydantic" not in loaded  # every convert option, --time-limit's float included, is plain

