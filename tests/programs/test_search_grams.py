"""The two-character search index finds exactly what reading every program would find, and
follows every way a program's search text changes."""

import io

import pytest
from django.core.management import call_command

from gyeongju.programs.models import Program, SearchGram
from gyeongju.programs.search import grams, is_own_piece, reindex_all, search_q
from tests.factories import CategoryFactory, ProgramFactory, SiteFactory

pytestmark = pytest.mark.django_db

TEXTS = [
    "탄소소재 실증 지원",
    "배터리 재활용 BMW 협력",
    "수출 바우처, 소소한 지원",
    "양성자 가속기 이온빔",
    "탄소 중립 산업단지",
    "Éco 2차전지 50%할인_행사",
]
TERMS = [
    "탄소",
    "소재",
    "소",
    "배터리",
    "bmw",
    "Bm",
    "수출 지원",
    "소소",
    "이온빔",
    "중립 탄소",
    "없는말",
    "x",
    "2차",
    "0%",
    "%할",
    "_행",
    "éc",
    "ÉC",
]


def found(q):
    return set(Program.public_objects.filter(search_q(q)).values_list("name", flat=True))


def scanned(q):
    """What reading every program's search text gives (no index)."""
    programs = Program.public_objects.all()
    for term in q.split():
        programs = programs.filter(search_text__icontains=term)
    return set(programs.values_list("name", flat=True))


def test_pieces_are_two_characters_without_spaces_in_upper_case():
    assert grams("탄소 소재") == {"탄소", "소재"}
    assert grams("bmw") == {"BM", "MW"}
    assert grams("가") == set()


def test_only_plain_two_character_words_skip_rereading_the_text():
    assert all(is_own_piece(term) for term in ["탄소", "Bm", "2차", "a1"])
    assert not any(is_own_piece(term) for term in ["소", "배터리", "0%", "_행", "éc", "ㄱㄴ"])


@pytest.mark.parametrize("term", TERMS)
def test_the_index_finds_what_a_full_scan_finds(term):
    for text in TEXTS:
        ProgramFactory(name=text)
    assert found(term) == scanned(term)


def test_the_index_follows_edits_renames_and_deletions():
    program = ProgramFactory(name="양성자 가속기")
    assert found("가속") == {"양성자 가속기"}
    program.name = "수소 연료전지"
    program.save()
    assert found("가속") == set()
    assert found("연료") == {"수소 연료전지"}

    category = CategoryFactory(name="미래차")
    site = SiteFactory(name="구어2산단")
    other = ProgramFactory(name="부품 지원", category=category, site=site)
    category.name = "전기차"
    category.save()
    assert found("전기차") == {"부품 지원"}
    site.name = "외동 산단"
    site.save()
    assert found("외동") == {"부품 지원"}

    other.delete()
    assert not SearchGram.objects.filter(program_id=other.pk).exists()


def test_fixtures_are_indexed_as_they_load():
    call_command("loaddata", "portfolio", verbosity=0)
    assert found("탄소") == scanned("탄소") != set()
    assert found("수출") == scanned("수출") != set()


def test_rebuilding_gives_the_same_index():
    for text in TEXTS:
        ProgramFactory(name=text)
    before = set(SearchGram.objects.values_list("gram", "program_id"))
    assert reindex_all() == len(TEXTS)
    assert set(SearchGram.objects.values_list("gram", "program_id")) == before != set()


def test_the_rebuild_command_restores_an_index_edited_behind_django():
    ProgramFactory(name="수소 연료전지")
    SearchGram.objects.all().delete()
    assert found("연료") == set()
    out = io.StringIO()
    call_command("reindex_search", stdout=out)
    assert "사업 1개의 검색 색인을 다시 만들었습니다." in out.getvalue()
    assert found("연료") == {"수소 연료전지"}
