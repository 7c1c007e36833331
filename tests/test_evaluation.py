"""Precision, recall and F1 arithmetic, checked against hand-computed values."""

import pytest

from kiicode.evaluation import LabelReport


def test_micro_and_macro_by_hand():
    report = LabelReport()
    report.add({"a", "b"}, {"a"})        # a: tp, b: fn
    report.add({"a"}, {"a", "c"})        # a: tp, c: fp
    report.add(set(), {"c"})             # c: fp
    a, b, c = (report.per_label[k] for k in "abc")
    assert (a.tp, a.fp, a.fn) == (2, 0, 0)
    assert (b.tp, b.fp, b.fn) == (0, 0, 1)
    assert (c.tp, c.fp, c.fn) == (0, 2, 0)
    micro = report.micro
    assert micro.precision == pytest.approx(2 / 4)
    assert micro.recall == pytest.approx(2 / 3)
    assert micro.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    # macro over every label seen in gold or predictions: (1 + 0 + 0) / 3
    assert report.macro_f1 == pytest.approx(1 / 3)


def test_empty_gold_and_empty_prediction_score_nothing():
    report = LabelReport()
    report.add(set(), set())
    assert report.per_label == {}
    assert report.macro_f1 == 0.0
    assert report.micro.f1 == 0.0
