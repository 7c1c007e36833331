"""Charts for the report: the heat map (finding x respondent type, share of
N, each cell labelled "n/N") and the strength of evidence per finding (a bar
of distinct respondents, coloured by strength level), as PNG or SVG.

matplotlib draws them (Agg backend, no display needed; imported only here,
when a chart is asked for, since it takes ~0.5 s to load): it is the
maintained standard, writes PNG and SVG from one figure, and needs nothing
at run time beyond its wheel."""

from __future__ import annotations

import textwrap
from pathlib import Path

from ..analysis import NO_STRENGTH, Tally
from ..codebook import Codebook
from ..errors import ExportError, Location, Problem
from . import atomic_path

FORMATS = ("png", "svg")
CHART_KINDS = ("heatmap", "strength")
# strength level -> bar colour, strongest first (levels not listed: grey)
LEVEL_COLOURS = ("#1a7f37", "#7fbf7b", "#f4a261", "#e76f51")
NONE_COLOUR = "#bbbbbb"
DPI = 150


def chart_format(target: str | Path) -> str:
    suffix = Path(target).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ExportError(Problem(Location(str(target)), f"cannot draw a chart as '.{suffix}'",
                                  "end the file name with .png or .svg"))
    return suffix


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.rcParams.update({"font.size": 9, "svg.fonttype": "none",
                         "svg.hashsalt": "kiicode", "font.family": "DejaVu Sans"})
    return plt


def _save(figure, target: Path, fmt: str) -> Path:
    plt = _pyplot()
    try:
        with atomic_path(target) as temp:
            figure.savefig(temp, format=fmt, dpi=DPI, bbox_inches="tight",
                           metadata={"Date": None} if fmt == "svg" else None)
    finally:
        plt.close(figure)
    return target


def heatmap_chart(tallies: list[Tally], labels: dict[str, str], target: str | Path,
                  title: str = "") -> Path:
    """Findings (rows) x respondent types (columns): colour = n / N of that
    type, each cell labelled n/N; the last column is all respondents."""
    fmt = chart_format(target)
    plt = _pyplot()
    types = list(tallies[0].by["type"]) if tallies else []
    # long type names wrap over lines so neighbouring heads never overlap
    heads = [f"{textwrap.fill(labels.get(t, t), 13)}\n(N={tallies[0].by['type'][t].total})"
             for t in types]
    heads.append(f"All\n(N={tallies[0].population if tallies else 0})")
    shares, texts = [], []
    for t in tallies:
        row = [t.by["type"][g] for g in types]
        shares.append([s.share for s in row] + [t.n / t.population if t.population else 0])
        texts.append([f"{s.n}/{s.total}" for s in row] + [f"{t.n}/{t.population}"])
    height = max(2.5, 0.38 * len(tallies) + 1.6)
    width = max(5.0, 1.15 * len(heads) + 3)
    figure, axes = plt.subplots(figsize=(width, height))
    image = axes.imshow(shares or [[0]], cmap="Greens", vmin=0, vmax=1, aspect="auto")
    axes.set_xticks(range(len(heads)), heads, fontsize=8)
    axes.set_yticks(range(len(tallies)), [t.id for t in tallies])
    axes.xaxis.tick_top()
    for i, row in enumerate(texts):
        for j, text in enumerate(row):
            axes.text(j, i, text, ha="center", va="center",
                      color="white" if shares[i][j] > 0.6 else "black", fontsize=8)
    colour_bar = figure.colorbar(image, ax=axes, fraction=0.04, pad=0.02)
    colour_bar.set_label("share of respondents interviewed (n / N)")
    if title:
        axes.set_title(title, pad=40 if heads else 10, fontsize=10)
    return _save(figure, Path(target), fmt)


def strength_chart(tallies: list[Tally], codebook: Codebook, target: str | Path,
                   title: str = "") -> Path:
    """One bar per finding: distinct supporting respondents (n of N), coloured
    by its strength of evidence, the level written at the bar's end."""
    fmt = chart_format(target)
    plt = _pyplot()
    levels = [lv.name for lv in sorted(codebook.reporting.strength, reverse=True,
                                       key=lambda lv: (lv.min_respondents, lv.min_types,
                                                       lv.min_regions))]
    colour = {name: LEVEL_COLOURS[min(i, len(LEVEL_COLOURS) - 1)]
              for i, name in enumerate(levels)}
    colour[NO_STRENGTH] = NONE_COLOUR
    ordered = list(reversed(tallies))      # first finding on top
    height = max(2.5, 0.32 * len(tallies) + 1.2)
    figure, axes = plt.subplots(figsize=(7.5, height))
    population = max((t.population for t in tallies), default=0)
    axes.barh([t.id for t in ordered], [t.n for t in ordered],
              color=[colour.get(t.strength.level, NONE_COLOUR) for t in ordered])
    for i, t in enumerate(ordered):
        axes.text(t.n + population * 0.01, i, f"{t.n} of {t.population} · {t.strength.level}",
                  va="center", fontsize=8)
    axes.set_xlim(0, max(population, 1) * 1.35)
    axes.set_xlabel("distinct respondents supporting the finding (n of N)")
    handles = [plt.Rectangle((0, 0), 1, 1, color=colour[name]) for name in colour]
    axes.legend(handles, list(colour), title="strength", loc="lower right", fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    if title:
        axes.set_title(title, fontsize=10)
    return _save(figure, Path(target), fmt)


__all__ = ["heatmap_chart", "strength_chart", "chart_format", "CHART_KINDS", "FORMATS"]
