"""The built wheel carries what an installed copydesk needs without the repository: schema, stylesheets, lexicons."""

import subprocess
import sys
import zipfile

from conftest import REPO


def test_the_wheel_ships_schema_stylesheets_and_lexicons(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
                    str(tmp_path), str(REPO)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("copydesk-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("convert/schemas/article-1.xsd", "convert/schemas/xml.xsd", "convert/writers/html.css",
                   "convert/writers/print.css", *(f"convert/readers/text/lexicon/{lang}.tsv" for lang in ("common", "ar", "en", "fa", "ur", "he"))):
        assert needed in names, needed
