"""The staff groups made by the data migrations, and the test helper that remakes them after a
transactional test's flush without harming the next flush."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from tests.factories import restore_staff_groups


@pytest.mark.django_db(transaction=True)
def test_groups_come_back_after_a_flush_and_the_next_flush_still_makes_content_types():
    call_command("flush", interactive=False, verbosity=0)
    assert not Group.objects.exists()

    restore_staff_groups()

    editor = Group.objects.get(name="편집자")
    approver = Group.objects.get(name="승인자")
    assert editor.permissions.filter(codename="change_program").exists()
    assert not editor.permissions.filter(codename="publish_program").exists()
    assert approver.permissions.filter(codename="publish_program").exists()
    assert approver.permissions.filter(codename="view_revision").exists()
    # The project's app configs are untouched, so a flush's post_migrate remakes every content type.
    assert [
        c.label for c in apps.get_app_configs() if list(c.get_models()) and not c.models_module
    ] == []
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    assert ContentType.objects.filter(app_label="programs", model="program").exists()
