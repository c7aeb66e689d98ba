"""The login lockout's records (django-axes) in Korean: django-axes titles each record in English
("Attempted Access: …", "Access Log for …") and names its status column "Status".

Its own admin classes stay in charge (filters, read-only fields, the clean-up action); these add
Korean titles wherever a record is named: the change page, its history, and the delete screens.
"""

from dataclasses import dataclass

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.conf import settings as axes_settings
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.utils import unquote

from gyeongju.core.dates import format_datetime

admin.site.unregister(AccessAttempt)
admin.site.unregister(AccessLog)
admin.site.unregister(AccessFailureLog)


@dataclass(frozen=True)
class Titled:
    """A record as the admin's templates name it: its key for links, a Korean title for text."""

    pk: int
    title: str

    def __str__(self):
        return self.title


def who_and_when(record) -> str:
    return f"{record.username or '(이름 없음)'}, {record.ip_address or '주소 모름'}, {format_datetime(record.attempt_time)}"


class KoreanTitles:
    noun = ""

    def record_title(self, record) -> str:
        return f"{self.noun}: {who_and_when(record)}"

    def titled(self, request, object_id):
        record = self.get_object(request, unquote(object_id))
        return None if record is None else Titled(record.pk, self.record_title(record))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self.titled(request, object_id)
        if record is not None:
            extra_context = {"original": record, "subtitle": str(record), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        record = self.titled(request, object_id)
        if record is not None:
            extra_context = {"object": record, **(extra_context or {})}
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        record = self.titled(request, object_id)
        if record is not None:
            extra_context = {"object": record, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        _, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        named = [f"{self.model._meta.verbose_name}: {who_and_when(record)}" for record in objs]
        return named, model_count, perms_needed, protected


@admin.register(AccessAttempt)
class LoginAttemptAdmin(KoreanTitles, AccessAttemptAdmin):
    noun = "로그인 시도"

    @admin.display(description="상태")
    def status(self, obj):
        left = axes_settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        return f"{left}번 더 시도할 수 있음" if left > 0 else "잠김"


@admin.register(AccessLog)
class LoginLogAdmin(KoreanTitles, AccessLogAdmin):
    noun = "로그인"


@admin.register(AccessFailureLog)
class LoginFailureAdmin(KoreanTitles, AccessFailureLogAdmin):
    noun = "로그인 실패"

    def record_title(self, record) -> str:
        return super().record_title(record) + (" (잠김)" if record.locked_out else "")
