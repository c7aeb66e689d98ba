from django.conf import settings

from .links import page_url

LINKED_PAGES = (
    "home",
    "programs:list",
    "facilities:list",
    "organisations:list",
    "places:list",
    "funding:list",
    "outcomes:list",
    "data",
    "privacy",
    "copyright",
    "feeds:updates",
)


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "CONTACT": {
            "organisation": settings.CONTACT_ORGANISATION,
            "address": settings.CONTACT_ADDRESS,
            "phone": settings.CONTACT_PHONE,
            "email": settings.CONTACT_EMAIL,
        },
        "NAVER_SITE_VERIFICATION": settings.NAVER_SITE_VERIFICATION,
        "GOOGLE_SITE_VERIFICATION": settings.GOOGLE_SITE_VERIFICATION,
        # The pages the header and footer link on every page ({{ LINKS.home }}).
        # What the 자료 오류 신고 form and the privacy page say about keeping reports (days).
        "REPORTS": {
            "email_days": settings.REPORT_EMAIL_RETENTION_DAYS,
            "report_days": settings.REPORT_RETENTION_DAYS,
        },
        "LINKS": {name.replace(":", "_"): page_url(name) for name in LINKED_PAGES},
    }
