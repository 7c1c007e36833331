"""Tenth round (issue 16): a small battery of PII-free look-alike speech and
of names said in the forms pii9's missed names were said in
(tests/pii/battery10). Its first two interviews and its Spanish look-alikes
were written before any tenth-round rule changed; KII-B10-SD-EN-02 and
KII-B10-CL-EN-02 after the rules, from the forms of pii3-pii6's misses, but
measured on the round's starting code too. Untuned it found 17 of 29 names
(13 blocking) and gave 5 name false positives in 376 words (1 blocking); its
author knew the rules (docs/anonymisation.md, "Tenth round: names")."""

from __future__ import annotations

from pathlib import Path

from scanning import battery_figures

BATTERY = Path(__file__).resolve().parent / "battery10"


def test_the_battery_keeps_its_false_positives_from_blocking_and_its_names_found():
    every, high = battery_figures(BATTERY)
    assert high["categories"]["person_name"]["false_positives_clean"] == 0
    assert every["categories"]["person_name"]["false_positives_clean"] <= 2
    assert high["categories"]["person_name"]["recall"] >= 0.95
