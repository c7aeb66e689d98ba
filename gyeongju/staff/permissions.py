"""Permission names in Korean: "사업 추가", not Django's "Can add 사업".

django.contrib.auth writes every model's permissions after migrate (and after flush) as
"Can <action> <verbose_name_raw>", in English and with the untranslated model name. This receiver of
the same post_migrate signal runs after it, app by app, and renames the built-in permissions of
every installed model, ours and the packages' alike. It writes only the rows whose name differs, so
running it again changes nothing.
"""

from django.apps import apps as global_apps
from django.contrib.auth import get_permission_codename
from django.db import DEFAULT_DB_ALIAS, router
from django.utils import translation

ACTIONS = {"add": "추가", "change": "변경", "delete": "삭제", "view": "보기"}

# Models whose verbose name is English in every language (django-otp's are plain strings), or
# whose Korean translation reads oddly in a list of rights ("허가", "로그 엔트리").
KOREAN_NAMES = {
    "admin.logentry": "관리 기록",
    "auth.permission": "권한",
    "contenttypes.contenttype": "콘텐츠 유형",
    "otp_totp.totpdevice": "인증 앱",
    "otp_static.staticdevice": "복구 코드 묶음",
    "otp_static.statictoken": "복구 코드",
}


def korean_model_name(opts) -> str:
    """The model's name in Korean: ours are, the packages' through their Korean translations."""
    if opts.label_lower in KOREAN_NAMES:
        return KOREAN_NAMES[opts.label_lower]
    with translation.override("ko"):
        return str(opts.verbose_name)


def korean_permissions(opts) -> dict[str, str]:
    """codename → Korean name for the model's built-in permissions (its own are named by it)."""
    name = korean_model_name(opts)
    return {
        get_permission_codename(action, opts): f"{name} {ACTIONS.get(action, action)}"
        for action in opts.default_permissions
    }


def name_permissions_in_korean(app_config, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """post_migrate receiver: rename the app's built-in permissions (after create_permissions)."""
    try:
        Permission = apps.get_model("auth", "Permission")
    except LookupError:
        return
    if not router.allow_migrate_model(using, Permission):
        return
    # The names come from the real models (the migration state's keep no translations).
    wanted = {
        (opts.model_name, codename): name
        for opts in (model._meta for model in app_config.get_models())
        for codename, name in korean_permissions(opts).items()
    }
    if not wanted:
        return
    stale = []
    rows = Permission.objects.using(using).filter(content_type__app_label=app_config.label)
    for permission in rows.select_related("content_type"):
        name = wanted.get((permission.content_type.model, permission.codename))
        if name is not None and permission.name != name:
            permission.name = name
            stale.append(permission)
    Permission.objects.using(using).bulk_update(stale, ["name"])
