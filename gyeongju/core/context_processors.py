from django.conf import settings


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
    }
