"""The figures as a small plain-text table, each beside its target."""

from __future__ import annotations

from collections.abc import Sequence

from benchmarks.figures import Figure

__all__ = ["format_value", "render_table"]

HEADERS = ("figure", "median", "target", "")


def format_value(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "calls/s":
        return f"{value:,.0f} calls/s"
    if unit == "x":
        return f"{value:.2f}x"
    if unit in {"tests", "tries"}:
        return f"{value:,.0f} {unit}"
    return f"{value:g} {unit}".strip()


def _row(figure: Figure) -> tuple[str, str, str, str]:
    if figure.value is None:
        return (figure.label, "-", "", figure.note)
    target = ""
    if figure.target is not None:
        unit = "" if figure.unit == "x" else f" {figure.unit}"
        target = f"{figure.target.comparison} {figure.target.value:g}{unit}"
    verdict = figure.verdict
    if figure.note:
        verdict = f"{verdict} ({figure.note})" if verdict else figure.note
    return (figure.label, format_value(figure.value, figure.unit), target, verdict)


def render_table(figures: Sequence[Figure]) -> str:
    rows = [HEADERS, *(_row(figure) for figure in figures)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADERS) - 1)]
    lines = []
    for index, row in enumerate(rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)
