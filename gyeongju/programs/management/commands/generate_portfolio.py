"""A large, realistic synthetic portfolio for benchmarks: Korean names across 분야, funding rows by
source, yearly budgets with their execution (some split by funding kind), milestones with planned
and actual dates (some late, some early, some still open past their date), facilities on
industrial complexes, partners, outcomes and change history.

Reproducible: the same --seed gives the same portfolio. Fast: everything is written with
bulk_create (10,000 programs take a few seconds). It refuses to write into a database that already
holds programs unless --append is given, so it cannot mix invented records into the real record.
"""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from gyeongju.core.versioning import bump_content_version
from gyeongju.facilities.models import Facility, Site
from gyeongju.funding.models import Funding
from gyeongju.organisations.models import Organisation
from gyeongju.outcomes.models import Outcome
from gyeongju.places.models import Place
from gyeongju.programs.models import Category, Program, ProgramBudget, ProgramPartner
from gyeongju.programs.search import index_programs
from gyeongju.progress.models import Execution, Milestone
from gyeongju.progress.rules import period_end
from gyeongju.sources.models import Source

SEOUL = ZoneInfo("Asia/Seoul")
EOK = 10**8
MAN = 10**4

CATEGORIES = [
    ("mobility-materials", "미래차·소재 기반구축"),
    ("research", "연구개발 지원"),
    ("smart-manufacturing", "스마트제조·소프트웨어"),
    ("export-investment", "수출·투자유치"),
    ("energy", "에너지·탄소중립"),
    ("tourism-culture", "관광·문화산업"),
    ("agri-food", "농업·식품"),
    ("jobs-startups", "일자리·창업"),
]
TOPICS = {
    "mobility-materials": [
        "차량용 경량소재",
        "탄소복합재",
        "전기차 부품",
        "수소차 부품",
        "자동차 금형",
        "배터리 소재",
        "알루미늄 성형",
    ],
    "research": [
        "양성자 이온빔",
        "소형모듈원자로",
        "방사선 융합",
        "시험·인증",
        "시제품 제작",
        "기술이전",
        "산학협력",
    ],
    "smart-manufacturing": [
        "스마트공장",
        "제조 데이터",
        "품질관리 SW",
        "설비 예지보전",
        "디지털 트윈",
        "드론 점검",
        "AI 비전검사",
    ],
    "export-investment": [
        "해외 바이어 상담",
        "수출 바우처",
        "외국인 투자유치",
        "온라인 수출상담회",
        "해외 전시회",
        "통상 마케팅",
    ],
    "energy": [
        "수소 연료전지",
        "태양광 발전",
        "에너지 자립마을",
        "탄소중립 산업단지",
        "재생에너지 실증",
        "폐배터리 재활용",
    ],
    "tourism-culture": [
        "문화유산 디지털화",
        "관광 콘텐츠",
        "야간 관광",
        "역사문화 체험",
        "스마트 관광",
        "MICE 산업",
    ],
    "agri-food": ["스마트팜", "농식품 가공", "로컬푸드", "친환경 농업", "수산물 유통", "6차 산업"],
    "jobs-startups": [
        "청년 창업",
        "일자리 매칭",
        "창업 보육",
        "소상공인 디지털 전환",
        "신중년 재취업",
        "사회적 경제",
    ],
}
ACTIONS = [
    "기반구축",
    "지원사업",
    "고도화",
    "실증 사업",
    "센터 건립",
    "육성 사업",
    "생태계 조성",
    "확장",
    "역량 강화",
]
PLACES = [
    "외동",
    "건천",
    "안강",
    "천북",
    "내남",
    "서면",
    "현곡",
    "양남",
    "감포",
    "문무대왕",
    "황성",
    "용강",
    "강동",
    "산내",
]
COMPLEX_KINDS = ["일반산업단지", "농공단지", "1산단", "2산단", "3산단"]
ORG_NAMES = [
    ("산업통상자원부", "ministry"),
    ("중소벤처기업부", "ministry"),
    ("과학기술정보통신부", "ministry"),
    ("경상북도", "local_government"),
    ("KOTRA(대한무역투자진흥공사)", "agency"),
    ("한국산업단지공단", "agency"),
    ("경북테크노파크", "agency"),
    ("양성자과학연구단", "research"),
    ("한국원자력연구원", "research"),
    ("동국대학교 WISE캠퍼스", "university"),
    ("위덕대학교", "university"),
    ("경주대학교", "university"),
    ("경주시 기업부설연구소협의회", "council"),
    ("경주상공회의소", "council"),
]
ROLES = ["협업", "주관", "공동 수행", "참여 예정", "심의", "위탁 운영"]


class Command(BaseCommand):
    help = "성능 측정용 합성 사업 자료를 만듭니다 (예: --programs 10000 --seed 1)."

    def add_arguments(self, parser):
        parser.add_argument("--programs", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--append", action="store_true", help="이미 사업이 있어도 덧붙입니다.")

    def handle(self, *args, programs, seed, append, **options):
        if programs < 1 or programs > 200_000:
            raise CommandError("--programs는 1부터 200,000 사이여야 합니다.")
        if Program.private_objects.exists() and not append:
            raise CommandError(
                "데이터베이스에 이미 사업이 있습니다. 합성 자료는 빈 데이터베이스에만 만듭니다 "
                "(덧붙이려면 --append)."
            )
        with transaction.atomic():
            count = Generator(random.Random(seed), seed).run(programs)
            bump_content_version()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics for the new volume of rows
        self.stdout.write(f"합성 사업 {count:,}개를 만들었습니다 (seed {seed}).")


class Generator:
    def __init__(self, rng: random.Random, seed: int):
        self.rng = rng
        self.seed = seed
        self.now = dt.datetime(2026, 11, 1, 9, 0, tzinfo=SEOUL)

    def run(self, n: int) -> int:
        rng = self.rng
        tag = f"s{self.seed}"
        sources = self.sources = Source.private_objects.bulk_create(
            Source(
                title=f"합성 자료: 기업지원 사업 계획 {i + 1}",
                publisher="경주시 (성능 측정용 합성 자료)",
                published_on=dt.date(2019 + i % 7, 1 + i % 12, 1 + i % 28),
                note="성능 측정을 위해 generate_portfolio 명령이 만든 가상의 자료입니다.",
            )
            for i in range(40)
        )
        categories = []
        for order, (slug, name) in enumerate(CATEGORIES, start=1):
            category, _ = Category.private_objects.get_or_create(
                slug=slug, defaults={"name": name, "order": order}
            )
            categories.append(category)
        site_places = [
            (place, kind)
            for place, kind in (
                (rng.choice(PLACES), rng.choice(COMPLEX_KINDS)) for _ in range(max(4, n // 300))
            )
        ]
        # Each site is an industrial complex under its 읍·면 (the 읍·면·동 come from places/0002).
        districts = {
            place.name: place for place in Place.private_objects.filter(kind=Place.Kind.DISTRICT)
        }

        def district_of(name):
            for full, place in districts.items():
                if full == name or full[:-1] == name:
                    return place
            districts[name] = Place.private_objects.create(
                name=name, slug=f"{tag}-district-{len(districts)}", kind=Place.Kind.DISTRICT
            )
            return districts[name]

        complexes = Place.private_objects.bulk_create(
            Place(
                name=f"{place} {kind} ({tag}-{i})",
                slug=f"{tag}-complex-{i}",
                kind=Place.Kind.COMPLEX,
                parent=district_of(place),
            )
            for i, (place, kind) in enumerate(site_places)
        )
        sites = Site.private_objects.bulk_create(
            Site(
                name=f"{place} {kind} ({tag}-{i})",
                slug=f"{tag}-site-{i}",
                kind=Site.Kind.INDUSTRIAL_COMPLEX,
                address=f"경상북도 경주시 {place}",
                place=complexes[i],
            )
            for i, (place, kind) in enumerate(site_places)
        )
        organisations = Organisation.private_objects.bulk_create(
            Organisation(name=f"{name} ({tag}-{i})", slug=f"{tag}-org-{i}", kind=kind)
            for i, (name, kind) in enumerate(ORG_NAMES * max(1, n // 2000))
        )

        program_objects = []
        for i in range(n):
            category = rng.choice(categories)
            topic = rng.choice(TOPICS.get(category.slug, TOPICS["research"]))
            name = f"{rng.choice(PLACES)} {topic} {rng.choice(ACTIONS)}"
            start = rng.randint(2015, 2027)
            end = start + rng.randint(0, 6)
            total = None if rng.random() < 0.15 else rng.randint(1, 20000) * 1000 * MAN
            site = rng.choice(sites) if rng.random() < 0.7 else None
            updated = self.now - dt.timedelta(
                days=rng.randint(0, 2000), minutes=rng.randint(0, 1440)
            )
            program = Program(
                name=f"{name} {i + 1}",
                slug=f"{tag}-program-{i + 1:06d}",
                summary=f"{topic} 분야의 {rng.choice(ACTIONS)}으로 지역 기업의 기술경쟁력과 일자리를 늘립니다.",
                body=(
                    f"{start}년부터 {end}년까지 {topic} 관련 기반을 갖추고 기업을 지원합니다.\n\n"
                    f"장비 도입, 시제품 제작, 전문 인력양성, 판로 개척을 함께 추진합니다."
                ),
                category=category,
                status=rng.choice(["planned", "ongoing", "ongoing", "completed"]),
                start_year=None if rng.random() < 0.1 else start,
                end_year=end,
                total_cost=total,
                cost_source=rng.choice(sources) if total else None,
                site=site,
                lead_department=rng.choice(
                    ["일자리경제과", "투자유치과", "미래전략과", "문화관광과", ""]
                ),
                publication_state="draft" if rng.random() < 0.05 else "published",
                created_at=updated - dt.timedelta(days=30),
                updated_at=updated,
                changed_at=updated,
                published_at=updated - dt.timedelta(days=29),
            )
            program.search_text = "\n".join(
                p
                for p in [
                    program.name,
                    program.summary,
                    program.body,
                    program.lead_department,
                    category.name,
                    site.name if site else "",
                ]
                if p
            )
            program_objects.append(program)
        programs = Program.private_objects.bulk_create(program_objects, batch_size=1000)
        index_programs((program.pk, program.search_text) for program in programs)

        funding, budgets, outcomes, partners = [], [], [], []
        facility_objects, links = [], []
        for program in programs:
            source = program.cost_source or rng.choice(sources)
            if program.total_cost:
                remaining = program.total_cost
                for kind, share in (
                    ("national", 0.5),
                    ("provincial", 0.15),
                    ("city", 0.3),
                    ("private", 0.1),
                ):
                    if rng.random() < 0.55:
                        amount = min(
                            remaining,
                            int(program.total_cost * share * rng.uniform(0.5, 1.0)) // MAN * MAN,
                        )
                        if amount > 0:
                            funding.append(
                                Funding(
                                    program=program,
                                    kind=kind,
                                    amount=amount,
                                    source=source,
                                    quote="합성 자료",
                                )
                            )
                            remaining -= amount
            if rng.random() < 0.4 or not program.total_cost:
                year = program.end_year
                budgets.append(
                    ProgramBudget(
                        program=program,
                        fiscal_year=year,
                        amount=rng.randint(1, 5000) * 100 * MAN,
                        source=source,
                    )
                )
            for order in range(rng.choice([0, 0, 1, 2, 3])):
                indicator = rng.choice(
                    [
                        "export_contracts",
                        "mou",
                        "supported_companies",
                        "participating_companies",
                        "jobs",
                    ]
                )
                unit = {"export_contracts": "won", "mou": "cases", "jobs": "people"}.get(
                    indicator, "companies"
                )
                kind = rng.choice(["target", "actual"])
                maturity = "planned" if kind == "target" else rng.choice(["signed", "realised"])
                value = rng.randint(1, 500) * (EOK if unit == "won" else 1)
                outcomes.append(
                    Outcome(
                        program=program,
                        indicator=indicator,
                        value=value,
                        unit=unit,
                        kind=kind,
                        maturity=maturity,
                        period_year=program.end_year,
                        as_of=program.updated_at.date(),
                        source=source,
                        order=order,
                        quote="합성 자료",
                    )
                )
            for role in rng.sample(ROLES, rng.choice([0, 1, 2])):
                partners.append(
                    ProgramPartner(
                        program=program, organisation=rng.choice(organisations), role=role
                    )
                )
            if program.site and rng.random() < 0.35:
                facility_objects.append(
                    Facility(
                        name=f"{program.name.rsplit(' ', 1)[0]} 센터",
                        slug=f"{tag}-facility-{len(facility_objects) + 1:06d}",
                        site=program.site,
                        equipment_count=rng.choice([None, 5, 8, 11, 15]),
                        completion_year=program.end_year,
                        source=source,
                        description="합성 자료로 만든 시설입니다.",
                    )
                )
                links.append((program, len(facility_objects) - 1))

        executions = self.executions(budgets)
        milestones = self.milestones(programs)
        Funding.private_objects.bulk_create(funding, batch_size=2000)
        ProgramBudget.private_objects.bulk_create(budgets, batch_size=2000)
        Execution.private_objects.bulk_create(executions, batch_size=2000)
        Milestone.private_objects.bulk_create(milestones, batch_size=2000)
        Outcome.private_objects.bulk_create(outcomes, batch_size=2000)
        ProgramPartner.private_objects.bulk_create(partners, batch_size=2000, ignore_conflicts=True)
        facilities = Facility.private_objects.bulk_create(facility_objects, batch_size=2000)
        Through = Program.facilities.through
        pairs = {(program.pk, facilities[index].pk) for program, index in links}
        for facility in rng.sample(facilities, len(facilities) // 3) if facilities else []:
            pairs.add(
                (rng.choice(programs).pk, facility.pk)
            )  # some facilities serve several programs
        Through.objects.bulk_create(
            [Through(program_id=p, facility_id=f) for p, f in pairs], batch_size=5000
        )
        SourceLink = Program.sources.through
        SourceLink.objects.bulk_create(
            [
                SourceLink(program_id=p.pk, source_id=(p.cost_source_id or sources[0].pk))
                for p in programs
            ],
            batch_size=5000,
        )
        self.history(programs, funding, budgets, outcomes, facilities, executions, milestones)
        return len(programs)

    def executions(self, budgets):
        """What was spent of a budget: by the year's end for a past year, by now for this year,
        nothing yet for a later one; one in four not reported; some split by funding kind."""
        rng, today = self.rng, self.now.date()
        rows = []
        for budget in budgets:
            year = budget.fiscal_year
            if year > today.year or rng.random() < 0.25:
                continue
            if year < today.year:
                as_of, share = dt.date(year, 12, 31), rng.uniform(0.6, 1.05)
            else:
                as_of = today - dt.timedelta(days=rng.randint(0, 60))
                share = rng.uniform(0.05, 0.8)
            amount = int(budget.amount * share) // MAN * MAN
            common = {"program": budget.program, "fiscal_year": year, "as_of": as_of}
            common |= {"source": budget.source, "quote": "합성 자료"}
            if rng.random() < 0.2:  # reported by funding kind only
                national = amount * rng.randint(3, 7) // 10 // MAN * MAN
                rows.append(Execution(kind="national", amount=national, **common))
                rows.append(Execution(kind="city", amount=amount - national, **common))
            else:
                rows.append(Execution(kind="", amount=amount, **common))
        return rows

    def milestones(self, programs):
        """착공, sometimes 장비 도입 and 준공, and 사업 종료 (stated as a year); past ones mostly
        with an actual date, more often late than early; some past their date with none."""
        rng, today = self.rng, self.now.date()
        rows = []
        for program in programs:
            if not program.start_year:
                continue
            start = dt.date(program.start_year, rng.randint(1, 12), rng.randint(1, 28))
            end = dt.date(program.end_year, 12, 31)
            span = max((end - start).days, 60)
            steps = [("groundbreaking", start, "day")]
            if rng.random() < 0.5:
                steps.append(("equipment", start + dt.timedelta(days=span // 3), "month"))
            if rng.random() < 0.6:
                steps.append(("completion", start + dt.timedelta(days=span * 2 // 3), "day"))
            steps.append(("program_end", end, "year"))
            source = program.cost_source or self.sources[0]
            for order, (phase, planned, precision) in enumerate(steps):
                planned = period_end(planned, precision)
                actual = None
                if planned < today and rng.random() < 0.75:
                    delay = rng.choice([rng.randint(-60, -1), 0, rng.randint(1, 400)])
                    delay = rng.choice([delay, rng.randint(1, 400)])  # late more often
                    actual = min(planned + dt.timedelta(days=delay), today)
                rows.append(
                    Milestone(
                        program=program,
                        phase=phase,
                        planned_date=planned,
                        planned_precision=precision,
                        actual_date=actual,
                        source=source,
                        actual_source=source if actual else None,
                        quote="합성 자료",
                        order=order,
                    )
                )
        return rows

    def history(self, programs, funding, budgets, outcomes, facilities, executions, milestones):
        """Creation rows for everything, and a reasoned budget change for one program in ten."""
        rng = self.rng

        def created(model, objects, when):
            History = model.history.model
            rows = []
            for obj in objects:
                row = History(
                    history_date=when(obj), history_type="+", history_change_reason="합성 자료 등록"
                )
                for field in model._meta.concrete_fields:
                    setattr(row, field.attname, getattr(obj, field.attname))
                rows.append(row)
            History.objects.bulk_create(rows, batch_size=2000)

        born = {p.pk: p.published_at for p in programs}
        created(Program, programs, lambda p: p.published_at)
        for model, objects in (
            (Funding, funding),
            (ProgramBudget, budgets),
            (Outcome, outcomes),
            (Execution, executions),
            (Milestone, milestones),
        ):
            created(model, objects, lambda o: born[o.program_id])
        created(Facility, facilities, lambda f: self.now - dt.timedelta(days=400))

        History = Program.history.model
        changes, originals = [], []
        for program in rng.sample(programs, len(programs) // 10):
            if not program.start_year or program.end_year <= program.start_year:
                continue
            row = History(
                history_date=program.updated_at,
                history_type="~",
                history_change_reason=rng.choice(
                    ["사업 기간 연장", "본예산 확정에 따른 일정 조정", "설계 변경"]
                ),
            )
            for field in Program._meta.concrete_fields:
                setattr(row, field.attname, getattr(program, field.attname))
            changes.append(row)
            originals.append(program.pk)
        History.objects.bulk_create(changes, batch_size=2000)
        # Before the change, the program was to end a year earlier.
        first_rows = list(History.objects.filter(history_type="+", id__in=originals))
        for row in first_rows:
            row.end_year -= 1
        History.objects.bulk_update(first_rows, ["end_year"], batch_size=2000)
