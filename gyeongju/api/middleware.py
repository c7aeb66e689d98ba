"""What every answer under /api/v1/ shares: the per-address rate limit, errors as problem+json,
and a resource other sites may read (CORS itself is django-cors-headers', on /api/v1/ only)."""

import math
import time

from django.conf import settings
from django.core.cache import cache

from gyeongju.core.client_ip import client_address

from .problems import is_problem, problem_response

PREFIX = "/api/v1/"


def over_limit(request) -> int:
    """Seconds until this address may ask again, or 0. A fixed window per address, counted in the
    Django cache: with Redis, one count for all app servers."""
    limit, period = settings.API_RATE_LIMIT, settings.API_RATE_PERIOD
    if limit <= 0:
        return 0
    now = time.time()
    window = int(now // period)
    key = f"api-rate:{client_address(request)}:{window}"
    if cache.add(key, 1, period + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the window's entry went away between the two calls
            cache.add(key, 1, period + 1)
            count = 1
    request.api_rate = (limit, max(0, limit - count))
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * period - now))


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        wait = over_limit(request)
        if wait:
            response = problem_response(
                request,
                429,
                f"같은 주소에서 {settings.API_RATE_PERIOD}초에 {settings.API_RATE_LIMIT}번까지 "
                f"요청할 수 있습니다. {wait}초 뒤에 다시 요청해 주세요.",
            )
            response["Retry-After"] = str(wait)
        else:
            head = request.method == "HEAD"
            if head:
                # GET without the body (dropped on the way out): the same headers, ETag and 304s.
                request.method = "GET"
            response = self.get_response(request)
            if head:
                request.method = "HEAD"
                if not response.streaming:
                    length = len(response.content)
                    response.content = b""
                    response["Content-Length"] = str(length)
            if response.status_code >= 400 and not is_problem(response):
                response = as_problem(request, response)
        if hasattr(request, "api_rate"):
            response["RateLimit-Limit"] = str(request.api_rate[0])
            response["RateLimit-Remaining"] = str(request.api_rate[1])
        # Any site may read the API (CORS); the site's pages stay same-origin.
        response["Cross-Origin-Resource-Policy"] = "cross-origin"
        return response


def as_problem(request, response):
    """Django's or django-ninja's own error (an unknown path, a 405, a 500 page) as a problem."""
    problem = problem_response(request, response.status_code)
    for header in ("Allow", "Retry-After"):
        if header in response:
            problem[header] = response[header]
    return problem
