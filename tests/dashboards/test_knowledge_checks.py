"""The knowledge-check columns, drill-down and export of the organiser dashboard, and the
certificate rule "every knowledge check passed" in SQL and in Python."""

import csv
import io
import uuid

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from certificates.eligibility import participant_eligibility
from certificates.models import CertificateRule
from courses.knowledge_checks import score
from courses.models import ModulePage, RosterMember
from dashboards.columns import OrganisationColumns
from dashboards.facts import bootcamp_facts
from dashboards.rows import organisation_rows
from quizzes.models import Attempt
from quizzes.selectors import check_progress, current_snapshot
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import organiser, trainer
from tests.quizzes.factories import RIGHT, add_check, single_choice

WRONG_TWO = {**RIGHT, "q-consent": [1], "q-optout": [0]}  # 50 %
WRONG_ONE = {**RIGHT, "q-consent": [1]}  # 75 %: passes 70 %


def attempt(user, module, answers, number):
    questions = current_snapshot(module)
    result = score(questions, answers)
    return Attempt.objects.create(
        user=user, module=module, bootcamp=module.get_bootcamp(), number=number,
        token=uuid.uuid4(), questions=questions, answers=answers, marks=result.marks,
        correct=result.correct, total=result.total, pass_mark=module.pass_mark,
        passed=result.passes(module.pass_mark))


@pytest.fixture
def world(db):
    """Alpha: a1 50 % then 100 % (passed), a2 50 % (not passed); Beta: nobody answered.
    The second module's check belongs to an optional module (not counted)."""
    bootcamp = build_bootcamp(modules_per_stage=3)
    first, second, third = ModulePage.objects.descendant_of(bootcamp).order_by("path")[:3]
    first = add_check(first)
    third.required = False
    third.save_revision().publish()
    third = add_check(third, questions=[single_choice()])
    alpha, (a1, a2) = enrol(bootcamp, participants=2)
    beta, (b1, b2, b3) = enrol(bootcamp, participants=3)
    attempt(a1, first, WRONG_TWO, 1)
    attempt(a1, first, RIGHT, 2)
    attempt(a2, first, WRONG_TWO, 1)
    attempt(a2, third, {"q-consent": [0]}, 1)
    return {"bootcamp": bootcamp, "first": first, "third": third, "alpha": alpha,
            "beta": beta, "a1": a1, "a2": a2, "b1": b1}


def rows(bootcamp):
    facts = bootcamp_facts(bootcamp=bootcamp)
    columns = OrganisationColumns(facts)
    enrollments = sorted(bootcamp.enrollments.values_list("pk", flat=True))
    return {row.name: row for row in organisation_rows(columns, enrollments)}, facts


def test_average_score_and_not_passed_yet_per_organisation(world):
    by_name, facts = rows(world["bootcamp"])
    alpha = by_name[world["alpha"].organisation.name]
    beta = by_name[world["beta"].organisation.name]
    # Best per participant and check: a1 100 (first), a2 50 (first) and 100 (optional third).
    assert alpha.check_average == pytest.approx((100 + 50 + 100) / 3)
    assert alpha.checks_not_passed == 1  # a2 has not passed the required check
    assert beta.check_average is None
    assert beta.checks_not_passed == 3
    assert facts.required_check_ids == (world["first"].pk,)


def test_sql_average_agrees_with_the_read_model(world):
    by_name, _facts = rows(world["bootcamp"])
    users = [world["a1"].pk, world["a2"].pk]
    progress = check_progress(bootcamp=world["bootcamp"], user_ids=users)
    bests = [item.best_percent for user_id in users for item in progress[user_id].items
             if item.best_percent is not None]
    assert by_name[world["alpha"].organisation.name].check_average == pytest.approx(
        sum(bests) / len(bests))
    assert [len(progress[u].missing) for u in users] == [0, 1]


def test_equal_best_attempts_count_once(world):
    attempt(world["a1"], world["first"], RIGHT, 3)  # a second 100 % for a1
    by_name, _facts = rows(world["bootcamp"])
    assert by_name[world["alpha"].organisation.name].check_average == pytest.approx(250 / 3)


def test_certificate_rule_requires_every_check_in_sql_and_python(world):
    bootcamp = world["bootcamp"]
    CertificateRule.objects.create(bootcamp=bootcamp, sessions=CertificateRule.Sessions.NONE,
                                   require_modules=False, require_assignments=False,
                                   require_knowledge_checks=True)
    roster = RosterMember.objects.filter(bootcamp=bootcamp, removed_at__isnull=True)
    facts = bootcamp_facts(bootcamp=bootcamp)
    by_sql = set(OrganisationColumns(facts).eligible_roster(roster).values_list(
        "user_id", flat=True))
    eligibility = participant_eligibility(bootcamp=bootcamp,
                                          user_ids=roster.values_list("user_id", flat=True))
    by_python = {user_id for user_id, e in eligibility.items() if e.eligible}
    assert by_sql == by_python == {world["a1"].pk}
    missing = eligibility[world["a2"].pk].missing
    assert missing == (f"Knowledge check of “{world['first'].title}” not passed",)
    assert missing[0].page_id == world["first"].pk
    assert "Passed the knowledge check" in eligibility[world["a1"].pk].completed


def test_rule_off_ignores_checks(world):
    CertificateRule.objects.create(bootcamp=world["bootcamp"],
                                   sessions=CertificateRule.Sessions.NONE,
                                   require_modules=False, require_assignments=False)
    eligibility = participant_eligibility(bootcamp=world["bootcamp"], user_ids=[world["a2"].pk])
    assert eligibility[world["a2"].pk].eligible


def test_dashboard_shows_the_columns_and_sorts_by_them(client, world):
    client.force_login(organiser())
    url = reverse("dashboards:bootcamp", args=[world["bootcamp"].pk])
    html = client.get(url, {"ordering": "-checks_not_passed"}).content.decode()
    assert "Average check score" in html and "Checks not passed yet" in html
    assert html.index(world["beta"].organisation.name) < html.index(
        world["alpha"].organisation.name)
    assert "83%" in html


def test_bootcamp_without_checks_has_no_check_columns(client, db):
    bootcamp = build_bootcamp(title="Plain")
    enrol(bootcamp)
    client.force_login(organiser())
    html = client.get(reverse("dashboards:bootcamp", args=[bootcamp.pk])).content.decode()
    assert "Average check score" not in html


def test_trainer_sees_each_participants_attempts(client, world):
    user = trainer()
    world["bootcamp"].trainers.add(user)
    world["bootcamp"].save()
    client.force_login(user)
    html = client.get(reverse("dashboards:participant", args=[
        world["bootcamp"].pk, world["a1"].pk])).content.decode()
    assert "Attempt 1: 2 of 4 right (50%)" in html
    assert "Attempt 2: 4 of 4 right (100%)" in html
    organisation_page = client.get(reverse("dashboards:organisation", args=[
        world["bootcamp"].pk, world["alpha"].organisation_id])).content.decode()
    assert "not passed yet, best 50%" in organisation_page


def test_other_bootcamps_trainer_and_participants_get_404(client, world):
    other = build_bootcamp(title="Other", slug="other")
    user = trainer()
    other.trainers.add(user)
    other.save()
    client.force_login(user)
    url = reverse("dashboards:participant", args=[world["bootcamp"].pk, world["a1"].pk])
    assert client.get(url).status_code == 404
    client.force_login(organiser())
    outsider = enrol(other)[1][0]
    assert client.get(reverse("dashboards:participant", args=[
        world["bootcamp"].pk, outsider.pk])).status_code == 404


def _export(client, bootcamp, file_format="csv", **params):
    response = client.get(reverse("dashboards:export", args=[bootcamp.pk, "checks",
                                                             file_format]), params)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if file_format == "csv":
        assert response.streaming
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return [list(r) for r in load_workbook(io.BytesIO(content)).active.iter_rows(
        values_only=True)]


def test_attempts_per_question_export(client, world):
    client.force_login(organiser())
    header, *body = _export(client, world["bootcamp"])
    rows_by = {(r[0], r[2]): dict(zip(header, r, strict=True)) for r in body}
    consent = rows_by[(world["first"].title, single_choice()["value"]["question"])]
    assert (consent["attempts"], consent["wrong"], consent["wrong_percent"]) == ("3", "2", "67")
    assert (consent["first_attempts"], consent["first_attempts_wrong"]) == ("2", "2")
    escalate = rows_by[(world["first"].title, "Type the word that escalates to a human.")]
    assert escalate["wrong"] == "0"
    assert len(body) == 5  # four questions of the first check, one of the third
    xlsx = _export(client, world["bootcamp"], "xlsx")
    assert xlsx[0] == header and len(xlsx) == 6


def test_export_follows_the_organisation_and_keeps_edited_out_questions(client, world):
    client.force_login(organiser())
    beta_only = _export(client, world["bootcamp"], enrollment=world["beta"].pk)
    assert {r[4] for r in beta_only[1:]} == {"0"}
    add_check(world["first"], questions=[single_choice(text="=HYPERLINK(\"x\")", id="q-new")])
    header, *body = _export(client, world["bootcamp"])
    texts = {r[2]: r[-1] for r in body if r[0] == world["first"].title}
    assert texts["Type the word that escalates to a human."] == "no (edited out)"
    assert "'=HYPERLINK(\"x\")" in texts  # neutralised formula

