"""Server-rendered SVG charts: the search timeline (articles per day/week/month, stacked per outlet) and the
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


UNITS = {"day": "일별", "week": "주별", "month": "월별"}


def bucket_of(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())  # Monday
    if unit == "month":
        return day.replace(day=1)
    return day


def next_bucket(start: date, unit: str) -> date:
    if unit == "week":
        return start + timedelta(days=7)
    if unit == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=1)


def choose_unit(first: date, last: date, max_bars: int = 92) -> str:
    """Days while they fit, then weeks, then months: the chart stays ≤ ~100 bars wide."""
    span = (last - first).days + 1
    if span <= max_bars:
        return "day"
    if span <= max_bars * 7:
        return "week"
    return "month"


def timeline_svg(
    rows: Iterable[tuple[date | str, str, int]],
    *,
    outlet_names: dict[str, str] | None = None,
    width: int = 720,
    height: int = 180,
    unit: str | None = None,
) -> tuple[Markup, list[dict], str]:
    """Stacked bars of articles per day (or week, or month) per outlet from ``(day 'YYYY-MM-DD',
    outlet, count)`` rows.

    Returns the SVG, the legend (``[{"outlet", "name", "colour", "count"}]``) and the unit's
    Korean label (``unit`` forces day/week/month when the rows are already bucketed). Outlets
    beyond the palette, and the outlet ``""``, are merged into "기타" so the chart stays readable;
    empty buckets are kept as gaps so the time axis is honest. One ``<path>`` per outlet keeps the
    SVG small whatever the number of bars; one transparent ``<rect>`` per bar carries its tooltip.
    """
    outlet_names = outlet_names or {}
    per_day: dict[date, dict[str, int]] = {}
    totals: dict[str, int] = {}
    for day_v, outlet, count in rows:
        if isinstance(day_v, date):
            day = day_v
        else:
            try:
                day = date.fromisoformat(str(day_v)[:10])
            except ValueError:
                continue
        bucket = per_day.setdefault(day, {})
        bucket[outlet] = bucket.get(outlet, 0) + int(count)
        totals[outlet] = totals.get(outlet, 0) + int(count)
    if not per_day:
        return Markup(""), [], UNITS["day"]
    ranked = sorted((o for o in totals if o), key=lambda o: (-totals[o], o))
    shown = ranked[: MAX_SERIES - 1] if len(ranked) > MAX_SERIES or "" in totals else ranked
    colours = {o: PALETTE[i] for i, o in enumerate(shown)}
    legend = [
        {"outlet": o, "name": outlet_names.get(o, o), "colour": colours[o], "count": totals[o]} for o in shown
    ]
    others = sum(n for o, n in totals.items() if o not in colours)
    if others:
        legend.append({"outlet": "", "name": "기타", "colour": OTHER_COLOUR, "count": others})

    unit = unit or choose_unit(min(per_day), max(per_day))
    buckets: dict[date, dict[str, int]] = {}
    for day, counts in per_day.items():
        target = buckets.setdefault(bucket_of(day, unit), {})
        for outlet, n in counts.items():
            key = outlet if outlet in colours else ""
            target[key] = target.get(key, 0) + n
    starts = [bucket_of(min(per_day), unit)]
    while starts[-1] < bucket_of(max(per_day), unit):
        starts.append(next_bucket(starts[-1], unit))
    peak = max(sum(c.values()) for c in buckets.values()) or 1
    left, bottom, top = 32, 22, 8
    plot_w, plot_h = width - left - 4, height - bottom - top
    slot = plot_w / len(starts)
    bar_w = max(slot * 0.8, 0.5)
    series: dict[str, list[str]] = {o: [] for o in [*shown, ""]}
    hovers: list[str] = []
    for i, start in enumerate(starts):
        counts = buckets.get(start)
        if not counts:
            continue
        x = left + i * slot + (slot - bar_w) / 2
        y = top + plot_h
        for outlet in [*shown, ""]:
            n = counts.get(outlet)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            series[outlet].append(f"M{x:.1f} {y:.1f}h{bar_w:.1f}v{h:.1f}h{-bar_w:.1f}z")
        parts = ", ".join(
            f"{outlet_names.get(o, o) or '기타'} {n}"
            for o, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:4]
        )
        label = html.escape(f"{start}{'' if unit == 'day' else ' ~'}: {sum(counts.values())}건 ({parts})")
        hovers.append(
            f'<rect x="{x:.1f}" y="{top}" width="{bar_w:.1f}" height="{plot_h}" fill="transparent">'
            f"<title>{label}</title></rect>"
        )
    label = html.escape(f"{UNITS[unit]} 기사 수 ({starts[0]} ~ {starts[-1]}, 최대 {peak}건)")
    out = [
        f'<svg class="timeline" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="timeline-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="timeline-title">{label}</title>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 4}" y2="{top + plot_h}" class="axis"/>',
        f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" class="tick">{peak}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" class="tick">0</text>',
    ]
    for outlet, segments in series.items():
        if segments:
            out.append(f'<path fill="{colours.get(outlet, OTHER_COLOUR)}" d="{"".join(segments)}"/>')
    out.extend(hovers)
    fmt = "%Y-%m" if unit == "month" else "%m-%d"
    for i in _tick_indexes(len(starts)):
        x = left + i * slot + slot / 2
        out.append(
            f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" class="tick">{starts[i].strftime(fmt)}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out)), legend, UNITS[unit]


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
        f'xmlns="http://www.w3.org/2000/svg"><title>{title}</title>'
        f'<line x1="0" y1="{height - 0.5}" x2="{width}" y2="{height - 0.5}" class="base"/>{"".join(bars)}</svg>'
    )
