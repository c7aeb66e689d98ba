"""What the organisation pages tell search engines: schema.org Organization or
GovernmentOrganization, with the programs it takes part in."""

from gyeongju.core.links import page_url
from gyeongju.core.seo import PageMeta, breadcrumb_jsonld, collection_jsonld, organization, thing

from .models import Organisation

LIST_DESCRIPTION = (
    "경주시 투자사업에 참여하는 중앙부처, 공공기관, 연구기관, 협의체, 대학, 기업과 "
    "각 기관이 맡은 역할입니다."
)


def organisation_jsonld(organisation: Organisation, *, item=False, programs=()) -> dict:
    data = organization(
        organisation.name,
        organisation.get_absolute_url(),
        government=organisation.is_government,
    )
    if organisation.description:
        data["description"] = organisation.description
    if organisation.short_name:
        data["alternateName"] = organisation.short_name
    if organisation.url:
        data["sameAs"] = organisation.url
    if programs:
        # schema.org has no "partner in": the programs it takes part in are what it is subject of.
        data["subjectOf"] = [
            thing("Project", program.name, program.get_absolute_url()) for program in programs
        ]
    return data if item else {"@context": "https://schema.org", **data}


def list_meta(page, kind_label: str, query: str) -> PageMeta:
    title = "참여 기관" + (f": {kind_label}" if kind_label else "")
    title += f" ({page.number}쪽)" if page.number > 1 else ""
    path = page_url("organisations:list") + (f"?{query}" if query else "")
    return PageMeta(
        title=title,
        path=path,
        description=LIST_DESCRIPTION,
        jsonld=[
            collection_jsonld(
                name=title,
                path=path,
                description=LIST_DESCRIPTION,
                items=[organisation_jsonld(o, item=True) for o in page.object_list],
                total=page.paginator.count,
            )
        ],
    )


def detail_meta(organisation: Organisation, page) -> PageMeta:
    path = organisation.get_absolute_url()
    description = organisation.description or (
        f"{organisation.name}({organisation.get_kind_display()})이(가) 참여하는 경주시 투자사업과 "
        "역할, 사업비의 재원, 운영 시설입니다."
    )
    return PageMeta(
        title=organisation.name + (f" ({page.number}쪽)" if page.number > 1 else ""),
        path=path + (f"?page={page.number}" if page.number > 1 else ""),
        description=description,
        modified=organisation.updated_at,
        jsonld=[
            organisation_jsonld(organisation, programs=[p.program for p in page.object_list]),
            breadcrumb_jsonld(
                [
                    ("홈", "/"),
                    ("참여 기관", page_url("organisations:list")),
                    (organisation.name, path),
                ]
            ),
        ],
    )
