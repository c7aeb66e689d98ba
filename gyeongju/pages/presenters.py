"""What the site-wide pages show beside their records: charts and page meta."""

from gyeongju.core.links import page_url
from gyeongju.core.seo import PageMeta, site_jsonld, webpage_jsonld

from .charts import bar_chart

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
