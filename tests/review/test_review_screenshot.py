"""scripts/review_screenshot.py regenerates the README's screenshot of the
review screen on the sample corpus."""

from __future__ import annotations

import importlib.util

from conftest import ROOT


def test_screenshot_script_renders_the_review_screen(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "review_screenshot", ROOT / "scripts" / "review_screenshot.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    out = script.screenshot(tmp_path / "screen.svg", tmp_path)
    svg = out.read_text(encoding="utf-8").replace("&#160;", " ")
    assert svg.startswith("<svg")
    for shown in ("KII-ES-01:8", "8/16 reviewed", "staff_turnover", "Memos", "Quit"):
        assert shown in svg
    assert (ROOT / "docs" / "review_screen.svg").exists()
