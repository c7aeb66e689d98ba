"""The login lockout keyed on the username and the client's real address (gyeongju/core/client_ip.py):
X-Forwarded-For believed only from a trusted proxy, a guesser behind the same proxy cannot lock a
colleague out, and guesses at one account from many addresses are slowed down, not locked."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.utils import timezone

from gyeongju.core.client_ip import client_address
from gyeongju.staff.signin import slowdown
from tests.adminkit import fast_password_hashing, visible_text  # noqa: F401
from tests.factories import staff_user
from tests.public import Visitor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing")]

PASSWORD = "correct horse battery staple"
PROXY = "10.0.0.2"


def attempt(username, password, *, peer, forwarded=None):
    """A login POST as it reaches the server: from ``peer``, with the header a proxy (or a visitor)
    wrote."""
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return Visitor(**headers).post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )


@pytest.fixture
def behind_a_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]


@pytest.fixture
def approver(db):
    return staff_user("approver", superuser=True)


def passed_the_password(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_behind_the_proxy_a_guesser_locks_only_their_own_address(behind_a_proxy, approver):
    for n in range(5):
        attempt("approver", f"guess {n}", peer=PROXY, forwarded="203.0.113.66")
    assert attempt("approver", PASSWORD, peer=PROXY, forwarded="203.0.113.66").status_code == 429
    # The colleague at their desk, through the same proxy, signs in.
    assert passed_the_password(attempt("approver", PASSWORD, peer=PROXY, forwarded="198.51.100.7"))
    locked = AccessAttempt.objects.get(username="approver")
    assert locked.ip_address == "203.0.113.66"


def test_a_header_the_visitor_wrote_is_not_believed_on_a_direct_connection(
    behind_a_proxy, approver
):
    """From an address that is not the proxy, X-Forwarded-For is the visitor's own text: changing
    it on every try does not spread the guesses over many addresses."""
    for n in range(5):
        attempt("approver", f"guess {n}", peer="203.0.113.66", forwarded=f"192.0.2.{n}")
    assert (
        attempt("approver", PASSWORD, peer="203.0.113.66", forwarded="192.0.2.99").status_code
        == 429
    )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}


def test_a_header_the_visitor_wrote_before_the_proxy_appended_is_not_believed(
    behind_a_proxy, approver
):
    """Through the proxy, the visitor's own header arrives with the proxy's entry appended: only
    the proxy's (rightmost) entry counts."""
    for n in range(5):
        attempt("approver", f"guess {n}", peer=PROXY, forwarded=f"192.0.2.{n}, 203.0.113.66")
    assert (
        attempt("approver", PASSWORD, peer=PROXY, forwarded="192.0.2.99, 203.0.113.66").status_code
        == 429
    )
    assert passed_the_password(attempt("approver", PASSWORD, peer=PROXY, forwarded="198.51.100.7"))


def test_without_a_trusted_proxy_the_header_is_ignored(approver):
    for n in range(5):
        attempt("approver", f"guess {n}", peer="203.0.113.66", forwarded=f"192.0.2.{n}")
    assert attempt("approver", PASSWORD, peer="203.0.113.66").status_code == 429


def test_guesses_from_many_addresses_slow_the_account_down_without_locking_it(approver):
    """Ten failures from ten addresses (two each, under every address's limit): the eleventh try
    waits, from any address, with Retry-After; after the wait the right password gets through."""
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for n in range(10):
            attempt("approver", f"guess {n}", peer=f"192.0.2.{n // 2}")
        slowed = attempt("approver", PASSWORD, peer="198.51.100.7")
        assert slowed.status_code == 429
        assert slowed["Retry-After"] == "1"
        assert "로그인을 잠시 늦추고 있습니다" in visible_text(slowed)
        assert "1초 뒤에 다시 시도해 주세요" in visible_text(slowed)
        # A refused try is not a failure: the count stays at ten.
        assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == 10

        clock.shift(timedelta(seconds=2))
        assert passed_the_password(attempt("approver", PASSWORD, peer="198.51.100.7"))


def test_the_wait_doubles_with_every_failure_up_to_five_minutes(approver):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        waits = []
        for n in range(22):
            guess = attempt("approver", f"guess {n}", peer=f"192.0.2.{n}")
            assert guess.status_code == 200  # read and refused as wrong, not slowed
            waits.append(slowdown("approver"))
            clock.shift(timedelta(seconds=waits[-1] + 1))
    assert waits[:9] == [0] * 9
    assert waits[9:14] == [1, 2, 4, 8, 16]
    assert waits[-4:] == [300] * 4


def test_the_slowdown_forgets_failures_after_the_lockout_hour(approver):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for n in range(12):
            attempt("approver", f"guess {n}", peer=f"192.0.2.{n}")
        assert attempt("approver", PASSWORD, peer="198.51.100.7").status_code == 429
        clock.shift(timedelta(hours=1, minutes=1))
        assert passed_the_password(attempt("approver", PASSWORD, peer="198.51.100.7"))


# The address itself --------------------------------------------------------------------------


def request(peer, forwarded=None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("trusted", "count", "peer", "forwarded", "client"),
    [
        # No proxy configured: the peer, whatever the header says.
        ([], 0, "203.0.113.5", "192.0.2.1", "203.0.113.5"),
        # A trusted proxy: the rightmost address it did not write itself.
        (["10.0.0.2"], 0, "10.0.0.2", "203.0.113.5", "203.0.113.5"),
        (["10.0.0.2"], 0, "10.0.0.2", "192.0.2.1, 203.0.113.5", "203.0.113.5"),
        (["10.0.0.0/8"], 0, "10.0.0.2", "192.0.2.1, 203.0.113.5, 10.1.1.1", "203.0.113.5"),
        (["10.0.0.2"], 0, "10.0.0.2", None, "10.0.0.2"),
        (["10.0.0.2"], 0, "10.0.0.2", "not an address", "10.0.0.2"),
        (["10.0.0.2"], 0, "10.0.0.9", "192.0.2.1", "10.0.0.9"),  # not the proxy
        (["::1"], 0, "::1", "2001:db8::5", "2001:db8::5"),
        # A proxy count: that many places from the right.
        ([], 1, "10.0.0.2", "192.0.2.1, 203.0.113.5", "203.0.113.5"),
        ([], 2, "10.0.0.2", "192.0.2.1, 203.0.113.5, 10.0.0.3", "203.0.113.5"),
        ([], 2, "10.0.0.2", "203.0.113.5", "10.0.0.2"),  # fewer hops than proxies
    ],
)
def test_the_client_address(settings, trusted, count, peer, forwarded, client):
    settings.TRUSTED_PROXIES = trusted
    settings.PROXY_COUNT = count
    assert client_address(request(peer, forwarded)) == client
