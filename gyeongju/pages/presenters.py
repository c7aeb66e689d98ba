"""What the site-wide pages show beside their records: charts and page meta."""

from gyeongju.core.links import page_url
from gyeongju.core.seo import PageMeta, site_jsonld, webpage_jsonld
from gyeongju.funding.models import FundingKind

from .charts import bar_chart, stacked_chart

POLICIES = {"privacy": "개인정보처리방침", "copyright": "저작권정책"}


def home_meta() -> PageMeta:
    return PageMeta(
        title="경주시 경제 투자 한눈에 보기", path=page_url("home"), jsonld=[site_jsonld()]
    )


def policy_meta(name: str) -> PageMeta:
    title, path = POLICIES[name], page_url(name)
    return PageMeta(title=title, path=path, jsonld=[webpage_jsonld(name=title, path=path)])


def category_chart(categories):
    return bar_chart(
        [(row.category.name, row.total_cost, "") for row in categories],
        title="분야별 총사업비 합계",
        description="분야마다 총사업비가 공개된 사업의 여러 해 총사업비를 더한 값입니다. 한 해 예산이 아닙니다.",
    )


def kind_chart(kinds, funding_gap):
    rows = [(row.kind.label, row.amount or None, "") for row in kinds]
    rows.append(("재원 구성 미공개", funding_gap["unexplained"] or None, "is-unknown"))
    return bar_chart(
        rows,
        title="재원별 금액 (알려진 몫)",
        description="총사업비가 공개된 사업의 돈을 재원별로 나눈 값입니다. 출처가 재원을 밝히지 않은 몫은 회색으로 표시합니다.",
        unknown="공개된 금액 없음",
    )


def years_meta() -> PageMeta:
    title, path = "연도별 비교", page_url("years")
    return PageMeta(
        title=title,
        path=path,
        description="경주시 경제 투자사업의 해마다 배정된 금액을 분야별·재원별로 비교합니다.",
        jsonld=[webpage_jsonld(name=title, path=path)],
    )


def year_dimensions(data) -> list[dict]:
    """The two comparisons of the years page, each a stacked chart (one bar a year) and the rows
    of its equal table. A year without per-program figures draws the city's stated total as one
    grey bar, never split."""

    def chart(rows, series_css, *, title, description):
        groups = [
            (
                f"{column.year}년",
                [amounts[index] for _, amounts in rows],
                ("시 발표 총액(구분 없음)", column.stated.total_amount) if column.stated else None,
            )
            for index, column in enumerate(data.years)
        ]
        series = [(label, series_css(i, label)) for i, (label, _) in enumerate(rows)]
        return stacked_chart(groups, series, title=title, description=description)

    by_category = [
        (label, amounts)
        for label, amounts in data.by_category
        if any(a is not None for a in amounts)
    ]
    by_kind = [
        (label, amounts) for label, amounts in data.by_kind if any(a is not None for a in amounts)
    ]
    kind_css = {kind.label: f"kind-{kind.value}" for kind in FundingKind}
    return [
        {
            "id": "years-category",
            "title": "분야별",
            "caption": "연도별·분야별 예산",
            "row_label": "분야",
            "rows": by_category,
            "totals": data.category_totals,
            "chart": chart(
                by_category,
                lambda i, label: f"series-{i % 8}",
                title="연도별·분야별 예산",
                description="사업의 연도별 예산을 분야마다 더해 해마다 한 막대로 쌓았습니다. 사업별 연도 예산이 없는 해는 시가 발표한 총액을 회색 막대로 보여 줍니다.",
            ),
        },
        {
            "id": "years-kind",
            "title": "재원별",
            "caption": "연도별·재원별 금액",
            "row_label": "재원",
            "rows": by_kind,
            "totals": data.kind_totals,
            "chart": chart(
                by_kind,
                lambda i, label: kind_css[label],
                title="연도별·재원별 금액",
                description="회계연도가 정해진 재원 금액만 재원마다 더해 쌓았습니다. 사업 기간 전체의 재원은 넣지 않습니다. 연도별 재원이 없는 해는 시가 발표한 총액을 회색 막대로 보여 줍니다.",
            ),
        },
    ]
