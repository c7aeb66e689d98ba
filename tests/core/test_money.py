import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import engines

from gyeongju.core.dates import format_date, format_period
from gyeongju.core.money import WonParseError, format_won, parse_won

EOK = 10**8
MAN = 10**4


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (334 * EOK, "334억원"),
        (2 * EOK + 1500 * MAN, "2억1,500만원"),
        (7000 * MAN, "7,000만원"),
        (10**12 + 2345 * EOK, "1조 2,345억원"),
        (0, "0원"),
        (5, "5원"),
        (9999, "9,999원"),
        (MAN, "1만원"),
        (EOK, "1억원"),
        (10**12, "1조원"),
        (10**12 + 5, "1조 5원"),
        (123_456_789, "1억2,345만6,789원"),
        (12_345 * 10**12, "12,345조원"),
        (-5 * EOK, "-5억원"),
        (9_223_372_036_854_775_807, "9,223,372조 368억5,477만5,807원"),
    ],
)
def test_format_won(amount, expected):
    assert format_won(amount) == expected


def test_format_won_unknown_is_not_zero():
    assert format_won(None) == "미공개"
    assert format_won(None, unknown="—") == "—"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("290억", 290 * EOK),
        ("290억원", 290 * EOK),
        ("2억1,500만원", 2 * EOK + 1500 * MAN),
        ("2억 1500만", 2 * EOK + 1500 * MAN),
        ("7000만", 7000 * MAN),
        ("1조 2,345억원", 10**12 + 2345 * EOK),
        ("29,000,000,000", 290 * EOK),
        ("2.15억", 215_000_000),
        ("0원", 0),
        ("", None),
        ("  ", None),
    ],
)
def test_parse_won(text, expected):
    assert parse_won(text) == expected


@pytest.mark.parametrize("text", ["abc", "1만2억", "2.5", "억", "1억억", "1.2.3억", "10^9"])
def test_parse_won_rejects_with_korean_message(text):
    with pytest.raises(WonParseError) as error:
        parse_won(text)
    assert "금액" in str(error.value)


@pytest.mark.parametrize(
    "amount", [0, 7, 70_000_000, 215_000_000, 33_400_000_000, 1_234_500_000_000]
)
def test_parse_reads_what_format_writes(amount):
    assert parse_won(format_won(amount)) == amount


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2020, 12, 15), "2020. 12. 15."),
        (dt.date(2021, 1, 5), "2021. 1. 5."),
        # 23:30 UTC is already the next day in Seoul.
        (dt.datetime(2020, 12, 14, 23, 30, tzinfo=ZoneInfo("UTC")), "2020. 12. 15."),
        (None, ""),
    ],
)
def test_format_date(value, expected):
    assert format_date(value) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (2021, 2022, "2021년 ~ 2022년"),
        (2021, 2021, "2021년"),
        (None, 2022, "~ 2022년 (시작 연도 미공개)"),
        (2020, None, "2020년 ~ (종료 연도 미공개)"),
        (None, None, "미공개"),
    ],
)
def test_format_period(start, end, expected):
    assert format_period(start, end) == expected


def test_template_filters():
    template = engines["jinja2"].from_string(
        "{{ amount|won }} / {{ missing|won }} / {{ missing|won('—') }} / {{ day|kdate }}"
    )
    rendered = template.render(
        {"amount": 215_000_000, "missing": None, "day": dt.date(2020, 12, 15)}
    )
    assert rendered == "2억1,500만원 / 미공개 / — / 2020. 12. 15."
