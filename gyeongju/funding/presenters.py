"""What the funding pages tell search engines: money as schema.org MonetaryGrants."""

from gyeongju.core.links import page_url, slug_url
from gyeongju.core.seo import (
    PageMeta,
    absolute,
    breadcrumb_jsonld,
    collection_jsonld,
    monetary_grant,
)

from .models import FundingKind

LIST_DESCRIPTION = (
    "경주시 투자사업의 돈을 국비, 도비, 시비, 민자, 기타로 나누어 봅니다. "
    "재원을 밝히지 않은 몫은 따로 표시합니다."
)
KIND_FUNDERS = {
    FundingKind.NATIONAL: "대한민국 정부",
    FundingKind.PROVINCIAL: "경상북도",
    FundingKind.CITY: "경주시",
}


def kind_funder(kind) -> dict:
    name = KIND_FUNDERS.get(kind)
    if name:
        return {"@type": "GovernmentOrganization", "name": name}
    return {"@type": "Organization", "name": FundingKind(kind).label}


def funding_grant(row) -> dict:
    """One program's known share from this source, as a schema.org MonetaryGrant."""
    grant = monetary_grant(
        f"{row.program.name} {row.get_kind_display()}", row.amount, funder=kind_funder(row.kind)
    )
    grant["fundedItem"] = {
        "@type": "Project",
        "name": row.program.name,
        "url": absolute(row.program.get_absolute_url()),
    }
    if row.fiscal_year:
        grant["temporalCoverage"] = str(row.fiscal_year)
    return grant


def list_meta(kinds) -> PageMeta:
    path = page_url("funding:list")
    return PageMeta(
        title="재원",
        path=path,
        description=LIST_DESCRIPTION,
        jsonld=[
            collection_jsonld(
                name="재원",
                path=path,
                description=LIST_DESCRIPTION,
                items=[
                    monetary_grant(row.kind.label, row.amount, funder=kind_funder(row.kind))
                    | {"url": absolute(row.url)}
                    for row in kinds
                ],
            )
        ],
    )


def detail_meta(kind: FundingKind, page) -> PageMeta:
    path = slug_url("funding:detail", kind.value)
    description = f"{kind.label}이(가) 들어가는 경주시 투자사업과 공개된 금액입니다."
    return PageMeta(
        title=f"재원: {kind.label}" + (f" ({page.number}쪽)" if page.number > 1 else ""),
        path=path + (f"?page={page.number}" if page.number > 1 else ""),
        description=description,
        jsonld=[
            collection_jsonld(
                name=f"재원: {kind.label}",
                path=path,
                description=description,
                items=[funding_grant(row) for row in page.object_list],
                total=page.paginator.count,
            ),
            breadcrumb_jsonld(
                [("홈", "/"), ("재원", page_url("funding:list")), (kind.label, path)]
            ),
        ],
    )
