"""The four exports, CSV and XLSX: contents, the dashboard's filters, formula escaping."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from organisations.models import Organisation
from tests.factories import organiser


@pytest.fixture
def organiser_client(client, world):
    client.force_login(organiser())
    return client


def _csv(client, world, kind, **params) -> list[list[str]]:
    response = client.get(reverse("dashboards:export", args=[world.bootcamp.pk, kind, "csv"]),
                          params)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx(client, world, kind, **params) -> list[tuple]:
    response = client.get(reverse("dashboards:export", args=[world.bootcamp.pk, kind, "xlsx"]),
                          params)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(values_only=True))


def test_organisations_csv(organiser_client, world):
    rows = _csv(organiser_client, world, "organisations")
    header, *body = rows
    assert [r[0] for r in body] == ["Alpha Trust", "Beta Sangam", "Gamma Foundation"]
    beta = dict(zip(header, body[1], strict=True))
    assert beta["participants"] == "2" and beta["pre_event_percent"] == "25"
    assert (beta["accepted"], beta["submitted"], beta["missing"]) == ("0", "0", "3")
    assert beta["present_Day 1"] == "0" and beta["not_yet"] == "2"
    assert beta["at_risk"] == "no_pre_event_work, overdue_assignment, absent_day_one, inactive"


def test_exports_honour_the_filters(organiser_client, world):
    assert [r[0] for r in _csv(organiser_client, world, "organisations", flag="any")[1:]] == [
        "Beta Sangam"]
    people = _csv(organiser_client, world, "participants", state="Kerala")
    assert {r[0] for r in people[1:]} == {"Alpha Trust", "Gamma Foundation"}
    assert [r[0] for r in _csv(organiser_client, world, "organisations",
                               ordering="-assignments_missing")[1:]][0] == "Beta Sangam"


def test_participants_csv_says_what_is_missing(organiser_client, world):
    header, *rows = _csv(organiser_client, world, "participants")
    assert len(rows) == 5
    by_name = {r[1].split()[0]: dict(zip(header, r, strict=True)) for r in rows}
    assert by_name["Alpha0"]["certificate"] == "certified"
    assert by_name["Gamma0"]["certificate"] == "eligible"
    assert "Module “Module 1” not completed" in by_name["Beta0"]["missing_for_certificate"]
    assert by_name["Beta1"]["attended_Day 1"] == "no"
    assert by_name["Beta0"]["at_risk"] == (
        "no_pre_event_work, overdue_assignment, absent_day_one, inactive")


def test_attendance_csv_has_a_row_per_participant_and_session(organiser_client, world):
    header, *rows = _csv(organiser_client, world, "attendance")
    assert len(rows) == 5 * 5  # five participants, five sessions
    statuses = {(r[1].split()[0], r[4]): r[6] for r in rows}
    assert statuses[("Beta1", "Day 1 morning")] == "excused"
    assert statuses[("Beta0", "Day 1 morning")] == "no record"
    assert statuses[("Alpha0", "Day 2 afternoon")] == "late"


def test_submissions_csv_lists_team_work_once(organiser_client, world):
    header, *rows = _csv(organiser_client, world, "submissions")
    plans = [r for r in rows if r[3] == "Helpline plan"]
    assert [(r[0], r[7], r[8]) for r in plans] == [
        ("Alpha Trust", "accepted", ""), ("Beta Sangam", "not_started", "yes"),
        ("Gamma Foundation", "accepted", "")]
    assert len([r for r in rows if r[3] == "Reflection"]) == 5


def test_one_organisation_from_its_page(organiser_client, world):
    rows = _csv(organiser_client, world, "participants", enrollment=world.gamma.pk)
    assert [r[0] for r in rows[1:]] == ["Gamma Foundation"]


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2",
                                  "@SUM(A1)", "\tTab", "\rReturn"])
def test_formula_cells_are_neutralised(organiser_client, world, name):
    Organisation.objects.filter(pk=world.alpha.organisation_id).update(name=name)
    rows = _csv(organiser_client, world, "organisations")
    # (csv turns a carriage return inside a field into a newline when read back)
    assert rows[1][0].replace("\n", "\r") == "'" + name
    rows = _xlsx(organiser_client, world, "participants")
    assert rows[1][0].replace("\n", "\r") == "'" + name  # XML keeps no bare CR


def test_xlsx_of_every_kind_opens(organiser_client, world):
    for kind in ("organisations", "participants", "attendance", "submissions"):
        rows = _xlsx(organiser_client, world, kind)
        assert len(rows) > 1 and all(cell is not None for cell in rows[0])


def test_one_organisations_file_is_named_after_it(organiser_client, world):
    # Journeys report #29: the organisation-only export had the bootcamp-wide file name.
    url = reverse("dashboards:export", args=[world.bootcamp.pk, "participants", "csv"])
    whole = organiser_client.get(url)["Content-Disposition"]
    one = organiser_client.get(url, {"enrollment": world.gamma.pk})["Content-Disposition"]
    slug = world.bootcamp.slug
    assert whole == f'attachment; filename="{slug}-participants.csv"'
    assert one == f'attachment; filename="{slug}-gamma-foundation-participants.csv"'
    Organisation.objects.filter(pk=world.gamma.organisation_id).update(name="आशा")
    one = organiser_client.get(url, {"enrollment": world.gamma.pk})["Content-Disposition"]
    assert one == f'attachment; filename="{slug}-organisation-{world.gamma.pk}-participants.csv"'
