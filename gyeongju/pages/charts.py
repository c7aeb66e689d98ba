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
