"""Inter-coder agreement checked against hand-computed values, the bands,
the agreement counting rule, and `kiicode agreement`."""

from __future__ import annotations

import csv
import io
import json

import pytest
from coded_project import MINI_CODEBOOK, coded_template_fixture, project_fixture  # noqa: F401
from conftest import flat

from kiicode.agreement import (
    agreed_codings,
    agreement,
    alpha_band,
    cohen_kappa,
    kappa_band,
    krippendorff_alpha,
    percent_agreement,
)
from kiicode.analysis import effective_codings
from kiicode.errors import KiicodeError, NotFoundError
from kiicode.review import Coder
from kiicode.store import Store

SEGMENTS = ["KII-T-01:1", "KII-T-01:2", "KII-T-01:3", "KII-T-02:1", "KII-T-02:2"]


def code_as(store, codebook, name: str, held: dict[str, set[str]]) -> None:
    """The coder reviews every segment: accepts the codes in `held`, rejects
    the other suggestions."""
    coder = Coder(store, codebook, name)
    for segment in SEGMENTS:
        coder.mark_reviewed(segment)
        suggested = {c.code for c in store.codings([segment], coder="auto")}
        for code in held.get(segment, set()):
            coder.assign(segment, code)
        for code in suggested - held.get(segment, set()):
            coder.reject(segment, code)


# The table (1 = the coder holds the code on the segment):
#                    T1:1 T1:2 T1:3 T2:1 T2:2
# training     ana    1    0    0    1    0      luis identical (perfect agreement)
# turnover     ana    0    1    0    0    1      luis 0 1 0 0 0
# spec. units  ana    0    0    1    0    0      luis never uses it
ANA = {"KII-T-01:1": {"training"}, "KII-T-01:2": {"turnover"},
       "KII-T-01:3": {"specialised_units"}, "KII-T-02:1": {"training"},
       "KII-T-02:2": {"turnover"}}
LUIS = {"KII-T-01:1": {"training"}, "KII-T-01:2": {"turnover"}, "KII-T-02:1": {"training"}}


@pytest.fixture
def two_coders(project, mini_codebook):
    with Store.open(project) as store:
        code_as(store, mini_codebook, "ana", ANA)
        code_as(store, mini_codebook, "luis", LUIS)
    return project


def test_statistics_by_hand_on_a_small_table():
    a, b = [0, 1, 0, 0, 1], [0, 1, 0, 0, 0]
    assert percent_agreement(a, b) == pytest.approx(0.8)
    # pe = .4*.2 + .6*.8 = .56; kappa = (.8 - .56) / .44
    assert cohen_kappa(a, b) == pytest.approx(0.24 / 0.44)
    # n = 10 values, n0 = 7, n1 = 3, one disagreeing unit: 1 - 9 * 2 / (2 * 7 * 3)
    assert krippendorff_alpha(a, b) == pytest.approx(1 - 18 / 42)


def test_perfect_and_degenerate_agreement():
    assert cohen_kappa([1, 0, 1], [1, 0, 1]) == pytest.approx(1.0)
    assert krippendorff_alpha([1, 0, 1], [1, 0, 1]) == pytest.approx(1.0)
    # one value throughout: chance agreement is 1, both figures undefined
    assert cohen_kappa([1, 1], [1, 1]) is None
    assert krippendorff_alpha([0, 0], [0, 0]) is None


@pytest.mark.parametrize("kappa, band", [(0.81, "almost perfect"), (0.61, "substantial"),
                                         (0.6, "moderate"), (0.3, "fair"), (0.0, "slight"),
                                         (-0.1, "poor"), (None, "n/a")])
def test_kappa_bands(kappa, band):
    assert kappa_band(kappa) == band


@pytest.mark.parametrize("alpha, band", [(0.80, "reliable"), (0.667, "tentative"),
                                         (0.66, "unreliable"), (None, "n/a")])
def test_alpha_bands(alpha, band):
    assert alpha_band(alpha) == band


def test_agreement_per_code_and_overall(two_coders, mini_codebook):
    with Store.open(two_coders) as store:
        report = agreement(store, "ana", "luis", mini_codebook)
    assert report.segments == 5
    by_code = {row.code: row for row in report.per_code}
    assert list(by_code) == ["training", "turnover", "specialised_units"]   # codebook order

    training = by_code["training"]
    assert (training.percent, training.kappa, training.alpha) == (1.0, 1.0, 1.0)
    assert not training.below and training.kappa_band == "almost perfect"

    turnover = by_code["turnover"]
    assert turnover.percent == pytest.approx(0.8)
    assert turnover.kappa == pytest.approx(0.24 / 0.44)
    assert turnover.alpha == pytest.approx(1 - 18 / 42)
    assert turnover.below and turnover.kappa_band == "moderate"
    (example,) = turnover.examples
    assert (example.segment, example.held_by) == ("KII-T-02:2", "ana")
    assert example.text.startswith("Staff turnover was a problem")

    # a code luis never used: pe = .2*0 + .8*1 = .8, kappa = (.8 - .8) / .2 = 0;
    # alpha: n0 = 9, n1 = 1, one disagreement: 1 - 9 * 2 / (2 * 9 * 1) = 0
    units = by_code["specialised_units"]
    assert (units.used_by_a, units.used_by_b) == (1, 0)
    assert units.kappa == pytest.approx(0.0) and units.alpha == pytest.approx(0.0)
    assert units.alpha_band == "unreliable"

    # pooled over 15 decisions: 13 agree; pA1 = 5/15, pB1 = 3/15, pe = 9/15
    overall = report.overall
    assert overall.units == 15
    assert overall.percent == pytest.approx(13 / 15)
    assert overall.kappa == pytest.approx((13 / 15 - 9 / 15) / (6 / 15))
    # n = 30, n1 = 8, n0 = 22, two disagreeing units: 1 - 29 * 4 / (2 * 22 * 8)
    assert overall.alpha == pytest.approx(1 - 116 / 352)
    assert overall.kappa_band == "substantial" and overall.alpha_band == "tentative"
    assert [row.code for row in report.below] == ["turnover", "specialised_units"]


def test_perfect_agreement_lists_nothing_below(project, mini_codebook):
    with Store.open(project) as store:
        code_as(store, mini_codebook, "ana", ANA)
        code_as(store, mini_codebook, "luis", ANA)
        report = agreement(store, "ana", "luis", mini_codebook)
    assert report.overall.kappa == pytest.approx(1.0)
    assert report.overall.alpha == pytest.approx(1.0)
    assert report.below == []


def test_only_segments_both_reviewed_count(project, mini_codebook):
    with Store.open(project) as store:
        code_as(store, mini_codebook, "ana", ANA)
        Coder(store, mini_codebook, "luis").assign("KII-T-02:2", "turnover")
        report = agreement(store, "ana", "luis", mini_codebook)
        assert report.segments == 1
        assert report.overall.percent == 1.0
        with pytest.raises(NotFoundError, match="no decisions by coder 'lusi'.*did you mean"):
            agreement(store, "ana", "lusi")
        with pytest.raises(KiicodeError, match="two different coders"):
            agreement(store, "ana", "ana")
        Coder(store, mini_codebook, "eva").assign("KII-T-01:1", "training")
        with pytest.raises(KiicodeError, match="no segment in common"):
            agreement(store, "eva", "luis")


def test_the_agreement_rule_for_counts(two_coders):
    with Store.open(two_coders) as store:
        agreed = agreed_codings(store, ["ana", "luis"])
        assert agreed["KII-T-01:1"]["training"].status == "accepted"
        assert agreed["KII-T-02:2"]["turnover"].status == "rejected"       # luis rejected it
        assert agreed["KII-T-01:3"]["specialised_units"].status == "rejected"
        held = {(s, c) for s, codes in agreed.items() for c, sc in codes.items()
                if sc.status == "accepted"}
        assert held == {("KII-T-01:1", "training"), ("KII-T-01:2", "turnover"),
                        ("KII-T-02:1", "training")}
        assert effective_codings(store, ("ana", "luis")) == agreed   # one rule, by either name
        ana = effective_codings(store, "ana")
        assert ana["KII-T-02:2"]["turnover"].status == "accepted"


def test_agreement_command_formats(two_coders, invoke):
    common = ["--coders", "ana", "luis", "--store", two_coders, "--codebook", MINI_CODEBOOK]
    result = invoke("agreement", *common)
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "Agreement of ana and luis on 5 segments both reviewed" in text
    assert "Below the bands (2):" in text
    assert 'KII-T-02:2 only ana: "Staff turnover was a problem' in text

    data = json.loads(invoke("agreement", *common, "--format", "json").stdout)
    assert data["overall"]["kappa"] == 0.667 and data["overall"]["alpha_band"] == "tentative"
    assert [row["code"] for row in data["per_code"]] == [
        "training", "turnover", "specialised_units"]

    rows = list(csv.DictReader(io.StringIO(invoke("agreement", *common, "--format",
                                                  "csv").stdout)))
    assert [row["code"] for row in rows] == ["training", "turnover", "specialised_units",
                                             "overall"]
    assert rows[1]["kappa"] == "0.545" and rows[1]["below"] == "True"


def test_agreement_command_errors(two_coders, invoke):
    result = invoke("agreement", "--coders", "ana", "lusi", "--store", two_coders)
    assert result.exit_code == 1
    assert "did you mean 'luis'" in flat(result.stderr)
    assert invoke("agreement", "--coders", "ana", "--store", two_coders).exit_code == 2
    result = invoke("agreement", "--coders", "ana", "luis", "--format", "xml",
                    "--store", two_coders)
    assert result.exit_code == 2


def test_tally_audit_and_export_count_by_agreement(two_coders, invoke, tmp_path):
    common = ["--store", two_coders, "--codebook", MINI_CODEBOOK, "--status", "accepted"]
    agreed = json.loads(invoke("tally", *common, "--agreement", "ana", "--agreement", "luis",
                               "--format", "json").stdout)
    alone = json.loads(invoke("tally", *common, "--coder", "ana", "--format", "json").stdout)
    assert "the agreement of ana and luis" in agreed["counted"]

    def quotes(report, finding):
        return next(t for t in report["tallies"] if t["id"] == finding)["quotes"]

    # both coders accepted training on KII-T-01:1 and KII-T-02:1; turnover they
    # agree on only in KII-T-01:2, while ana alone also accepted it in KII-T-02:2
    assert quotes(agreed, "F1") == 2 and quotes(agreed, "F2") == 1
    assert quotes(alone, "F2") == 2
    audit = invoke("audit", *common, "--agreement", "ana", "--agreement", "luis",
                   "--format", "json")
    assert audit.exit_code in (0, 1) and "agreement of ana and luis" in audit.stdout
    out = tmp_path / "agreed.xlsx"
    result = invoke("export", "xlsx", out, *common, "--agreement", "ana", "--agreement", "luis")
    assert result.exit_code == 0, result.output
    assert "3 evidence rows" in flat(result.stderr)


def test_counting_rule_flags_are_checked(two_coders, invoke):
    common = ["--store", two_coders, "--codebook", MINI_CODEBOOK]
    both = invoke("tally", *common, "--coder", "ana", "--agreement", "ana", "--agreement", "luis")
    assert both.exit_code == 2 and "choose one counting rule" in flat(both.output)
    one = invoke("tally", *common, "--agreement", "ana")
    assert one.exit_code == 2 and "two or more coders" in flat(one.output)
    typo = invoke("tally", *common, "--agreement", "ana", "--agreement", "lusi")
    assert typo.exit_code == 1 and "did you mean 'luis'" in flat(typo.stderr)
    assert "Traceback" not in typo.output


def test_export_codings_by_agreement(two_coders, invoke, tmp_path):
    out = tmp_path / "agreed.jsonl"
    result = invoke("export", "codings", out, "--store", two_coders, "--codebook",
                    MINI_CODEBOOK, "--agreement", "ana", "--agreement", "luis")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    accepted = {(r["segment"], r["code"]) for r in rows if r["status"] == "accepted"}
    assert accepted == {("KII-T-01:1", "training"), ("KII-T-01:2", "turnover"),
                        ("KII-T-02:1", "training")}
