"""Bar charts drawn on the server as SVG geometry; every chart is shown with its data table."""

from dataclasses import dataclass

from gyeongju.core.money import format_won


@dataclass
class Bar:
    label: str
    value: int
    display: str
    label_y: float
    bar_y: float
    width: float
    css_class: str
    value_x: float
    value_y: float
    value_anchor: str  # inside the bar (end) when it is long, after it (start) when short


@dataclass
class BarChart:
    title: str
    description: str
    bars: list[Bar]
    width: int
    height: int
    bar_height: int


LABEL = 26  # label line above each bar
GAP = 16


def bar_chart(
    rows,
    *,
    title: str,
    description: str,
    width: int = 360,
    bar_height: int = 24,
    unknown: str = "미공개",
) -> BarChart:
    """rows: (label, value in 원 or None, css class). Labels sit above the bars so the chart stays
    readable when a phone scales it down; 360 wide, so a 320 px phone scales its text by 0.8. A None value draws no bar and says ``unknown`` (the
    same words as the chart's data table)."""
    values = [value for _, value, _ in rows if value]
    top = max(values) if values else 0
    chart = BarChart(title, description, [], width, 0, bar_height)
    y = 4
    for label, value, css_class in rows:
        share = (value or 0) / top if top else 0
        bar_width = round(max(share * width, 2 if value else 0), 1)
        inside = bar_width > width * 0.6
        chart.bars.append(
            Bar(
                label=label,
                value=value or 0,
                display=format_won(value) if value is not None else unknown,
                label_y=y + 19,
                bar_y=y + LABEL,
                width=bar_width,
                css_class=css_class,
                value_x=bar_width - 8 if inside else bar_width + 8,
                value_y=y + LABEL + bar_height / 2 + 5,
                value_anchor="end" if inside else "start",
            )
        )
        y += LABEL + bar_height + GAP
    chart.height = y
    return chart


@dataclass
class Segment:
    series: str
    x: float
    width: float
    css_class: str


@dataclass
class StackedBar:
    label: str
    segments: list[Segment]
    display: str
    label_y: float
    bar_y: float
    value_x: float
    value_y: float
    spoken: str  # the bar in words, for the chart's description


@dataclass
class StackedChart:
    title: str
    description: str
    bars: list[StackedBar]
    legend: list[tuple[str, str]]  # (series, css class)
    width: int
    height: int
    bar_height: int


def stacked_chart(
    groups, series, *, title: str, description: str, width: int = 360, bar_height: int = 24
) -> StackedChart:
    """One bar per group (a year), split into its series (분야 or 재원) stacked left to right.

    groups: (label, [amount per series or None], fallback) — ``fallback`` (label, amount) draws
    one grey bar for a group without a split (the city's stated total). series: (name, css)."""
    totals = [
        sum(a for a in amounts if a) if any(amounts) else (fallback[1] if fallback else 0)
        for _, amounts, fallback in groups
    ]
    top = max(totals, default=0) or 1
    scale = (width - 120) / top  # room after the longest bar for its amount
    chart = StackedChart(title, description, [], [], width, 0, bar_height)
    used = set()
    y = 4
    for (label, amounts, fallback), total in zip(groups, totals, strict=True):
        segments, x, words = [], 0.0, []
        if any(amounts):
            for (name, css), amount in zip(series, amounts, strict=True):
                if amount:
                    w = round(max(amount * scale, 1), 1)
                    segments.append(Segment(name, round(x, 1), w, css))
                    x += w
                    used.add((name, css))
                    words.append(f"{name} {format_won(amount)}")
            display = format_won(total)
        elif fallback:
            w = round(max(fallback[1] * scale, 1), 1)
            segments.append(Segment(fallback[0], 0, w, "is-unknown"))
            x = w
            words.append(f"{fallback[0]} {format_won(fallback[1])}")
            display = format_won(fallback[1])
        else:
            display = "미공개"
        chart.bars.append(
            StackedBar(
                label=label,
                segments=segments,
                display=display,
                label_y=y + 19,
                bar_y=y + LABEL,
                value_x=round(x + 8, 1),
                value_y=y + LABEL + bar_height / 2 + 5,
                spoken=f"{label}: " + (", ".join(words) if words else "미공개"),
            )
        )
        y += LABEL + bar_height + GAP
    chart.legend = [pair for pair in series if pair in used]
    chart.height = y
    return chart
