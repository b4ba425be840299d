"""The admin home (/cms/) for staff (#21): shortcuts first, a page count within reach, stages
in tree order in the explorer."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assignments.services import submit
from courses.models import BootcampPage, LiveSessionPage, StagePage
from tests.assignments.factories import add_assignment
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import organiser, trainer

pytestmark = pytest.mark.django_db


@pytest.fixture
def camp():
    bootcamp = build_bootcamp(title="Own camp")
    staff = trainer()
    bootcamp.trainers.add(staff)
    bootcamp.save()
    stage = StagePage.objects.child_of(bootcamp).filter(kind=StagePage.Kind.LIVE_DAY).first()
    now = timezone.now()
    session = stage.add_child(instance=LiveSessionPage(
        title="Drop-in clinic", slug="drop-in", starts_at=now + timedelta(minutes=5),
        ends_at=now + timedelta(minutes=65)))
    assignment = add_assignment(bootcamp, title="Reflection", submission_type="individual")
    _enrollment, (person, *_rest) = enrol(bootcamp)
    submit(assignment=assignment, user=person, text="Done")
    other = build_bootcamp(title="Pilot camp", slug="pilot-camp")
    return bootcamp, staff, session, other


def test_trainer_home_has_shortcuts_first(client, camp):
    bootcamp, staff, session, other = camp
    client.force_login(staff)
    body = client.get("/cms/").content.decode()
    panel = body[body.index('class="w-panel staff-shortcuts"'):]
    panel = panel[:panel.index("</section>")]
    assert "1 submission to review" in panel
    assert f'href="{reverse("attendance:session", args=[session.pk])}"' in panel
    assert f'href="{reverse("attendance:code", args=[session.pk])}"' in panel
    assert "Drop-in clinic" in panel and " IST" in panel
    assert f'href="{reverse("dashboards:bootcamp", args=[bootcamp.pk])}"' in panel
    assert "Pilot camp" not in panel


def test_page_count_leaves_out_bootcamps_out_of_reach(client, camp):
    import re

    _bootcamp, staff, _session, _other = camp

    def count(user):
        client.force_login(user)
        body = client.get("/cms/").content.decode()
        return int(re.search(r"([\d,]+) Pages? <span class=\"w-sr-only\">", body).group(1))

    assert count(staff) < count(organiser())


def test_participants_get_no_shortcuts_panel_code(camp):
    from dashboards.home import add_staff_shortcuts

    class Request:
        user = enrol(camp[0], participants=1)[1][0]

    panels = []
    add_staff_shortcuts(Request, panels)
    assert panels == []


def test_explorer_lists_stages_in_tree_order(client, camp):
    bootcamp, _staff, _session, _other = camp
    assert BootcampPage.admin_default_ordering == StagePage.admin_default_ordering == "ord"
    stages = list(StagePage.objects.child_of(bootcamp).order_by("path"))
    # The last stage was edited most recently: "Updated" order would list it first.
    stages[-1].save_revision().publish()
    client.force_login(organiser())
    response = client.get(reverse("wagtailadmin_explore", args=[bootcamp.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    positions = [body.index(f'/cms/pages/{stage.pk}/') for stage in stages]
    assert positions == sorted(positions)
