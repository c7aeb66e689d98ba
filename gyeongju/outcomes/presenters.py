"""What the outcomes list tells search engines."""

from gyeongju.core.links import page_url
from gyeongju.core.seo import PageMeta, collection_jsonld, thing

DESCRIPTION = (
    "경주시 투자사업의 성과 지표를 근거와 성숙도(예정·체결·실현)와 함께 봅니다. "
    "MOU는 계약이 아닙니다."
)


def list_meta(form, page, query: str) -> PageMeta:
    title = (
        "성과"
        + (" 검색" if form.values else "")
        + (f" ({page.number}쪽)" if page.number > 1 else "")
    )
    path = page_url("outcomes:list") + (f"?{query}" if query else "")
    return PageMeta(
        title=title,
        path=path,
        description=DESCRIPTION,
        jsonld=[
            collection_jsonld(
                name=title,
                path=path,
                description=DESCRIPTION,
                items=[
                    thing(
                        "Observation",
                        f"{outcome.program.name}: {outcome.title}",
                        outcome.get_absolute_url(),
                        value=outcome.display_value,
                        observationDate=outcome.as_of.isoformat(),
                    )
                    for outcome in page.object_list
                ],
                total=page.paginator.count,
            )
        ],
    )
