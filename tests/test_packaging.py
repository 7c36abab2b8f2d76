"""The wheel is the product: what pyproject.toml packs must be every package of kit/ and every file of the top-level
content/ and layouts/ folders (the defaults a user's working folder starts from), and the version lives in one place.

The round trip itself (build the wheel, install it in a fresh environment, `kit init` and `kit build` in an empty
folder) is run by .ci/run: it takes a minute of installing.
"""

from __future__ import annotations

import glob
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import kit
from kit import defaults

ROOT = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _tracked(folder: str) -> set[str]:
    """The files git tracks under a folder, relative to it (what a release is built from)."""
    listed = subprocess.run(["git", "ls-files", "-z", folder], cwd=ROOT, capture_output=True, check=True).stdout
    return {str(Path(name).relative_to(folder).as_posix()) for name in listed.decode().split("\0") if name}


def test_every_package_of_kit_is_in_the_wheel():
    found = {".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "kit").rglob("__init__.py")}
    listed = set(SETUPTOOLS["packages"])
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    assert listed - found == {"kit.defaults.content", "kit.defaults.layouts"}


def test_every_default_file_is_package_data():
    for package, folder in (("kit.defaults.content", "content"), ("kit.defaults.layouts", "layouts")):
        assert SETUPTOOLS["package-dir"][package] == folder
        # setuptools expands the patterns with glob, relative to the package's folder: so does this test
        packed = {match for pattern in SETUPTOOLS["package-data"][package]
                  for match in glob.glob(pattern, root_dir=ROOT / folder, recursive=True) if (ROOT / folder / match).is_file()}
        packed = {Path(name).as_posix() for name in packed}
        tracked = _tracked(folder)
        assert tracked, folder
        assert tracked - packed == set(), f"files of {folder}/ that the wheel would leave out"


def test_a_checkout_reads_the_top_level_folders_as_its_defaults():
    assert defaults.CONTENT == ROOT / "content" and defaults.LAYOUTS == ROOT / "layouts"
    assert not (ROOT / "kit" / "defaults" / "content").exists(), "no second copy of content/ is kept"


def test_the_version_is_said_in_one_place():
    assert "version =" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8").split("[project]")[1].split("[")[0]
    assert SETUPTOOLS["dynamic"]["version"] == {"attr": "kit.__version__"}
    assert version("beleidstool-kit") == kit.__version__
    said = subprocess.run([sys.executable, "-m", "kit", "--version"], capture_output=True, text=True, check=True).stdout
    assert said.strip() == f"kit, version {kit.__version__}"
