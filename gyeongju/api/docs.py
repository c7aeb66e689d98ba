"""The docs page's endpoint list, read from the OpenAPI description, so the page never drifts from
the code, plus what the description cannot say well: curl examples and the error kinds."""

from dataclasses import dataclass, field

from gyeongju.core.links import page_url
from gyeongju.core.seo import LICENCE_URL, PageMeta, absolute

from .problems import KINDS

DESCRIPTION = "경주시 투자사업 자료를 읽는 공개 API(열쇠 없이, JSON, OpenAPI 3.1) 안내."

EXAMPLES = {
    "/api/v1/programs/": [
        ("탄소를 검색해 총사업비 많은 순으로", "/api/v1/programs/?q=탄소&sort=cost_desc"),
        ("2021년에 추진하는 국비 사업", "/api/v1/programs/?year=2021&funding=national"),
        ("두 번째 쪽, 5개씩", "/api/v1/programs/?page=2&per_page=5"),
    ],
    "/api/v1/programs/{slug}/": [
        ("사업 하나", "/api/v1/programs/vehicle-materials-molding/"),
        ("2021년 5월 1일의 자료", "/api/v1/programs/vehicle-materials-molding/?as_of=2021-05-01"),
    ],
    "/api/v1/facilities/": [("시설과 그 사업", "/api/v1/facilities/")],
    "/api/v1/facilities/{slug}/": [("시설 하나", "/api/v1/facilities/bms-infrastructure/")],
    "/api/v1/funding/": [("재원별 합계와 미공개 금액", "/api/v1/funding/")],
    "/api/v1/outcomes/": [
        ("실현된 성과만", "/api/v1/outcomes/?maturity=realised"),
        ("2020년 실적", "/api/v1/outcomes/?year=2020&kind=actual"),
    ],
    "/api/v1/organisations/": [
        ("참여 기관", "/api/v1/organisations/"),
        ("중앙부처만", "/api/v1/organisations/?kind=ministry"),
    ],
    "/api/v1/organisations/{slug}/": [
        ("기관 하나: 사업과 역할, 재원, 자주 함께하는 기관", "/api/v1/organisations/motie/")
    ],
    "/api/v1/places/": [
        ("지역과 사업·시설 수", "/api/v1/places/"),
        ("산업단지만", "/api/v1/places/?kind=complex"),
    ],
    "/api/v1/places/{slug}/": [("지역 하나: 사업, 시설, 재원, 성과", "/api/v1/places/oedong-eup/")],
    "/api/v1/years/": [("연도별 총괄", "/api/v1/years/")],
}

PROBLEMS = [(status, slug, title, detail) for status, (slug, title, detail) in KINDS.items()]


@dataclass
class Parameter:
    name: str
    where: str
    kind: str
    description: str
    required: bool


@dataclass
class Endpoint:
    path: str
    summary: str
    description: str
    tag: str
    anchor: str
    parameters: list[Parameter] = field(default_factory=list)
    examples: list[tuple[str, str]] = field(default_factory=list)


def type_of(schema: dict) -> str:
    """A parameter's type in a few Korean words."""
    options = schema.get("anyOf", [schema])
    kinds = []
    type_names = {"integer": "정수", "string": "문자열"}
    for option in options:
        if option.get("type") == "null":
            continue
        if option.get("type") == "array":
            item = option.get("items", {})
            values = item.get("enum")
            kinds.append(
                "여러 값: "
                + (", ".join(values) if values else type_names.get(item.get("type"), "문자열"))
            )
        elif option.get("enum"):
            kinds.append("값: " + ", ".join(map(str, option["enum"])))
        else:
            kinds.append(type_names.get(option.get("type"), "문자열"))
    text = " 또는 ".join(kinds) or "문자열"
    low, high = schema.get("minimum"), schema.get("maximum")
    for option in options:
        low = option.get("minimum", low)
        high = option.get("maximum", high)
    if low is not None or high is not None:
        text += f" ({low if low is not None else ''}~{high if high is not None else ''})"
    if "default" in schema:
        text += f", 기본값 {schema['default']}"
    return text


def endpoints(openapi: dict) -> list[Endpoint]:
    found = []
    for path_, operations in openapi["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        endpoint = Endpoint(
            path=path_,
            summary=operation.get("summary", ""),
            description=operation.get("description", ""),
            tag=(operation.get("tags") or [""])[0],
            anchor="endpoint-"
            + path_.strip("/").replace("/", "-").replace("{", "").replace("}", ""),
            examples=EXAMPLES.get(path_, []),
        )
        for parameter in operation.get("parameters", []):
            schema = parameter.get("schema", {})
            endpoint.parameters.append(
                Parameter(
                    name=parameter["name"],
                    where="경로" if parameter["in"] == "path" else "조건",
                    kind=type_of(schema),
                    description=parameter.get("description") or schema.get("description", ""),
                    required=parameter.get("required", False),
                )
            )
        found.append(endpoint)
    return found


def docs_page_meta() -> PageMeta:
    """The docs page's title and card, and a schema.org WebAPI that points search engines and
    API catalogues at the OpenAPI description."""
    return PageMeta(
        title="공개 API",
        path=page_url("api_docs"),
        description=DESCRIPTION,
        jsonld=[
            {
                "@context": "https://schema.org",
                "@type": "WebAPI",
                "name": "경주시 투자사업 포털 공개 API",
                "description": DESCRIPTION,
                "url": absolute(page_url("api_docs")),
                "documentation": absolute(page_url("openapi_json")),
                "provider": {"@type": "GovernmentOrganization", "name": "경주시"},
                "termsOfService": LICENCE_URL,
                "inLanguage": "ko-KR",
            }
        ],
    )
