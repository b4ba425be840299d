"""Organisers edit each bootcamp's attendance rules in the Wagtail admin ("Attendance
rules"); trainers and participants cannot."""

import pytest

from attendance.models import AttendancePolicy
from tests.courses.factories import build_bootcamp
from tests.factories import organiser, participant, trainer

pytestmark = pytest.mark.django_db

LIST, ADD = "/cms/attendance-rules/", "/cms/attendance-rules/add/"


def _edit(policy) -> str:
    return f"/cms/attendance-rules/edit/{policy.pk}/"


def _rules(bootcamp, **values) -> dict:
    return {"bootcamp": bootcamp.pk, "present_percent": 75, "late_after_minutes": 10,
            "opens_minutes_before": 15, "closes_minutes_after": 30, **values}


@pytest.fixture
def bootcamp():
    return build_bootcamp(modules_per_stage=0)


def test_organiser_has_the_menu_item_and_sets_a_bootcamps_rules(client, bootcamp):
    client.force_login(organiser())
    assert LIST in client.get("/cms/").content.decode()
    assert client.get(LIST).status_code == 200
    response = client.post(ADD, _rules(bootcamp, present_percent=80, late_after_minutes=5))
    assert response.status_code == 302
    policy = AttendancePolicy.objects.get(bootcamp=bootcamp)
    assert (policy.present_percent, policy.late_after_minutes) == (80, 5)
    listing = client.get(LIST).content.decode()
    assert bootcamp.title in listing

    response = client.post(_edit(policy), _rules(bootcamp, opens_minutes_before=5))
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.opens_minutes_before == 5


def test_bad_values_are_shown_with_the_input_kept(client, bootcamp):
    client.force_login(organiser())
    response = client.post(ADD, _rules(bootcamp, present_percent=150, late_after_minutes=7))
    assert response.status_code == 200
    assert response.context["form"].errors["present_percent"]
    assert 'value="7"' in response.content.decode()
    assert not AttendancePolicy.objects.exists()


def test_one_set_of_rules_per_bootcamp(client, bootcamp):
    AttendancePolicy.objects.create(bootcamp=bootcamp)
    client.force_login(organiser())
    response = client.post(ADD, _rules(bootcamp))
    assert response.status_code == 200
    assert AttendancePolicy.objects.count() == 1


@pytest.mark.parametrize("make_user", [trainer, participant])
def test_trainers_and_participants_cannot_see_or_change_the_rules(client, bootcamp, make_user):
    policy = AttendancePolicy.objects.create(bootcamp=bootcamp, present_percent=75)
    person = make_user()
    if make_user is trainer:
        bootcamp.trainers.add(person)
        bootcamp.save()  # even the bootcamp's own trainer
    client.force_login(person)
    if make_user is trainer:
        assert LIST not in client.get("/cms/").content.decode()
    for url in (LIST, ADD, _edit(policy)):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Attendance rules" not in response.content.decode()
    response = client.post(_edit(policy), _rules(bootcamp, present_percent=10))
    assert response.status_code in (302, 403)
    client.post(ADD, _rules(build_bootcamp(title="Other", modules_per_stage=0)))
    policy.refresh_from_db()
    assert policy.present_percent == 75
    assert AttendancePolicy.objects.count() == 1
