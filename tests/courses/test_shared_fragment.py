"""`{% shared_fragment bootcamp key %}`: HTML rendered once per tree version, language, time
zone and key, and served only to those whose key is equal."""

from datetime import timedelta

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import timezone, translation

from attendance.progress import AttendanceProgress, SessionAttendance
from courses import tree_cache

pytestmark = pytest.mark.django_db

FRAGMENT = Template(
    "{% load course_tags %}{% shared_fragment bootcamp key %}{{ shown }}{% endshared_fragment %}")


def render(bootcamp, key, shown) -> str:
    return FRAGMENT.render(Context({"bootcamp": bootcamp, "key": key, "shown": shown}))


def test_an_equal_key_gets_the_html_rendered_first(bootcamp):
    assert render(bootcamp, ("a",), "first") == "first"
    assert render(bootcamp, ("a",), "second") == "first"


def test_another_key_renders_afresh(bootcamp):
    render(bootcamp, ("a",), "first")
    assert render(bootcamp, ("b",), "second") == "second"


def test_no_key_or_no_bootcamp_is_never_shared(bootcamp):
    render(bootcamp, None, "first")
    assert render(bootcamp, None, "second") == "second"
    render(None, ("a",), "first")
    assert render(None, ("a",), "second") == "second"


def test_publishing_renews_the_fragment(bootcamp):
    render(bootcamp, ("a",), "first")
    bootcamp.save_revision().publish()
    bootcamp.refresh_from_db()
    assert render(bootcamp, ("a",), "second") == "second"


def test_each_language_and_time_zone_has_its_own(bootcamp):
    render(bootcamp, ("a",), "first")
    with translation.override("hi"):
        assert render(bootcamp, ("a",), "hindi") == "hindi"
    with timezone.override("Europe/Berlin"):
        assert render(bootcamp, ("a",), "berlin") == "berlin"


def test_entries_of_other_bootcamps_are_apart(bootcamp):
    from tests.courses.factories import build_bootcamp

    other = build_bootcamp(title="Other")
    render(bootcamp, ("a",), "first")
    assert render(other, ("a",), "other") == "other"


def test_the_tag_needs_a_bootcamp_and_a_key():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load course_tags %}{% shared_fragment key %}{% endshared_fragment %}")


def test_the_attendance_key_changes_when_a_session_stops_being_upcoming(monkeypatch):
    starts = timezone.now() + timedelta(hours=1)
    progress = AttendanceProgress((SessionAttendance(1, "Day 1", 2, "Day 1", "live_day",
                                                     starts, None),))
    before = progress.shared_key
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert progress.shared_key != before
    assert hash(progress.shared_key) is not None  # usable as a cache key


def teardown_module():
    tree_cache.clear()
