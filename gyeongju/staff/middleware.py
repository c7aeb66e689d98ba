"""Staff sessions: a login lasts STAFF_SESSION_HOURS, and counts only with its second factor."""

from django.contrib import auth
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from .signin import NOTICE, second_factor_required, signed_in_long_ago


def with_second_factor(user):
    """The user, if their login is complete: a session that passed the password but not the second
    factor it needs (a role or setting that changed since, an authenticator removed) is anonymous,
    so the admin asks for the rest, and nothing else (draft previews) treats it as staff."""
    if user.is_authenticated and not user.is_verified() and second_factor_required(user):
        return AnonymousUser()
    return user


class StaffSessionMiddleware:
    """After django-otp's OTPMiddleware: ends a login older than STAFF_SESSION_HOURS (counted from
    the login, however busy the session), and hides a login without its second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if auth.SESSION_KEY in request.session and signed_in_long_ago(request.session):
            auth.logout(request)
            request.session[NOTICE] = (
                "로그인한 지 오래되어 로그아웃되었습니다. 다시 로그인해 주세요."
            )
        user = request.user
        request.user = SimpleLazyObject(lambda: with_second_factor(user))
        return self.get_response(request)
