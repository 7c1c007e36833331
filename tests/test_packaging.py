"""The default codebook ships inside the package: a wheel built from the
repository carries codebooks/cpc_peru.yaml as kiicode/codebooks/, and the
installed kiicode (not this checkout) ingests with it from another folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

from conftest import ROOT, SAMPLE_DIR

# What a wheel is built from (the rest of the checkout is not needed).
SOURCES = ("kiicode", "codebooks", "setup.py", "pyproject.toml", "README.md")


def test_installed_wheel_carries_the_default_codebook(tmp_path):
    source = tmp_path / "src"
    for name in SOURCES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, source / name,
             **({"ignore": shutil.ignore_patterns("__pycache__")} if copy is shutil.copytree
                else {}))
    # No build isolation: the test must not need the network; the dev
    # environment's setuptools builds the same wheel.
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(source)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("kiicode-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        shipped = archive.read("kiicode/codebooks/cpc_peru.yaml")
    assert shipped == (ROOT / "codebooks" / "cpc_peru.yaml").read_bytes()

    site = tmp_path / "site"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site),
         str(wheel)], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    corpus = elsewhere / "interviews"
    corpus.mkdir()
    for name in ("KII-EN-01.md", "KII-ES-10.vtt", "respondents.csv"):
        shutil.copy2(SAMPLE_DIR / name, corpus / name)
    env = dict(os.environ, PYTHONPATH=str(site))
    run = subprocess.run(
        [sys.executable, "-c",
         "import sys, kiicode; print(kiicode.__file__, file=sys.stderr); "
         "from kiicode.cli import main; sys.argv = ['kiicode', 'ingest', 'interviews', "
         "'--store', 'p.sqlite']; main()"],
        cwd=elsewhere, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr + run.stdout
    assert str(site) in run.stderr.splitlines()[0]   # the installed copy, not this checkout
    assert "2 added" in " ".join(run.stdout.split() + run.stderr.split())
    assert not (elsewhere / "codebooks").exists()
