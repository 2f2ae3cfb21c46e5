"""Server-rendered SVG charts: the search timeline (articles per day, stacked per outlet) and the
outlet sparklines. Inline SVG needs no JavaScript, no CDN and prints the same in every browser.

Every label goes through ``html.escape``; the SVG is returned as ``markupsafe.Markup`` so Jinja
inserts it as is.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from markupsafe import Markup

# Colour-blind-safe palette (Okabe-Ito), then grey for "others".
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
OTHER_COLOUR = "#999999"
MAX_SERIES = len(PALETTE)


def day_range(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def timeline_svg(
    rows: Iterable[tuple[str, str, int]],
    *,
    outlet_names: dict[str, str] | None = None,
    width: int = 720,
    height: int = 180,
    max_days: int = 366,
) -> tuple[Markup, list[dict]]:
    """Stacked bars of articles per day per outlet from ``(day 'YYYY-MM-DD', outlet, count)`` rows.

    Returns the SVG and the legend (``[{"outlet", "name", "colour", "count"}]``). Outlets beyond the
    palette are merged into "기타" so the chart stays readable; days without articles are kept as
    gaps so the time axis is honest. Only the last ``max_days`` days are drawn.
    """
    outlet_names = outlet_names or {}
    per_day: dict[date, dict[str, int]] = {}
    totals: dict[str, int] = {}
    for day_s, outlet, count in rows:
        try:
            day = date.fromisoformat(str(day_s)[:10])
        except ValueError:
            continue
        per_day.setdefault(day, {})
        per_day[day][outlet] = per_day[day].get(outlet, 0) + int(count)
        totals[outlet] = totals.get(outlet, 0) + int(count)
    if not per_day:
        return Markup(""), []
    ranked = sorted(totals, key=lambda o: (-totals[o], o))
    shown = ranked[: MAX_SERIES - 1] if len(ranked) > MAX_SERIES else ranked
    colours = {o: PALETTE[i] for i, o in enumerate(shown)}
    legend = [
        {"outlet": o, "name": outlet_names.get(o, o), "colour": colours[o], "count": totals[o]} for o in shown
    ]
    others = [o for o in ranked if o not in colours]
    if others:
        legend.append(
            {"outlet": "", "name": "기타", "colour": OTHER_COLOUR, "count": sum(totals[o] for o in others)}
        )

    last = max(per_day)
    first = max(min(per_day), last - timedelta(days=max_days - 1))
    days = day_range(first, last)
    peak = max(sum(per_day.get(d, {}).values()) for d in days) or 1
    left, bottom, top = 32, 22, 8
    plot_w, plot_h = width - left - 4, height - bottom - top
    slot = plot_w / len(days)
    bar_w = max(slot * 0.8, 0.5)

    parts = [
        f'<svg class="timeline" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="timeline-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="timeline-title">일자별 기사 수 ({days[0]} ~ {days[-1]}, 최대 {peak}건)</title>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 4}" y2="{top + plot_h}" class="axis"/>',
        f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" class="tick">{peak}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" class="tick">0</text>',
    ]
    for i, day in enumerate(days):
        counts = per_day.get(day)
        if not counts:
            continue
        x = left + i * slot + (slot - bar_w) / 2
        y = top + plot_h
        stack = [(o, counts[o]) for o in shown if counts.get(o)]
        other_n = sum(n for o, n in counts.items() if o not in colours)
        if other_n:
            stack.append(("", other_n))
        for outlet, n in stack:
            h = plot_h * n / peak
            y -= h
            colour = colours.get(outlet, OTHER_COLOUR)
            label = html.escape(f"{day} {outlet_names.get(outlet, outlet) or '기타'}: {n}건")
            parts.append(
                f'<rect x="{x:.2f}" y="{y:.2f}" width="{bar_w:.2f}" height="{h:.2f}" fill="{colour}">'
                f"<title>{label}</title></rect>"
            )
    for i in _tick_indexes(len(days)):
        x = left + i * slot + slot / 2
        parts.append(
            f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" class="tick">'
            f"{days[i].strftime('%m-%d')}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts)), legend


def _tick_indexes(n: int, wanted: int = 6) -> list[int]:
    if n <= wanted:
        return list(range(n))
    step = (n - 1) / (wanted - 1)
    return sorted({round(i * step) for i in range(wanted)})


def sparkline_svg(values: Sequence[int], *, width: int = 120, height: int = 24, label: str = "") -> Markup:
    """A tiny bar sparkline (one bar per day, oldest first)."""
    if not values:
        return Markup("")
    peak = max(values) or 1
    slot = width / len(values)
    bars = []
    for i, v in enumerate(values):
        h = (height - 2) * v / peak if v else 0
        bars.append(
            f'<rect x="{i * slot:.2f}" y="{height - h:.2f}" width="{max(slot - 0.6, 0.4):.2f}" height="{h:.2f}"/>'
        )
    title = html.escape(label or f"최근 {len(values)}일 일자별 기사 수, 최대 {peak}건")
    return Markup(
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{title}</title>{"".join(bars)}</svg>'
    )
