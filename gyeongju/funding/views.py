from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from gyeongju.core.filters import page_links, paginate
from gyeongju.core.page_cache import cached_page
from gyeongju.core.seo import PageMeta, absolute, breadcrumb_jsonld, collection_jsonld
from gyeongju.programs import selectors
from gyeongju.programs.models import Program
from gyeongju.programs.presenters import kind_funder, monetary_grant

from .models import Funding, FundingKind

PER_PAGE = 30
LIST_DESCRIPTION = (
    "경주시 투자사업의 돈을 국비, 도비, 시비, 민자, 기타로 나누어 봅니다. "
    "재원을 밝히지 않은 몫은 따로 표시합니다."
)


@require_safe
@cached_page()
def funding_list(request):
    kinds, gap = selectors.funding_by_kind()
    undisclosed = Program.public_objects.filter(funding__isnull=True).count()
    context = {
        "nav": "funding",
        "kinds": kinds,
        "gap": gap,
        "descriptions": FundingKind.descriptions(),
        "undisclosed_programs": undisclosed,
        "meta": PageMeta(
            title="재원",
            path=reverse("funding:list"),
            description=LIST_DESCRIPTION,
            jsonld=[
                collection_jsonld(
                    name="재원",
                    path=reverse("funding:list"),
                    description=LIST_DESCRIPTION,
                    items=[
                        monetary_grant(row.kind.label, row.amount, funder=kind_funder(row.kind))
                        | {"url": absolute(row.url)}
                        for row in kinds
                    ],
                )
            ],
        ),
    }
    return render(request, "funding/funding_list.html", context)


@require_safe
@cached_page()
def funding_detail(request, slug):
    try:
        kind = FundingKind(slug)
    except ValueError as error:
        raise Http404("그런 재원은 없습니다.") from error
    rows = (
        Funding.objects.filter(
            kind=kind, program__publication_state=Program.PublicationState.PUBLISHED
        )
        .select_related("program", "program__category", "source")
        .order_by("-amount", "program__name", "pk")
    )
    summary = rows.aggregate(total=Sum("amount"), programs=Count("program", distinct=True))
    notes = []
    page = paginate(request, rows, per_page=PER_PAGE, notes=notes)
    path = reverse("funding:detail", kwargs={"slug": kind.value})
    context = {
        "nav": "funding",
        "kind": kind,
        "description": FundingKind.descriptions()[kind],
        "summary": summary,
        "page": page,
        "page_links": page_links(page),
        "notes": notes,
        "query": "",
        "meta": PageMeta(
            title=f"재원: {kind.label}" + (f" ({page.number}쪽)" if page.number > 1 else ""),
            path=path + (f"?page={page.number}" if page.number > 1 else ""),
            description=f"{kind.label}이(가) 들어가는 경주시 투자사업과 공개된 금액입니다.",
            jsonld=[
                collection_jsonld(
                    name=f"재원: {kind.label}",
                    path=path,
                    description=f"{kind.label}이(가) 들어가는 경주시 투자사업과 공개된 금액입니다.",
                    items=[funding_grant(row) for row in page.object_list],
                    total=page.paginator.count,
                ),
                breadcrumb_jsonld(
                    [("홈", "/"), ("재원", reverse("funding:list")), (kind.label, path)]
                ),
            ],
        ),
    }
    return render(request, "funding/funding_detail.html", context)


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
