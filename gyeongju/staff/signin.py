"""Signing staff in: a password, then a code from an authenticator app or a one-time recovery code.

The password step is Django's login form. When the account needs a second factor (승인자 and
superusers always, 편집자 when STAFF_2FA_REQUIRED), the password does not log anyone in: it starts a
sign-in held in the session for ten minutes, finished by a code (``verify``) or, for an account with
no authenticator yet, by registering one (``setup``), which also issues the recovery codes. Only
then does ``django.contrib.auth.login`` run, so django-axes resets its count and records the login
(time and address) once the whole sign-in succeeds.

A wrong code counts as a failed login for django-axes (username and address: five lock that pair
out for an hour). Failures for one account from many addresses slow that account's sign-ins down
(``slowdown``) instead of locking it, so nobody can lock a colleague out.
"""

import math
import time
from base64 import b32encode
from datetime import timedelta

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from axes.models import AccessAttempt, AccessLog
from django import forms
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.db.models import Max, Sum
from django.dispatch import receiver
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gyeongju.review.roles import can_publish

PENDING = "staff_signin"  # the session's sign-in in progress (password accepted)
SIGNED_IN_AT = "staff_signed_in_at"  # when the session's login completed (unix time)
NOTICE = "staff_signin_notice"  # a word for the next login page (why the session ended)
NEW_CODES = "staff_recovery_codes"  # recovery codes to show once
PENDING_SECONDS = 10 * 60
RECOVERY_CODES = 10
APP_NAME = "인증 앱"
CODES_NAME = "복구 코드"


def second_factor_required(user) -> bool:
    return bool(user.is_superuser or settings.STAFF_2FA_REQUIRED or can_publish(user))


def signed_in_long_ago(session) -> bool:
    started = session.get(SIGNED_IN_AT)
    return started is None or time.time() - started > settings.STAFF_SESSION_HOURS * 60 * 60


@receiver(user_logged_in)
def note_the_time(sender, request, user, **kwargs):
    request.session[SIGNED_IN_AT] = int(time.time())


# Slowing down one account's guesses from many addresses ---------------------------------------


def slowdown(username: str) -> int:
    """Seconds this account must wait before its next try: none until STAFF_SLOWDOWN_AFTER failures
    within the lockout hour (from any address), then 1, 2, 4 … seconds after the latest failure, up
    to STAFF_SLOWDOWN_MAX_SECONDS. A refused try is not a failure: the real user gets in at the
    first try after the wait."""
    if not username:
        return 0
    now = timezone.now()
    failures = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=now - timedelta(hours=settings.AXES_COOLOFF_TIME)
    ).aggregate(count=Sum("failures_since_start"), latest=Max("attempt_time"))
    count = failures["count"] or 0
    if count < settings.STAFF_SLOWDOWN_AFTER:
        return 0
    wait = min(2 ** (count - settings.STAFF_SLOWDOWN_AFTER), settings.STAFF_SLOWDOWN_MAX_SECONDS)
    return max(0, math.ceil(wait - (now - failures["latest"]).total_seconds()))


def slowed(request, wait: int):
    response = TemplateResponse(
        request,
        "admin/signin/slowed.html",
        {"wait": wait, "title": "잠시 기다려 주세요"},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


def credentials(user) -> dict:
    return {"username": user.get_username()}


def failed(request, user) -> None:
    """A wrong code: a failed login for django-axes (which may now lock this address out)."""
    user_login_failed.send(sender=__name__, credentials=credentials(user), request=request)


# The password step ------------------------------------------------------------------------------


class PasswordStep(LoginView):
    """The admin's login form: the password, then (where required) the second step."""

    authentication_form = AdminAuthenticationForm
    template_name = "admin/signin/login.html"

    def post(self, request, *args, **kwargs):
        wait = slowdown(request.POST.get("username", ""))
        if wait:
            return slowed(request, wait)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "notice": self.request.session.pop(NOTICE, ""),
        }

    def form_valid(self, form):
        user = form.get_user()
        if not second_factor_required(user):
            return super().form_valid(form)
        request = self.request
        request.session.cycle_key()
        request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "hash": user.get_session_auth_hash(),
            "started": int(time.time()),
            "next": self.get_success_url(),
        }
        has_app = TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
        return redirect("admin:signin_verify" if has_app else "admin:signin_setup")


def pending(request):
    """The user whose password was accepted in this session, and where they were going; None when
    there is none, it is older than ten minutes, or the password has changed since."""
    state = request.session.get(PENDING)
    if not state or time.time() - state["started"] > PENDING_SECONDS:
        return None, None
    user = (
        auth.get_user_model()
        ._default_manager.filter(pk=state["user"], is_active=True, is_staff=True)
        .first()
    )
    if user is None or not constant_time_compare(user.get_session_auth_hash(), state["hash"]):
        return None, None
    user.backend = state["backend"]
    return user, state


def start_over(request):
    request.session.pop(PENDING, None)
    request.session[NOTICE] = "로그인을 마치지 못한 채 10분이 지났습니다. 다시 로그인해 주세요."
    return redirect("admin:login")


def finish(request, user, device, state):
    """Both factors passed: the login itself (axes resets the count and records it)."""
    request.session.pop(PENDING, None)
    auth.login(request, user, backend=user.backend)
    otp_login(request, device)
    return redirect(state["next"])


def refused(request, user):
    """Locked out (django-axes) or slowed down: the answer, before a code is even read."""
    if AxesProxyHandler.is_locked(request, credentials(user)):
        return get_lockout_response(request, None, credentials(user))
    wait = slowdown(user.get_username())
    return slowed(request, wait) if wait else None


# The second step ---------------------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label="인증 코드",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
        error_messages={"required": "인증 코드를 입력해 주세요."},
    )

    def __init__(self, *args, label="인증 코드", help_text="", autofocus=True, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.label, field.help_text = label, help_text
        if autofocus:
            field.widget.attrs["autofocus"] = True

    def clean_code(self):
        return "".join(ch for ch in self.cleaned_data["code"] if ch.isalnum()).lower()


def check_code(user, code: str):
    """The device that accepts ``code`` (6 digits from the app, or a recovery code, used up), and
    otherwise why not, in Korean."""
    devices = (
        TOTPDevice.objects.devices_for_user(user, confirmed=True)
        if code.isdigit()
        else StaticDevice.objects.devices_for_user(user, confirmed=True)
    )
    with transaction.atomic():
        for device in devices.select_for_update():
            allowed, why = device.verify_is_allowed()
            if not allowed:
                until = (why or {}).get("locked_until", timezone.now())
                seconds = math.ceil((until - timezone.now()).total_seconds())
                return None, f"틀린 코드가 이어져 {max(seconds, 1)}초 뒤에 다시 입력할 수 있습니다."
            if device.verify_token(code):
                return device, ""
    if code.isdigit():
        return None, "인증 코드가 맞지 않습니다. 인증 앱에 지금 보이는 6자리 숫자를 입력해 주세요."
    return None, "복구 코드가 맞지 않거나 이미 쓴 코드입니다."


def verify(request):
    """The second step for an account with an authenticator app."""
    user, state = pending(request)
    if user is None:
        return start_over(request)
    if not TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        return redirect("admin:signin_setup")
    if response := refused(request, user):
        return response
    form = CodeForm(
        request.POST or None,
        help_text="휴대전화를 잃었다면 복구 코드(예: abcd-efgh)를 입력하세요. 복구 코드는 한 번씩만 쓸 수 있습니다.",
    )
    if request.method == "POST" and form.is_valid():
        device, problem = check_code(user, form.cleaned_data["code"])
        if device is not None:
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    f"복구 코드로 로그인했습니다. 남은 복구 코드는 {left}개입니다. "
                    "인증 앱을 잃었다면 '계정 보안'에서 새 인증 앱을 등록하세요.",
                )
            return finish(request, user, device, state)
        failed(request, user)
        form.add_error("code", problem)
    return TemplateResponse(
        request,
        "admin/signin/verify.html",
        {"form": form, "title": "2단계 인증", "username": user.get_username()},
        status=400 if form.errors else 200,
    )


def totp_qr(device) -> str:
    """The app's QR code, drawn here (no other host): an SVG data URI for an <img>."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def grouped_secret(device) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def new_recovery_codes(user) -> list[str]:
    """Ten fresh one-time codes; any earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def show_codes_once(request, codes: list[str], next_url: str) -> None:
    request.session[NEW_CODES] = {
        "codes": [f"{code[:4]}-{code[4:]}" for code in codes],
        "next": next_url,
    }


def setup(request):
    """Registering an authenticator app: at the first login (the password step sends an account with
    none here), or to replace the app from 계정 보안 (signed in, with a current code)."""
    user, state = pending(request)
    replacing = user is None and request.user.is_active and request.user.is_staff
    if replacing:
        user = request.user
    elif user is None:
        return start_over(request)
    elif TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        return redirect("admin:signin_verify")
    if response := refused(request, user):
        return response
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or (
        TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
    )
    # Replacing an app takes a code from the current one (or a recovery code): a session left open
    # is not enough to take the account over.
    has_app = replacing and TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
    current = (
        CodeForm(
            request.POST or None,
            prefix="current",
            label="지금 쓰는 인증 앱의 코드",
            help_text="지금까지 쓰던 인증 앱의 6자리 숫자 또는 복구 코드",
        )
        if has_app
        else None
    )
    form = CodeForm(
        request.POST or None,
        label="새 인증 앱의 코드",
        help_text="QR 코드를 읽은 인증 앱에 보이는 6자리 숫자",
        autofocus=current is None,
    )
    if request.method == "POST" and form.is_valid() and (current is None or current.is_valid()):
        proven = True
        if current is not None:
            proof, problem = check_code(user, current.cleaned_data["code"])
            if proof is None:
                proven = False
                failed(request, user)
                current.add_error("code", problem)
        if proven and device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = new_recovery_codes(user)
            if replacing:
                otp_login(request, device)
            else:
                finish(request, user, device, state)
            show_codes_once(request, codes, state["next"] if state else reverse("admin:index"))
            return redirect("admin:signin_recovery_codes")
        if proven:
            failed(request, user)
            form.add_error(
                "code",
                "인증 앱에 보이는 6자리 숫자가 맞지 않습니다. 시간이 지나 바뀌었다면 새 숫자를 입력하세요.",
            )
    return TemplateResponse(
        request,
        "admin/signin/setup.html",
        {
            "form": form,
            "current": current,
            "replacing": replacing,
            "title": "인증 앱 등록",
            "username": user.get_username(),
            "qr": totp_qr(device),
            "secret": grouped_secret(device),
        },
        status=400 if (form.errors or (current is not None and current.errors)) else 200,
    )


def recovery_codes(request):
    """The recovery codes just made, shown once."""
    shown = request.session.pop(NEW_CODES, None)
    if not shown:
        return redirect("admin:account_security")
    return TemplateResponse(
        request,
        "admin/signin/recovery_codes.html",
        {"codes": shown["codes"], "next": shown["next"], "title": "복구 코드"},
    )


def account_security(request):
    """계정 보안: recent logins (time and address), the authenticator, recovery codes."""
    user = request.user
    form = CodeForm(
        request.POST or None,
        help_text="인증 앱의 6자리 숫자 또는 남은 복구 코드 하나",
        autofocus=False,
    )
    if request.method == "POST" and form.is_valid():
        if response := refused(request, user):
            return response
        device, problem = check_code(user, form.cleaned_data["code"])
        if device is not None:
            show_codes_once(request, new_recovery_codes(user), reverse("admin:account_security"))
            return redirect("admin:signin_recovery_codes")
        failed(request, user)
        form.add_error("code", problem)
    codes = StaticDevice.objects.filter(user=user).first()
    return TemplateResponse(
        request,
        "admin/signin/security.html",
        {
            "form": form,
            "title": "계정 보안",
            "logins": recent_logins(user, 10),
            "app": TOTPDevice.objects.devices_for_user(user, confirmed=True).first(),
            "codes_left": codes.token_set.count() if codes else 0,
            "second_factor_required": second_factor_required(user),
        },
        status=400 if form.errors else 200,
    )


def recent_logins(user, count: int):
    """The account's latest logins, newest first: when, from which address, with what browser."""
    return list(
        AccessLog.objects.filter(username=user.get_username())
        .order_by("-attempt_time")
        .values("attempt_time", "ip_address", "user_agent", "logout_time")[:count]
    )
