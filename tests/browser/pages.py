"""Every public page type, as (id, path, status): what the axe and Nu HTML checks walk through."""

PROGRAM = "ai-bms-ecosystem"  # 배터리: the search in the explorer tests finds it

PUBLIC_PAGES = [
    ("home", "/", 200),
    ("explorer", "/programs/", 200),
    ("explorer-search", "/programs/?q=배터리", 200),
    (
        "explorer-filtered",
        "/programs/?category=mobility-materials&status=planned&funding=national",
        200,
    ),
    ("explorer-bad-input", "/programs/?min_cost=abc&year=x", 200),
    ("program", f"/programs/{PROGRAM}/", 200),
    ("program-snapshot", f"/programs/{PROGRAM}/?as_of=2020-12-20", 200),
    ("program-snapshot-before", f"/programs/{PROGRAM}/?as_of=2019-01-01", 404),
    ("program-snapshot-bad-date", f"/programs/{PROGRAM}/?as_of=2020-13-45", 400),
    ("program-history", f"/programs/{PROGRAM}/history/", 200),
    ("program-embed", f"/programs/{PROGRAM}/embed/", 200),
    ("facility-list", "/facilities/", 200),
    ("facility-detail", "/facilities/bms-infrastructure/", 200),
    ("organisation-list", "/organisations/", 200),
    ("organisation-list-kind", "/organisations/?kind=ministry", 200),
    ("organisation-detail", "/organisations/proton-science-institute/", 200),
    ("place-list", "/places/", 200),
    ("place-detail", "/places/oedong-eup/", 200),
    ("place-complex", "/places/gueo2-industrial-complex/", 200),
    ("explorer-place", "/programs/?place=oedong-eup", 200),
    ("report-thanks", "/reports/thanks/?page=/places/oedong-eup/", 200),
    ("funding-list", "/funding/", 200),
    ("funding-detail", "/funding/national/", 200),
    ("outcome-list", "/outcomes/", 200),
    ("outcome-list-filtered", "/outcomes/?maturity=signed", 200),
    ("data", "/data/", 200),
    ("privacy", "/privacy/", 200),
    ("copyright", "/copyright/", 200),
    ("not-found", "/programs/no-such-program/", 404),
]
