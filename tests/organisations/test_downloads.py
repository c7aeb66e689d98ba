"""Organisations and places are downloads too (/data/organisations.csv …, /data/places.json),
with documented Korean columns; drafts never count in them."""

import csv
import io
import json

import pytest

from tests.factories import OrganisationFactory, PartnerFactory, ProgramFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


def test_the_data_page_lists_both_datasets(web, seed):
    links = parse(web.get("/data/")).links()
    for name in ("organisations", "places"):
        for fmt in ("csv", "xlsx", "json"):
            assert f"/data/{name}.{fmt}" in links


def test_organisations_json_has_roles_and_pages(web, seed):
    OrganisationFactory(slug="draft-only")
    PartnerFactory(
        program=ProgramFactory(publication_state="draft"),
        organisation=OrganisationFactory(slug="draft-partner"),
    )
    data = json.loads(web.get("/data/organisations.json").body)
    rows = {row["slug"]: row for row in data["data"]}
    assert "draft-partner" not in rows and "draft-only" not in rows
    institute = rows["proton-science-institute"]
    assert institute["programs"] == "proton-ion-beam-rnd-center:센터 입지"
    assert institute["kind"] == "연구기관"
    assert institute["url"].endswith("/organisations/proton-science-institute/")


def test_places_csv_counts_programs_and_facilities(web, seed):
    text = web.get("/data/places.csv").body.decode("utf-8-sig")
    rows = {row["지역ID"]: row for row in csv.DictReader(io.StringIO(text))}
    assert set(rows) == {"oedong-eup", "geoncheon-eup", "gueo2-industrial-complex"}
    assert rows["gueo2-industrial-complex"]["속한 읍·면·동"] == "oedong-eup"
    assert rows["oedong-eup"]["사업 수"] == "3" and rows["oedong-eup"]["시설 수"] == "3"
    assert rows["geoncheon-eup"]["사업 수"] == "1"


def test_xlsx_downloads_answer(web, seed):
    for name in ("organisations", "places"):
        response = web.get(f"/data/{name}.xlsx")
        assert response.status_code == 200
        assert response.body[:2] == b"PK"
