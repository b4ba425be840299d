"""Authoring in the Wagtail admin: dates typed in the bootcamp's zone, safe file types only."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page

from assignments.models import AssignmentPage
from courses.models import StagePage
from tests.assignments.factories import ist
from tests.factories import organiser


def _form(bootcamp, data, instance=None):
    stage = StagePage.objects.child_of(bootcamp).first()
    form_class = AssignmentPage.get_edit_handler().get_form_class()
    return form_class(data, instance=instance or AssignmentPage(), parent_page=stage,
                      for_user=organiser())


def _data(**overrides):
    data = {
        "title": "Plan", "slug": "plan", "submission_type": "individual", "answer_kind": "both",
        "allowed_file_types": ["pdf", "png"], "max_file_size_mb": "5", "max_files": "2",
        "due_at": "2026-07-30 23:59", "cutoff_at": "2026-07-31 23:59", "late_allowed": "on",
        "review_mode": "decision", "instructions-count": "0",
        "criteria-TOTAL_FORMS": "0", "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0", "criteria-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_due_and_cutoff_are_entered_in_the_bootcamp_zone(bootcamp):
    form = _form(bootcamp, _data())
    assert form.is_valid(), form.errors
    page = form.save(commit=False)
    assert page.due_at == ist(2026, 7, 30, 23, 59)
    assert page.cutoff_at == ist(2026, 7, 31, 23, 59)
    assert page.allowed_file_types == "pdf,png"
    assert "Asia/Kolkata" in str(form.fields["due_at"].help_text)


def test_unsafe_file_type_cannot_be_chosen(bootcamp):
    form = _form(bootcamp, _data(allowed_file_types=["pdf", "html"]))
    assert not form.is_valid()
    assert "allowed_file_types" in form.errors


def test_cutoff_before_due_is_refused(bootcamp):
    page = AssignmentPage(title="x", due_at=ist(2026, 7, 30), cutoff_at=ist(2026, 7, 29),
                          allowed_file_types="pdf")
    with pytest.raises(ValidationError) as refused:
        page.clean()
    assert "cutoff_at" in refused.value.message_dict


def test_assignment_pages_live_only_under_stages(db):
    assert AssignmentPage.parent_page_types == ["courses.StagePage"]
    assert AssignmentPage.subpage_types == []
    assert not AssignmentPage.can_create_at(Page.get_first_root_node())
