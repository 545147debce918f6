"""Server-side SVG chart of one measure: each originator's figures over time, conflicts marked.

Rendered with matplotlib's Agg-free SVG backend on a private Figure (no pyplot global state,
so concurrent requests cannot draw into each other's axes). Text is drawn as paths and the
SVG carries no date or random ids, so the same data gives the same bytes; it is served as an
<img>, where no script in an SVG could run anyway.

Labels are crawled text (originators, places), so every text is drawn as written: each text
object is made with mathtext parsing and TeX off (a name with ``$\\foo{$`` in it would
otherwise fail the whole chart), and a legend label starting with "_", which matplotlib would
silently hide, gets a space in front. These are set per text object, not through the global
rcParams, which every thread of the app shares.
"""

from __future__ import annotations

import io
import threading
from datetime import date

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

from review.reconcile.intervals import INF
from review.reconcile.result import Point

MARKERS = "os^Dv<>ph*"
PLAIN_TEXT = {"parse_math": False, "usetex": False}
# rc_context changes matplotlib's process-wide settings: one chart is saved at a time.
_SAVING = threading.Lock()


def partial_date(value: str | None) -> date | None:
    """ "2024" and "2024-07" are placed at the start of their period."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        return date(parts[0], parts[1], parts[2])
    except ValueError:
        return None


def _legend_label(name: str) -> str:
    return " " + name if name.startswith("_") else name


def render_svg(measure: str, label: str, points: list[Point]) -> bytes:
    totals = [p for p in points if p.breakdown is None and p.interval is not None]
    figure = Figure(figsize=(8, 4), dpi=100)
    axes = figure.add_subplot()
    originators = sorted({p.originator for p in totals})
    for index, originator in enumerate(originators):
        own = sorted(
            (p for p in totals if p.originator == originator and partial_date(p.date)),
            key=lambda p: p.date or "",
        )
        xs = [partial_date(p.date) for p in own]
        lows = [p.interval.lo for p in own]
        highs = [p.interval.hi for p in own]
        marker = MARKERS[index % len(MARKERS)]
        line = axes.plot(xs, lows, marker=marker, label=_legend_label(originator), linewidth=1)[0]
        for x, lo, hi in zip(xs, lows, highs, strict=True):
            if hi == INF:  # "more than": an arrow pointing up from the lower bound
                axes.annotate("", (x, lo * 1.08 + 1), (x, lo), arrowprops={"arrowstyle": "->"})
            elif hi > lo:
                axes.vlines(x, lo, hi, colors=line.get_color(), linewidth=3, alpha=0.5)
    conflicts = sorted({p.date for p in totals if p.status == "conflict" and partial_date(p.date)})
    for index, when in enumerate(conflicts):
        axes.axvline(
            partial_date(when),
            color="#c0392b",
            linestyle="--",
            linewidth=1,
            label="conflict" if index == 0 else None,
        )
    if not totals:
        axes.text(0.5, 0.5, "no dated totals", ha="center", va="center", transform=axes.transAxes)
    axes.set_title(label, **PLAIN_TEXT)
    axes.set_ylabel("count", **PLAIN_TEXT)
    axes.grid(True, alpha=0.3)
    if originators:
        for text in axes.legend(loc="best", fontsize="small").get_texts():
            text.set_parse_math(False)
            text.set_usetex(False)
    figure.autofmt_xdate()
    buffer = io.BytesIO()
    with _SAVING, matplotlib.rc_context({"svg.hashsalt": measure, "svg.fonttype": "path"}):
        figure.tight_layout()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()
