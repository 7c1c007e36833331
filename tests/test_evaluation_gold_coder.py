"""`evaluate --gold-coder`: a coder's own decisions as the gold, so a team
sees the machine's precision and recall on its own data."""

from __future__ import annotations

import json

import pytest
from coded_project import MINI_CODEBOOK, coded_template_fixture, project_fixture  # noqa: F401

from kiicode.errors import KiicodeError
from kiicode.evaluation import evaluate, gold_from_coder
from kiicode.review import Coder
from kiicode.store import Store


@pytest.fixture
def reviewed(project, mini_codebook):
    """luis reviewed four segments: agreed with the machine on two, rejected
    one suggestion, and found nothing to code on a third."""
    with Store.open(project) as store:
        luis = Coder(store, mini_codebook, "luis")
        luis.accept("KII-T-01:1", "training")
        luis.accept("KII-T-01:2", "turnover")
        luis.reject("KII-T-02:1", "training")
        luis.assign("KII-T-02:1", "specialised_units")
        luis.mark_reviewed("KII-T-02:2")
    return project


def test_gold_from_a_coder(reviewed, mini_codebook):
    with Store.open(reviewed) as store:
        gold = gold_from_coder(store, "luis", mini_codebook)
        assert gold == {"KII-T-01:1": {"training"}, "KII-T-01:2": {"turnover"},
                        "KII-T-02:1": {"specialised_units"}, "KII-T-02:2": set()}
        result = evaluate(store, mini_codebook, gold)
    micro = result.codes.micro
    # machine: training, turnover, training, turnover -> tp 2, fp 2, fn 1
    assert (micro.tp, micro.fp, micro.fn) == (2, 2, 1)
    with Store.open(reviewed) as store, pytest.raises(KiicodeError, match="reviewed no segment"):
        gold_from_coder(store, "lusi")


def test_evaluate_command_takes_exactly_one_gold(reviewed, invoke, tmp_path):
    common = ["--store", reviewed, "--codebook", MINI_CODEBOOK]
    result = invoke("evaluate", "--gold-coder", "luis", "--format", "json", *common)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["codes"]["summary"]
    assert (summary["micro_precision"], summary["micro_recall"]) == (0.5, 0.667)
    assert invoke("evaluate", *common).exit_code == 2
    gold = tmp_path / "gold.csv"
    gold.write_text("segment,codes\nKII-T-01:1,training\n", encoding="utf-8")
    assert invoke("evaluate", gold, "--gold-coder", "luis", *common).exit_code == 2
    assert invoke("evaluate", gold, *common).exit_code == 0
