"""Charts drawn on the server as inline SVG: trend lines by month and horizontal bars, with no script and no external
asset, so they render in any browser, print in black and white and export with the page.

Every text comes from the caller (unit names, categories) and is escaped here. Figures are written the way the
dashboard writes them (`kpi_number`: grouped thousands in the active language). Each chart carries a `<title>` and a
`<desc>` holding its data as text for screen readers. Series differ by dash pattern and marker shape as well as
colour, so a grey printout still tells them apart.
"""

import hashlib
import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from crm.templatetags.crm_tags import kpi_number

Value = int | float | Decimal | None

WIDTH = 560  # close to a dashboard card's width, so 12–13 units of text stay 11px or more on screen
FONT = 13
SMALL = 12
CHAR = 0.56  # average glyph width as a share of the font size, to size label columns without measuring text
INK, MUTED, GRID, AXIS = "#1c2430", "#5b6675", "#e3e8ee", "#8a94a3"
FONTS = "Segoe UI, Roboto, Noto Sans, Helvetica Neue, Arial, sans-serif"
COLOURS = ("#0b4f8a", "#c2410c", "#1f7a45", "#6d28d9")
DASHES = ("", "8 4", "2 3", "10 4 2 4")
MARKERS = ("circle", "square", "triangle", "diamond")
BAR = "#0b4f8a"


@dataclass(frozen=True)
class Series:
    """One line of a line chart: its name (in the legend) and a value per label; None leaves a gap."""

    name: str
    values: list[Value]


# ------------------------------------------------------------------------------------------------------ numbers


def _decimal(value: Value) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _format(value: Value, unit: str) -> str:
    """A figure as the dashboard writes it; "—" when there is none."""
    if value is None:
        return "—"
    text = kpi_number(_decimal(value))
    return f"{text}%" if unit == "percent" else text


def _spoken(value: Value, unit: str) -> str:
    return _("no data") if value is None else _format(value, unit)


def ticks(low: Value, high: Value, unit: str = "count") -> list[Decimal]:
    """Axis ticks covering [low, high] and zero, at steps of 1, 2 or 5 × 10ⁿ (about five of them). Counts step by
    whole numbers; a percentage axis is 0–100 unless a value falls outside it."""
    low, high = _decimal(low) or Decimal(0), _decimal(high) or Decimal(0)
    low, high = min(low, Decimal(0)), max(high, Decimal(0))
    if unit == "percent" and low >= 0 and high <= 100:
        return [Decimal(v) for v in range(0, 101, 20)]
    if high == low:
        high = low + 1
    raw = (high - low) / 5
    magnitude = Decimal(10) ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if unit == "count":
        step = max(step, Decimal(1))
    first = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    last = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
    count = int((last - first) / step)
    return [first + i * step for i in range(count + 1)]


# ------------------------------------------------------------------------------------------------------ drawing


def _width(text: str, size: int = FONT) -> float:
    return len(text) * size * CHAR


def _truncate(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: max(chars - 1, 1)].rstrip() + "…"


def _chart_id(*parts) -> str:
    """A stable id for the title and description (the same chart gives the same id; different charts differ)."""
    return "chart-" + hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:10]


def _svg(chart_id: str, height: float, title: str, desc: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {math.ceil(height)}" '
        f'width="100%" preserveAspectRatio="xMidYMid meet" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{FONTS}" font-size="{FONT}" fill="{INK}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # every text above went through escape()


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = FONT, fill: str = INK, extra="") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}"{extra}>'
        f"{escape(text)}</text>"
    )


def _marker(shape: str, x: float, y: float, colour: str, tip: str = "") -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    style = f'fill="{colour}" stroke="#fff" stroke-width="1"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" {style}>{title}</circle>'
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" {style}>{title}</rect>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y + 3.5:.1f} {x - 4.5:.1f},{y + 3.5:.1f}"
    else:
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
    return f'<polygon points="{points}" {style}>{title}</polygon>'


def _line(colour: str, dash: str, width: float = 2.25) -> str:
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'stroke="{colour}" stroke-width="{width}" fill="none"{dashes} stroke-linejoin="round" stroke-linecap="round"'
    )


def _legend(series: list[Series], top: float) -> tuple[list[str], float]:
    """The legend as rows of samples (line, dash and marker) with names, wrapped to the chart's width."""
    parts, x, y = [], 8.0, top + FONT
    for i, one in enumerate(series):
        name = _truncate(one.name, 48)
        item = 34 + _width(name) + 18
        if x > 8 and x + item > WIDTH - 8:
            x, y = 8.0, y + FONT + 8
        colour = COLOURS[i]
        parts.append(
            f'<line x1="{x:.1f}" y1="{y - 4:.1f}" x2="{x + 28:.1f}" y2="{y - 4:.1f}" {_line(colour, DASHES[i])}/>'
        )
        parts.append(_marker(MARKERS[i], x + 14, y - 4, colour))
        parts.append(_text(x + 34, y, name))
        x += item
    return parts, y + 10


def _no_data(x: float, y: float) -> str:
    return _text(x, y, _("No data for this period."), anchor="middle", fill=MUTED)


def line_chart(*, title: str, labels: list[str], series: list[Series], unit: str = "count") -> SafeString:
    """Lines over the `labels` (months, oldest first), one to four series, each value aligned with its label; None
    leaves a gap (a lone value shows as a marker)."""
    if not 1 <= len(series) <= 4:
        raise ValueError("a line chart draws one to four series")
    if any(len(one.values) != len(labels) for one in series):
        raise ValueError("each series needs one value per label")
    values = [_decimal(v) for one in series for v in one.values if v is not None]
    axis = ticks(min(values, default=0), max(values, default=0), unit)
    tick_labels = [_format(t, unit) for t in axis]

    body, plot_top = _legend(series, 6)
    plot_top += 6
    left = 10 + max(_width(t, SMALL) for t in tick_labels)
    right, plot_height = WIDTH - 14, 190
    bottom = plot_top + plot_height
    low, high = axis[0], axis[-1]

    def y_of(value: Decimal) -> float:
        return bottom - float((value - low) / (high - low)) * plot_height

    for tick, text in zip(axis, tick_labels, strict=True):
        y = y_of(tick)
        stroke = AXIS if tick == 0 else GRID
        body.append(f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{right:.1f}" y2="{y:.1f}" stroke="{stroke}"/>')
        body.append(_text(left - 6, y + 4, text, anchor="end", size=SMALL, fill=MUTED))

    count = len(labels)
    band = (right - left) / max(count, 1)
    xs = [left + (i + 0.5) * band for i in range(count)]
    widest = max((_width(label, SMALL) for label in labels), default=0) + 8
    every = max(1, math.ceil(widest / band)) if count else 1
    for i, label in enumerate(labels):
        if (count - 1 - i) % every == 0:  # the latest month always keeps its label
            body.append(_text(xs[i], bottom + 18, label, anchor="middle", size=SMALL, fill=MUTED))

    for i, one in enumerate(series):
        colour, segments, current = COLOURS[i], [], []
        for x, value in zip(xs, one.values, strict=True):
            if value is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append((x, y_of(_decimal(value))))
        if current:
            segments.append(current)
        path = " ".join(
            "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in segment) for segment in segments if len(segment) > 1
        )
        if path:
            body.append(f'<path d="{path}" {_line(colour, DASHES[i])}/>')
        for x, label, value in zip(xs, labels, one.values, strict=True):
            if value is not None:
                tip = f"{one.name} · {label}: {_format(value, unit)}"
                body.append(_marker(MARKERS[i], x, y_of(_decimal(value)), colour, tip))
    if not values:
        body.append(_no_data((left + right) / 2, plot_top + plot_height / 2))

    desc = " ".join(
        f"{one.name}: "
        + "; ".join(f"{label} {_spoken(v, unit)}" for label, v in zip(labels, one.values, strict=True))
        + "."
        for one in series
    )
    chart_id = _chart_id(title, labels, [(s.name, s.values) for s in series], unit)
    return _svg(chart_id, bottom + 28, title, desc or title, body)


def bar_chart(*, title: str, items: list[tuple[str, Value]], unit: str = "count", target: Value = None) -> SafeString:
    """Horizontal bars, one per (label, value), in the order given, each with its label before it and its value
    after it; a missing value is written "—". An optional `target` draws a dashed line across the bars."""
    values = [_decimal(v) for _label, v in items if v is not None]
    bounds = [*values, *([_decimal(target)] if target is not None else [])]
    axis = ticks(min(bounds, default=0), max(bounds, default=0), unit)
    low, high = axis[0], axis[-1]

    label_chars = 30
    labels = [_truncate(str(label), label_chars) for label, _v in items]
    label_width = min(max((_width(label) for label in labels), default=0), WIDTH * 0.42)
    value_width = max((_width(_format(v, unit)) for _label, v in items), default=0) + 10
    negative = value_width if any(v < 0 for v in values) else 0  # room for values written left of their bar
    left, right = 8 + label_width + 10 + negative, WIDTH - 10 - value_width
    top = 8 + (FONT + 8 if target is not None else 0)
    row, bar = 28, 16
    bottom = top + row * max(len(items), 1)

    def x_of(value: Decimal) -> float:
        return left + float((value - low) / (high - low)) * (right - left)

    body = []
    for tick in axis if items else []:
        x = x_of(tick)
        stroke = AXIS if tick == 0 else GRID
        body.append(f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{stroke}"/>')
        body.append(_text(x, bottom + 16, _format(tick, unit), anchor="middle", size=SMALL, fill=MUTED))
    zero = x_of(Decimal(0))
    for i, ((label, value), shown) in enumerate(zip(items, labels, strict=True)):
        y = top + i * row + (row - bar) / 2
        tip = f"{label}: {_format(value, unit)}"
        body.append(f"<g><title>{escape(tip)}</title>")
        body.append(_text(left - 10, y + bar / 2 + 4.5, shown, anchor="end"))
        beside, anchor = zero + 6, "start"
        if value is not None:
            x = x_of(_decimal(value))
            start, end = min(x, zero), max(x, zero)
            body.append(
                f'<rect x="{start:.1f}" y="{y:.1f}" width="{max(end - start, 1.5):.1f}" height="{bar}" '
                f'fill="{BAR}" rx="2"/>'
            )
            beside, anchor = (x - 6, "end") if x < zero else (end + 6, "start")
        value_text = _format(value, unit)
        body.append(_text(beside, y + bar / 2 + 4.5, value_text, anchor=anchor, extra=' font-weight="600"'))
        body.append("</g>")
    if target is not None:
        x = x_of(_decimal(target))
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 4:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{INK}" '
            f'stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
        text = _("Target: %(value)s") % {"value": _format(target, unit)}
        anchor = "end" if x > WIDTH * 0.7 else "start"
        body.append(_text(x + (-4 if anchor == "end" else 4), top - 6, text, anchor=anchor, size=SMALL))
    if not items:
        body.append(_no_data((left + right) / 2, top + row / 2 + 4))

    desc = "; ".join(f"{label} {_spoken(v, unit)}" for label, v in items)
    if target is not None:
        desc += ". " + _("Target: %(value)s") % {"value": _format(target, unit)}
    chart_id = _chart_id(title, items, unit, target)
    return _svg(chart_id, bottom + 26, title, (desc + ".") if items else title, body)
