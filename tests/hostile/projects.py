"""The projects the hostile cases run against, built once per session: the
sample corpus ingested with the mini codebook and auto-coded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MINI_CODEBOOK, SAMPLE_DIR
from hostile_harness import copy_project

from kiicode.codebook import load_codebook
from kiicode.pipeline import code, ingest
from kiicode.store import Store


@pytest.fixture(scope="session", name="sample_template")
def sample_template_fixture(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile-template")
    shutil.copytree(SAMPLE_DIR, root / "transcripts")
    book_path = root / "codebook.yaml"
    shutil.copy(MINI_CODEBOOK, book_path)
    book = load_codebook(book_path)
    with Store.open(root / "project.sqlite", create=True) as store:
        ingest(store, [root / "transcripts"], book)
        code(store, book)
    return root


@pytest.fixture(name="workdir")
def workdir_fixture(sample_template, tmp_path) -> Path:
    """A folder of one's own with the sample transcripts, the codebook and a
    coded project store (project.sqlite) whose recorded paths are the template's."""
    shutil.copytree(sample_template / "transcripts", tmp_path / "transcripts")
    shutil.copy(sample_template / "codebook.yaml", tmp_path / "codebook.yaml")
    copy_project(sample_template / "project.sqlite", tmp_path)
    return tmp_path
