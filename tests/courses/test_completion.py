from unittest import mock

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from courses import services
from courses.models import ModuleCompletion
from courses.signals import progress_changed

pytestmark = pytest.mark.django_db


def complete_url(module):
    return reverse("courses:complete_module", args=[module.pk])


def test_participant_completes_a_module_and_the_page_shows_it(client, module, member):
    client.force_login(member)
    response = client.post(complete_url(module), follow=True)
    assert ModuleCompletion.objects.filter(user=member, module=module).count() == 1
    html = response.content.decode()
    assert "You completed this module." in html
    assert "Undo: mark as not complete" in html


def test_double_click_makes_one_record(client, module, member):
    client.force_login(member)
    client.post(complete_url(module))
    client.post(complete_url(module))
    assert ModuleCompletion.objects.filter(user=member, module=module).count() == 1


def test_concurrent_insert_is_absorbed(module, member):
    ModuleCompletion.objects.create(user=member, module=module)
    # The other request's row appears between get and create: get_or_create raises.
    with mock.patch.object(ModuleCompletion.objects, "get_or_create",
                           side_effect=IntegrityError("duplicate")):
        completion = services.complete_module(user=member, module=module)
    assert completion.user == member
    assert ModuleCompletion.objects.filter(user=member, module=module).count() == 1


def test_completion_is_post_only(client, module, member):
    client.force_login(member)
    assert client.get(complete_url(module)).status_code == 405
    assert not ModuleCompletion.objects.exists()


def test_completion_requires_csrf(module, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(complete_url(module)).status_code == 403
    assert not ModuleCompletion.objects.exists()


def test_undo_removes_the_completion(client, module, member):
    client.force_login(member)
    client.post(complete_url(module))
    response = client.post(reverse("courses:undo_completion", args=[module.pk]), follow=True)
    assert not ModuleCompletion.objects.filter(user=member, module=module).exists()
    assert "Mark as complete" in response.content.decode()


def test_other_organisation_cannot_complete(client, module, outsider):
    client.force_login(outsider)
    assert client.post(complete_url(module)).status_code == 404
    assert not ModuleCompletion.objects.exists()


def test_anonymous_cannot_complete(client, module):
    response = client.post(complete_url(module))
    assert response.status_code == 302
    assert not ModuleCompletion.objects.exists()


def test_trainer_cannot_record_a_completion(bootcamp, module):
    from tests.factories import trainer

    user = trainer()
    bootcamp.trainers.add(user)
    bootcamp.save()
    with pytest.raises(services.NotAParticipant):
        services.complete_module(user=user, module=module)


def test_completion_and_undo_send_progress_changed(bootcamp, module, member,
                                                   django_capture_on_commit_callbacks):
    received = []

    def receiver(**kwargs):
        received.append((kwargs["bootcamp_id"], kwargs["user_ids"]))

    progress_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.complete_module(user=member, module=module)
            services.complete_module(user=member, module=module)  # no change, no signal
        with django_capture_on_commit_callbacks(execute=True):
            services.undo_module_completion(user=member, module=module)
    finally:
        progress_changed.disconnect(receiver)
    assert received == [(bootcamp.pk, [member.pk]), (bootcamp.pk, [member.pk])]
