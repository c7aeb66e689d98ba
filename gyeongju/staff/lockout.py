"""django-axes (admin login lockout), listed under a Korean name in the admin."""

from axes.apps import AppConfig


class LockoutConfig(AppConfig):
    verbose_name = "로그인 잠금"
