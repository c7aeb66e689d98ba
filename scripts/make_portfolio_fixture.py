"""Build fixtures/portfolio.json — the seed portfolio — from the city's announcement.

Every figure below is written out from ../shared/seeds/000_ec6891d46fc34f4f.txt (kept in the
fixture as the source's text), with the sentence that states it as its evidence. Where the article
is silent the field stays empty, and the public pages say so.

Run:  .venv/bin/python scripts/make_portfolio_fixture.py
It builds a throwaway SQLite database, creates the records with the ORM (so history rows exist),
dates their creation to the announcement, and writes fixtures/portfolio.json.
"""

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp()) / "seed.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}"
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gyeongju.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

SEED_TEXT = (ROOT / "fixtures" / "seed-announcement.txt").read_text(encoding="utf-8").strip()
ANNOUNCED = dt.date(2020, 12, 15)
ANNOUNCED_AT = dt.datetime(2020, 12, 15, 9, 0, tzinfo=ZoneInfo("Asia/Seoul"))
EOK = 10**8
MAN = 10**4


def build():
    from gyeongju.facilities.models import Facility, Site
    from gyeongju.funding.models import Funding
    from gyeongju.organisations.models import Organisation
    from gyeongju.outcomes.models import Outcome
    from gyeongju.places.models import Place
    from gyeongju.programs.models import (
        Category,
        PortfolioYear,
        Program,
        ProgramBudget,
        ProgramPartner,
    )
    from gyeongju.progress.models import Milestone
    from gyeongju.sources.models import Source

    source = Source.private_objects.create(
        title="경제활성화·일자리창출 2021년 기업지원 사업 추진 계획",
        publisher="경주시",
        kind=Source.Kind.PRESS_RELEASE,
        published_on=ANNOUNCED,
        url="",
        text=SEED_TEXT,
        note=(
            "원문에는 제목과 발행일이 적혀 있지 않습니다. 제목은 내용을 요약한 것이고, 발행일은 본문"
            "('지난 14일 출범한 … 경주시 기업부설연구소협의회', '내년에는 … 334억원')과 포털 자료 "
            "기준일에 따른 것입니다. 원문 주소는 확인되는 대로 입력합니다."
        ),
    )

    # 분야 (categories): a classification for browsing, not a figure from the article.
    mobility = Category.private_objects.create(
        name="미래차·소재 기반구축",
        slug="mobility-materials",
        order=1,
        description="외동 구어2산단의 미래 자동차 산업 클러스터를 이루는 센터와 인프라",
    )
    research = Category.private_objects.create(
        name="연구개발 지원",
        slug="research",
        order=2,
        description="기업의 R&D, 시험·평가, 시제품 제작을 돕는 사업",
    )
    smart = Category.private_objects.create(
        name="스마트제조·소프트웨어",
        slug="smart-manufacturing",
        order=3,
        description="스마트공장과 제조·문화재 관리 소프트웨어 지원",
    )
    export = Category.private_objects.create(
        name="수출·투자유치",
        slug="export-investment",
        order=4,
        description="중소기업 수출지원과 외국인 투자유치",
    )

    # The 읍·면·동 come from the data migration (places/0002); the complex sits under 외동읍. The
    # announcement places 구어2산단 in 외동; 양성자과학연구단 (한국원자력연구원) is in 건천읍.
    gueo2_complex = Place.private_objects.create(
        name="구어2산단",
        slug="gueo2-industrial-complex",
        kind=Place.Kind.COMPLEX,
        parent=Place.private_objects.get(slug="oedong-eup"),
        description=(
            "외동읍의 산업단지입니다. 차량용 첨단소재 성형가공, 탄소 소재·부품 리사이클링, "
            "미래자동차 BMS 인프라가 모여 미래 자동차 산업 클러스터를 이룹니다."
        ),
    )
    gueo2 = Site.private_objects.create(
        place=gueo2_complex,
        name="외동 구어2산단",
        slug="oedong-gueo2",
        kind=Site.Kind.INDUSTRIAL_COMPLEX,
        address="경상북도 경주시 외동읍",
        description=(
            "차량용 성형가공, 탄소 리사이클링, BMS 인프라가 모여 미래 자동차 산업 클러스터를 "
            "이룰 산업단지입니다. 센터 공동이용과 연관 산업 R&D 협업이 기대됩니다."
        ),
    )
    komac_site = Site.private_objects.create(
        place=Place.private_objects.get(slug="geoncheon-eup"),
        name="양성자과학연구단",
        slug="proton-science-campus",
        kind=Site.Kind.RESEARCH_CAMPUS,
        address="경상북도 경주시",
        description="경주에만 있는 양성자과학연구단. 양성자 이온빔 활용 산업체 R&D 지원센터가 있습니다.",
    )

    def org(name, slug, kind, **extra):
        return Organisation.private_objects.create(name=name, slug=slug, kind=kind, **extra)

    K = Organisation.Kind
    motie = org("산업통상자원부", "motie", K.MINISTRY, short_name="산자부")
    kotra = org("KOTRA(대한무역투자진흥공사)", "kotra", K.AGENCY, short_name="KOTRA")
    komac = org("양성자과학연구단", "proton-science-institute", K.RESEARCH, region="경주")
    nstc = org(
        "국가과학기술위원회",
        "national-science-technology-council",
        K.COMMITTEE,
        description="대통령 직속기구(원문 표기)",
    )
    council = org(
        "경주시 기업부설연구소협의회",
        "gyeongju-corporate-rnd-council",
        K.COUNCIL,
        region="경주",
        description=(
            "2020년 12월 14일 출범한 산학연관 공동체. 기업현장 수요사업 발굴, 중앙·도 단위 과제 "
            "공동수행, 전문교육을 맡습니다."
        ),
    )
    universities = org("지역대학", "regional-universities", K.UNIVERSITY, region="경북")
    companies = org(
        "경주·경산·포항·구미 지역 연관기업",
        "regional-related-companies",
        K.COMPANY,
        region="경주·경산·포항·구미",
    )
    assert council and motie

    molding_center = Facility.private_objects.create(
        name="차량용 첨단소재 성형가공 기술고도화 센터",
        slug="vehicle-materials-molding-center",
        site=gueo2,
        description=(
            "알루미늄·탄소·플라스틱 등 소재·부품 경량화, R&D 연구개발, 시제품 제작, 기업 전문 "
            "인력양성을 위한 성형가공 첨단 플랫폼의 거점 센터입니다."
        ),
        equipment_count=11,
        equipment_note="R&D 연구개발 장비",
        completion_year=2021,
        source=source,
        quote="내년 건립되는 센터를 기반으로 … R&D 연구개발 및 장비 11종 도입",
    )
    recycling_base = Facility.private_objects.create(
        name="탄소 소재·부품 리사이클링 기반",
        slug="carbon-recycling-base",
        site=gueo2,
        description="탄소 복합재 재제조, 품질고도화, 시험·평가 및 인증을 위한 리사이클링 인프라입니다.",
        equipment_count=11,
        equipment_note="연구 장비 등",
        source=source,
        quote="연구 장비 등 11종 도입",
    )
    bms_infra = Facility.private_objects.create(
        name="미래자동차 BMS 인프라",
        slug="bms-infrastructure",
        site=gueo2,
        description="차세대 배터리 R&D, 소재분석, 시험, 평가 인증을 위한 BMS 생태계 인프라입니다.",
        source=source,
        quote="외동 구어2산단 내 차량용 성형가공, 리사이클링, BMS 인프라 구축이 완료돼",
    )
    ion_center = Facility.private_objects.create(
        name="양성자 이온빔 활용 산업체 R&D 지원센터",
        slug="proton-ion-beam-rnd-center",
        site=komac_site,
        description=(
            "자동차 소재·부품 경량화와 표면처리로 고강도·내열성·내마모성을 높이는 연구를 돕는 "
            "센터로, 양성자과학연구단 안에서 확장됩니다."
        ),
        equipment_count=11,
        equipment_note="대면적 이온빔 조사장치 등",
        source=source,
        quote="대면적 이온빔 조사장치 등 11종 도입",
    )

    S = Program.Status
    published = Program.PublicationState.PUBLISHED

    def program(**fields):
        facilities = fields.pop("facilities", [])
        p = Program.private_objects.create(
            publication_state=published, cost_source=fields.pop("cost_source", None), **fields
        )
        p.sources.add(source)
        if facilities:
            p.facilities.add(*facilities)
        return p

    molding = program(
        name="차량용 첨단소재 성형가공 기술고도화 기반구축",
        slug="vehicle-materials-molding",
        summary=(
            "2022년까지 외동 구어2산단에 성형가공 센터를 세우고 장비 11종을 들여, 알루미늄·탄소·"
            "플라스틱 등 차량 소재·부품 경량화와 시제품 제작, 기업 전문 인력양성을 지원합니다."
        ),
        body=(
            "2022년까지 외동 구어2산단에 국비 90억원을 포함한 총 290억원으로 추진하는 사업입니다.\n\n"
            "2021년 건립되는 센터를 기반으로 알루미늄, 탄소, 플라스틱 등 소재·부품 경량화, R&D "
            "연구개발 및 장비 11종 도입, 시제품 제작, 기업 전문 인력양성 등 성형가공 첨단 플랫폼 "
            "기반을 구축하고 기업 지원사업도 추진합니다."
        ),
        category=mobility,
        status=S.ONGOING,
        end_year=2022,
        total_cost=290 * EOK,
        cost_source=source,
        cost_quote="2022년까지 외동 구어2산단에 국비 90억원 포함 총 290억원으로",
        site=gueo2,
        facilities=[molding_center],
    )
    Funding.private_objects.create(
        program=molding,
        kind="national",
        amount=90 * EOK,
        source=source,
        quote="국비 90억원 포함 총 290억원",
    )

    recycling = program(
        name="탄소 소재·부품 리사이클링 기반구축",
        slug="carbon-recycling",
        summary=(
            "2023년까지 연구 장비 등 11종을 들여 탄소 복합재 재제조 기술, 품질고도화, 시험·평가 및 "
            "인증 등 리사이클링 산업 기반을 만들고 연관기업을 지원합니다."
        ),
        body=(
            "2023년까지 국비 80억원을 포함한 178억원으로 탄소 소재·부품 리사이클링 기반을 "
            "구축합니다.\n\n연구 장비 등 11종 도입, 탄소 복합재 재제조 기술 확보, 품질고도화, "
            "시험·평가 및 인증 등 리사이클링 산업 활성화와 인프라 구축, 연관기업 지원을 함께 "
            "추진합니다."
        ),
        category=mobility,
        status=S.PLANNED,
        end_year=2023,
        total_cost=178 * EOK,
        cost_source=source,
        cost_quote="2023년까지 국비 80억원 포함 178억원으로",
        site=gueo2,
        facilities=[recycling_base],
    )
    Funding.private_objects.create(
        program=recycling,
        kind="national",
        amount=80 * EOK,
        source=source,
        quote="국비 80억원 포함 178억원",
    )

    bms = program(
        name="AI 적용 차세대 미래자동차 BMS(배터리관리시스템) 생태계 조성",
        slug="ai-bms-ecosystem",
        summary=(
            "전국 지자체 최초로 2025년까지 200억원을 들여 차세대 배터리 R&D, 소재분석, 시험, 평가 "
            "인증 등 AI를 적용한 배터리관리시스템(BMS) 생태계를 만듭니다."
        ),
        body=(
            "미래 자동차 산업 변화에 선제적으로 대응하기 위해 전국 지자체 최초로 2025년까지 AI 적용 "
            "차세대 미래자동차 BMS(배터리관리시스템) 생태계를 조성합니다.\n\n예산 200억원으로 "
            "차세대 배터리 R&D, 소재분석, 시험, 평가 인증 등을 추진하며, 기업 기술력 강화와 강소기업 "
            "육성, 일자리 창출에 기여할 것으로 기대됩니다."
        ),
        category=mobility,
        status=S.PLANNED,
        end_year=2025,
        total_cost=200 * EOK,
        cost_note="예산 총액만 공개 (재원 구성 미공개)",
        cost_source=source,
        cost_quote="예산 200억원을 들여 차세대 배터리 R&D, 소재분석, 시험, 평가 인증 등 BMS 생태계를 조성",
        site=gueo2,
        facilities=[bms_infra],
    )

    def yearly(name, slug, summary, body, category, amount, quote, status=S.PLANNED, **extra):
        p = program(
            name=name,
            slug=slug,
            summary=summary,
            body=body,
            category=category,
            status=status,
            **extra,
        )
        ProgramBudget.private_objects.create(
            program=p, fiscal_year=2021, amount=amount, source=source, quote=quote
        )
        return p

    yearly(
        "스마트공장 신규 및 고도화 지원",
        "smart-factory",
        "ICT로 자재 도입부터 생산 전 과정을 전산화하는 스마트공장의 신규 구축과 고도화를 지원합니다.",
        "ICT 기술을 바탕으로 자재 도입부터 생산 전 과정의 전산화를 구축하는 스마트공장 신규 및 "
        "고도화 지원에 2021년 80억원을 투입해 기업환경을 개선합니다.",
        smart,
        80 * EOK,
        "스마트공장 신규 및 고도화 지원에 80억원을 투입",
    )
    yearly(
        "자동차·철강 중소기업 기술경쟁력 강화 (R&D 기획·시제품 제작)",
        "sme-rnd-prototype",
        "자동차·철강 중소기업의 R&D 기획과 시제품 제작을 돕는 기업 맞춤형 지원사업입니다.",
        "기업 맞춤형 지원사업으로 자동차, 철강 중소기업의 R&D 기획, 시제품 제작 등 "
        "기술경쟁력 강화를 위해 2021년 2억1,500만원을 투입합니다.",
        research,
        2 * EOK + 1500 * MAN,
        "자동차, 철강 중소기업의 R&D 기획, 시제품 제작 등 기술경쟁력 강화를 위해 2억1500만원을 투입",
    )
    yearly(
        "품질·설비·금형관리 SW 보급",
        "manufacturing-software",
        "자동차·제조업에 꼭 필요한 품질, 설비, 금형관리 소프트웨어 보급을 지원합니다.",
        "하드웨어뿐 아니라 소프트웨어 지원도 강화합니다. 자동차·제조업에 필수적인 품질, 설비, "
        "금형관리 등 SW 보급에 2021년 2억8,000만원을 지원합니다.",
        smart,
        2 * EOK + 8000 * MAN,
        "품질, 설비, 금형관리 등 SW보급에 2억8000만원",
    )
    yearly(
        "드론 활용 옥외 문화재 관리 SW 개발",
        "drone-heritage-software",
        "드론으로 옥외 문화재를 관리하는 소프트웨어 개발을 지원합니다.",
        "드론을 활용한 옥외 문화재 관리 SW 개발에 2021년 5억3,300만원을 지원합니다.",
        smart,
        5 * EOK + 3300 * MAN,
        "드론을 활용한 옥외 문화재 관리 SW개발에 5억3300만원을 지원",
    )
    export_support = yearly(
        "중소기업 수출지원",
        "export-support",
        "수출지원, 해외바이어 초청 수출상담회, 홍보물 제작, 수출용 시제품 제작을 지원합니다. "
        "2020년에는 20개사 31건을 지원했습니다.",
        "중소기업 수출지원 확대를 위해 2021년 2억3,500만원으로 수출지원, 해외바이어 초청 "
        "수출상담회, 홍보물 제작, 수출용 시제품 제작 지원 등을 추진합니다.\n\n2020년에는 20개사 "
        "31건을 지원하고, 베트남·일본 등 해외바이어와의 온라인 수출상담회를 통해 현장 MOU 4건을 "
        "체결하고 222억원의 수출계약 성과를 올렸습니다.",
        export,
        2 * EOK + 3500 * MAN,
        "2억3500만원으로 수출지원, 해외바이오 초청 수출상담회, 홍보물 제작, 수출용 시제품 제작 지원",
        status=S.ONGOING,
    )
    result_2020 = {
        "program": export_support,
        "kind": Outcome.Kind.ACTUAL,
        "period_year": 2020,
        "as_of": ANNOUNCED,
        "source": source,
    }
    Outcome.private_objects.create(
        indicator=Outcome.Indicator.SUPPORTED_COMPANIES,
        value=20,
        unit=Outcome.Unit.COMPANIES,
        maturity=Outcome.Maturity.REALISED,
        quote="올해는 20개사 31건 지원",
        order=1,
        **result_2020,
    )
    Outcome.private_objects.create(
        indicator=Outcome.Indicator.SUPPORT_CASES,
        value=31,
        unit=Outcome.Unit.CASES,
        maturity=Outcome.Maturity.REALISED,
        quote="올해는 20개사 31건 지원",
        order=2,
        **result_2020,
    )
    Outcome.private_objects.create(
        indicator=Outcome.Indicator.MOU,
        label="해외바이어 온라인 수출상담회 현장 MOU",
        value=4,
        unit=Outcome.Unit.CASES,
        maturity=Outcome.Maturity.SIGNED,
        quote="베트남, 일본 등 해외바이어 온라인 수출상담회를 통해 4건의 현장 MOU를 체결",
        note="MOU(양해각서)는 계약이 아닙니다.",
        order=3,
        **result_2020,
    )
    Outcome.private_objects.create(
        indicator=Outcome.Indicator.EXPORT_CONTRACTS,
        value=222 * EOK,
        unit=Outcome.Unit.WON,
        maturity=Outcome.Maturity.SIGNED,
        quote="222억원의 수출계약 성과를 올린바 있다",
        note="체결된 수출계약 금액이며, 실제 수출(선적·대금 회수) 실적은 아닙니다.",
        order=4,
        **result_2020,
    )

    fdi = program(
        name="경주 친환경 자동차 부품클러스터 조성 외국인 투자유치 전략 수립",
        slug="eco-auto-parts-cluster-fdi-strategy",
        summary=(
            "산업통상자원부 공모에 선정된 프로젝트로, 산자부·KOTRA와 함께 2021년 4월까지 국내외 "
            "투자유치 전략, 산업구조 고도화, 타당성 조사를 수행합니다."
        ),
        body=(
            "미래 친환경 자동차 부품 클러스터 조성을 위해 산업통상자원부, KOTRA와 협업해 2020년 7월 "
            "산자부 공모에 선정된 프로젝트입니다.\n\n국비 등 7,000만원으로 2021년 4월까지 국내·외 "
            "투자유치 전략 수립, 산업구조 고도화, 타당성 조사 등을 수행해 친환경 자동차 부품 클러스터 "
            "중심도시로 자리매김하는 초석을 마련합니다."
        ),
        category=export,
        status=S.ONGOING,
        start_year=2020,
        end_year=2021,
        total_cost=7000 * MAN,
        cost_note="국비 등 (재원별 금액 미공개)",
        cost_source=source,
        cost_quote="국비 등 7000만원으로 내년 4월까지",
    )
    ProgramPartner.private_objects.create(
        program=fdi,
        organisation=motie,
        role="공모 선정·협업",
        note="2020년 7월 산자부 공모 선정",
        order=1,
    )
    ProgramPartner.private_objects.create(program=fdi, organisation=kotra, role="협업", order=2)

    proton = program(
        name="양성자 이온빔 활용 산업체 R&D 지원센터 확장",
        slug="proton-ion-beam-rnd-center",
        summary=(
            "2026년까지 450억원을 들여 양성자과학연구단 안의 산업체 R&D 지원센터를 확장하고, "
            "대면적 이온빔 조사장치 등 11종을 들여 자동차 소재·부품 경량화 R&D와 시제품 제작을 돕습니다."
        ),
        body=(
            "경주에만 있는 양성자과학연구단 안에 2026년까지 450억원을 투입해 양성자 이온빔 활용 "
            "산업체 R&D 지원센터를 확장합니다.\n\n자동차 소재·부품 경량화와 표면처리로 고강도, "
            "내열성, 내마모성을 강화하기 위한 대면적 이온빔 조사장치 등 11종 도입, 경량화 R&D, "
            "테스트베드, 시제품 제작, 기업지원에 주력합니다.\n\n이 사업은 2020년 3월 대통령 "
            "직속기구인 국가과학기술위원회 심의를 통과했습니다. 지역대학을 포함해 경주, 경산, 포항, "
            "구미 등 연관기업 104개사가 참여할 계획입니다."
        ),
        category=research,
        status=S.PLANNED,
        end_year=2026,
        total_cost=450 * EOK,
        cost_note="총액만 공개 (재원 구성 미공개)",
        cost_source=source,
        cost_quote="양성자과학연구단 내에 2026년까지 450억원을 투입해",
        site=komac_site,
        facilities=[ion_center],
    )
    ProgramPartner.private_objects.create(
        program=proton, organisation=komac, role="센터 입지", order=1
    )
    ProgramPartner.private_objects.create(
        program=proton, organisation=nstc, role="심의", note="2020년 3월 심의 통과", order=2
    )
    ProgramPartner.private_objects.create(
        program=proton, organisation=universities, role="참여 예정", order=3
    )
    ProgramPartner.private_objects.create(
        program=proton,
        organisation=companies,
        role="참여 예정",
        note="경주, 경산, 포항, 구미 등 연관기업 104개사",
        order=4,
    )
    Outcome.private_objects.create(
        program=proton,
        indicator=Outcome.Indicator.PARTICIPATING_COMPANIES,
        label="참여 예정 연관기업(지역대학 포함)",
        value=104,
        unit=Outcome.Unit.COMPANIES,
        kind=Outcome.Kind.TARGET,
        maturity=Outcome.Maturity.PLANNED,
        as_of=ANNOUNCED,
        source=source,
        quote="지역대학을 포함해 경주, 경산, 포항, 구미 등 연관기업 104개사가 참여할 계획",
    )

    # The schedule the announcement states (decision 0014): planned dates only, as exactly as it
    # states them (a year, or a month), each with its sentence. No execution and no actual date:
    # the article gives none, and the pages say so.
    def milestone(program, phase, planned, precision, quote, *, name="", order=1):
        Milestone.private_objects.create(
            program=program,
            phase=phase,
            name=name,
            planned_date=planned,
            planned_precision=precision,
            source=source,
            quote=quote,
            order=order,
        )

    P, Y = Milestone.Phase, Milestone.PlannedPrecision.YEAR
    milestone(
        molding,
        P.COMPLETION,
        dt.date(2021, 12, 31),
        Y,
        "내년 건립되는 센터를 기반으로",
        name="성형가공 지원센터 건립",
    )
    milestone(
        molding,
        P.PROGRAM_END,
        dt.date(2022, 12, 31),
        Y,
        "먼저 2022년까지 외동 구어2산단에 국비 90억원 포함 총 290억원으로",
        order=2,
    )
    milestone(
        recycling,
        P.PROGRAM_END,
        dt.date(2023, 12, 31),
        Y,
        "또 2023년까지 국비 80억원 포함 178억원으로 ‘탄소 소재·부품 리사이클링’ 기반을 구축한다.",
    )
    milestone(
        bms,
        P.PROGRAM_END,
        dt.date(2025, 12, 31),
        Y,
        "전국 지자체 최초로 2025년까지 AI 적용 차세대 미래자동차 BMS(배터리관리시스템) 생태계를 "
        "조성한다.",
        name="BMS 생태계 조성",
    )
    milestone(
        fdi,
        P.PROGRAM_END,
        dt.date(2021, 4, 30),
        Milestone.PlannedPrecision.MONTH,
        "국비 등 7000만원으로 내년 4월까지 국내·외 투자유치 전략 수립",
        name="투자유치 전략 수립",
    )
    milestone(
        proton,
        P.COMPLETION,
        dt.date(2026, 12, 31),
        Y,
        "양성자과학연구단 내에 2026년까지 450억원을 투입해 양성자 이온빔 활용 산업체 R&D "
        "지원센터를 확장한다.",
        name="산업체 R&D 지원센터 확장",
    )

    PortfolioYear.private_objects.create(
        year=2020,
        program_count=13,
        total_amount=130 * EOK,
        description="중소기업 기술경쟁력 강화 등 기업지원 사업",
        source=source,
        quote="시는 올해 중소기업 기술경쟁력 강화 등 13개 사업에 130억원을 투입",
    )
    PortfolioYear.private_objects.create(
        year=2021,
        program_count=17,
        total_amount=334 * EOK,
        description="차량용 첨단소재 성형가공 기술고도화 기반구축 등",
        source=source,
        quote="내년에는 ‘차량용 첨단소재 성형가공 기술고도화 기반구축’ 등 17개 사업에 334억원을 확대 투입",
    )


def date_everything_to_announcement():
    """Creation rows and timestamps carry the announcement's date, not the build's."""
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.app_label not in {
            "programs",
            "funding",
            "facilities",
            "outcomes",
            "progress",
            "organisations",
            "sources",
        }:
            continue
        manager = model._base_manager
        # The history rows too: a dated snapshot shows its record's own 최종 수정.
        stamps = {
            f.name: ANNOUNCED_AT
            for f in model._meta.concrete_fields
            if f.name in {"created_at", "updated_at", "published_at", "changed_at"}
        }
        if model.__name__.startswith("Historical"):
            stamps.update(
                history_date=ANNOUNCED_AT,
                history_change_reason="경주시 보도자료(2020. 12. 15.) 내용으로 최초 등록",
            )
        if stamps:
            manager.update(**stamps)


def main():
    call_command("migrate", verbosity=0)
    build()
    date_everything_to_announcement()
    out = ROOT / "fixtures" / "portfolio.json"
    call_command(
        "dumpdata",
        "sources",
        "organisations",
        "places",
        "facilities",
        "programs",
        "funding",
        "outcomes",
        "progress",
        "--natural-foreign",
        "--natural-primary",
        "--indent=1",
        f"--output={out}",
        verbosity=0,
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
