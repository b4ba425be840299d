"""Per-session results for trainers and organisers: distribution, average, comments, names
hidden when anonymous, exports; denials; constant queries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.courses.factories import build_bootcamp, enrol
from tests.factories import UserFactory, organiser, trainer
from tests.feedback.factories import response

pytestmark = pytest.mark.django_db


def _url(setup, name="feedback:results", *args):
    return reverse(name, args=[setup.session.pk, *args])


def _csv(http_response) -> list[list[str]]:
    body = b"".join(http_response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_trainer_sees_distribution_average_and_comments(client, setup):
    response(setup, setup.team[0], rating=5, most_useful="The role-play")
    response(setup, setup.team[1], rating=2, what_to_change="Slides before the session")
    client.force_login(setup.trainer)
    page = client.get(_url(setup))
    assert page.status_code == 200
    results = page.context["results"]
    assert results.responses == 2
    assert results.attendees == 2
    assert {bar.rating: bar.count for bar in results.bars} == {5: 1, 4: 0, 3: 0, 2: 1, 1: 0}
    assert results.average == 3.5
    body = page.content.decode()
    assert "Average 3.5 of 5" in body
    assert "The role-play" in body and "Slides before the session" in body
    assert setup.team[0].get_full_name() in body


def test_names_are_hidden_from_trainers_when_anonymous_and_shown_to_organisers(client, setup):
    response(setup, setup.team[0], rating=4, most_useful="Honest words", anonymous=True)
    name = setup.team[0].get_full_name()
    client.force_login(setup.trainer)
    body = client.get(_url(setup)).content.decode()
    assert "Honest words" in body and name not in body and "Anonymous" in body
    rows = _csv(client.get(_url(setup, "feedback:export", "csv")))
    assert name not in str(rows) and setup.team[0].email not in str(rows)
    client.force_login(organiser())
    assert name in client.get(_url(setup)).content.decode()
    assert setup.team[0].email in str(_csv(client.get(_url(setup, "feedback:export", "csv"))))


def test_a_named_answer_shows_name_and_organisation(client, setup):
    response(setup, setup.team[0], most_useful="Named")
    client.force_login(setup.trainer)
    rows = _csv(client.get(_url(setup, "feedback:export", "csv")))
    assert rows[1][6:9] == [setup.team[0].get_full_name(), setup.team[0].email,
                            setup.enrollment.organisation.name]


def test_a_session_trainer_sees_results(client, setup):
    session_trainer = trainer()
    setup.session.trainers.add(session_trainer)
    setup.session.save()
    client.force_login(session_trainer)
    assert client.get(_url(setup)).status_code == 200


def test_another_bootcamps_trainer_gets_404(client, setup):
    stranger = trainer()
    other = build_bootcamp(title="Other camp")
    other.trainers.add(stranger)
    other.save()
    client.force_login(stranger)
    assert client.get(_url(setup)).status_code == 404
    assert client.get(_url(setup, "feedback:export", "csv")).status_code == 404


def test_participants_get_403_on_results_and_exports(client, setup):
    client.force_login(setup.team[0])
    assert client.get(_url(setup)).status_code == 403
    assert client.get(_url(setup, "feedback:export", "xlsx")).status_code == 403
    client.force_login(UserFactory())
    assert client.get(_url(setup)).status_code == 403


def test_csv_cells_are_neutralised_and_streamed(client, setup):
    response(setup, setup.team[0], most_useful='=HYPERLINK("http://evil","x")',
             what_to_change="@SUM(A1)")
    client.force_login(setup.trainer)
    http_response = client.get(_url(setup, "feedback:export", "csv"))
    assert http_response.streaming
    assert "attachment" in http_response["Content-Disposition"]
    rows = _csv(http_response)
    assert rows[0][:4] == ["session", "submitted (Asia/Kolkata)", "changed (Asia/Kolkata)",
                           "rating"]
    assert rows[1][4] == "'=HYPERLINK(\"http://evil\",\"x\")"
    assert rows[1][5] == "'@SUM(A1)"


def test_xlsx_export_has_the_responses(client, setup):
    response(setup, setup.team[0], rating=3, most_useful="-minus first")
    client.force_login(organiser())
    http_response = client.get(_url(setup, "feedback:export", "xlsx"))
    assert http_response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(http_response.streaming_content)))
    rows = list(workbook.active.values)
    assert rows[1][3] == 3
    assert rows[1][4] == "'-minus first"


def test_unknown_export_format_is_404(client, setup):
    client.force_login(organiser())
    assert client.get(_url(setup, "feedback:export", "pdf")).status_code == 404


def test_results_page_queries_stay_constant_as_responses_grow(client, setup):
    client.force_login(setup.trainer)
    client.get(_url(setup))  # warm the per-process caches (tree, routes)
    counts = []
    people = list(setup.team)
    for target in (1, 10, 30):
        while len(people) < target:
            _enrollment, more = enrol(setup.bootcamp, participants=min(5, target - len(people)))
            for user in more:
                setup.mark(user, "present")
            people += more
        for user in people[:target]:
            if not user.session_feedback.exists():
                response(setup, user, rating=1 + len(counts), most_useful=f"Comment {user.pk}",
                         anonymous=user.pk % 2 == 0)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(_url(setup))
        assert page.context["results"].responses == target
        counts.append(len(captured))
    assert counts[0] == counts[1] == counts[2], counts


def _bootcamp_url(setup):
    return reverse("feedback:bootcamp", args=[setup.bootcamp.pk])


def test_the_bootcamp_overview_lists_every_session_with_its_figures(client, setup):
    response(setup, setup.team[0], rating=5)
    response(setup, setup.team[1], rating=2)
    client.force_login(setup.trainer)
    page = client.get(_bootcamp_url(setup))
    assert page.status_code == 200
    rows = {row.session.pk: row for row in page.context["sessions"]}
    assert len(rows) == 5
    assert (rows[setup.session.pk].responses, rows[setup.session.pk].average) == (2, 3.5)
    assert reverse("feedback:results", args=[setup.session.pk]) in page.content.decode()


def test_the_bootcamp_overview_is_404_to_another_trainer_and_403_to_participants(client, setup):
    stranger = trainer()
    client.force_login(stranger)
    assert client.get(_bootcamp_url(setup)).status_code == 404
    client.force_login(setup.team[0])
    assert client.get(_bootcamp_url(setup)).status_code == 403
    client.force_login(organiser())
    assert client.get(_bootcamp_url(setup)).status_code == 200


def test_the_bootcamp_overview_queries_do_not_grow_with_responses(client, setup):
    client.force_login(organiser())
    client.get(_bootcamp_url(setup))
    with CaptureQueriesContext(connection) as few:
        client.get(_bootcamp_url(setup))
    _enrollment, more = enrol(setup.bootcamp, participants=8)
    for user in [*setup.team, *more]:
        response(setup, user, rating=3)
    with CaptureQueriesContext(connection) as many:
        client.get(_bootcamp_url(setup))
    assert len(many) == len(few)
