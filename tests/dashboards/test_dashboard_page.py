"""The dashboard page: funnel, flag counts, filters, search, sorting, drill-down pages."""

import re

import pytest
from django.urls import reverse

from tests.factories import organiser


@pytest.fixture
def organiser_client(client, world):
    client.force_login(organiser())
    return client


def _names(response) -> list[str]:
    return re.findall(r'class="title dashboard-name"><a href="[^"]+">([^<]+)</a>',
                      response.content.decode())


def _page(client, world, **params):
    return client.get(reverse("dashboards:bootcamp", args=[world.bootcamp.pk]), params)


def test_lists_active_organisations_by_name(organiser_client, world):
    assert _names(_page(organiser_client, world)) == ["Alpha Trust", "Beta Sangam",
                                                      "Gamma Foundation"]


def test_withdrawn_with_the_status_filter(organiser_client, world):
    assert _names(_page(organiser_client, world, status="withdrawn")) == ["Delta Society"]


def test_funnel_counts_and_chart(organiser_client, world):
    body = _page(organiser_client, world).content.decode()
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td><td>([^<]+)</td></tr>", body)
    assert rows == [
        ("Applied", "4", "—"), ("Selected", "3", "5"), ("Started pre-event work", "3", "4"),
        ("Completed pre-event work", "2", "2"), ("Attended Day 1", "2", "3"),
        ("Attended Day 2", "2", "2"), ("Attended Follow-up", "0", "0"), ("Certified", "1", "1"),
    ]
    start = body.index('<svg class="dashboard-funnel__chart"')
    svg = body[start:body.index("</svg>", start)]
    assert svg.count("<rect") == 8 and 'viewBox="0 0 360' in svg and 'width="100%"' in svg


def test_at_risk_comes_right_after_the_organisation_name(organiser_client, world):
    body = _page(organiser_client, world).content.decode()
    table = body[body.index('<table class="listing dashboard-table">'):]
    head = table[:table.index("</thead>")]
    headers = re.findall(r"<th[^>]*>\s*<a[^>]*>\s*([^<]+?)\s*</a>", head)
    assert headers[:3] == ["Organisation", "At risk", "Participants"]
    assert "Last activity (Asia/Kolkata)" in head
    assert "UTC (refreshed" not in body and "(Asia/Kolkata), refreshed every minute" in body
    row = body[body.index(">Beta Sangam</a>"):]
    row = row[:row.index("</tr>")]
    # The first cell after the name holds the flags with their reasons.
    assert row.index('class="dashboard-flags"') < row.index("<td>")
    assert "dashboard-reason" in row.split("<td>", 1)[0]


def test_flag_counts_link_to_the_filter(organiser_client, world):
    body = _page(organiser_client, world).content.decode()
    for label in ("No pre-event work started: 1", "Required assignment missing after its due "
                  "date: 1", "Absent on Day 1: 1", "No activity in 14 days: 1"):
        assert label in body
    assert 'href="?flag=absent_day_one"' in body


@pytest.mark.parametrize("flag", ["no_pre_event_work", "overdue_assignment", "absent_day_one",
                                  "inactive", "any"])
def test_filter_by_flag(organiser_client, world, flag):
    assert _names(_page(organiser_client, world, flag=flag)) == ["Beta Sangam"]


def test_other_filters_and_search(organiser_client, world):
    assert _names(_page(organiser_client, world, state="Kerala")) == ["Alpha Trust",
                                                                      "Gamma Foundation"]
    assert _names(_page(organiser_client, world, focus_area="education")) == ["Beta Sangam"]
    assert _names(_page(organiser_client, world, q="gamma")) == ["Gamma Foundation"]
    assert _names(_page(organiser_client, world, q="nobody")) == []


def test_bad_filter_values_are_ignored_with_the_form_kept(organiser_client, world):
    response = _page(organiser_client, world, flag="drop table", ordering="password")
    assert response.status_code == 200
    assert _names(response) == ["Alpha Trust", "Beta Sangam", "Gamma Foundation"]


@pytest.mark.parametrize(("ordering", "expected"), [
    ("-assignments_missing", ["Beta Sangam", "Alpha Trust", "Gamma Foundation"]),
    ("-pre_percent", ["Gamma Foundation", "Alpha Trust", "Beta Sangam"]),
    ("-risk", ["Beta Sangam", "Alpha Trust", "Gamma Foundation"]),
    ("-certified", ["Alpha Trust", "Beta Sangam", "Gamma Foundation"]),
    ("-eligible", ["Gamma Foundation", "Alpha Trust", "Beta Sangam"]),
    ("not_yet", ["Gamma Foundation", "Alpha Trust", "Beta Sangam"]),
    ("-organisation_certificate", ["Gamma Foundation", "Alpha Trust", "Beta Sangam"]),
    ("perk_rank", ["Gamma Foundation", "Beta Sangam", "Alpha Trust"]),
    ("-last_activity", ["Alpha Trust", "Gamma Foundation", "Beta Sangam"]),
    ("last_activity", ["Beta Sangam", "Alpha Trust", "Gamma Foundation"]),
])
def test_sort_by_columns(organiser_client, world, ordering, expected):
    names = _names(_page(organiser_client, world, ordering=ordering))
    if ordering.endswith("last_activity"):
        # Alpha and Gamma acted in the same second; only Beta's place is certain.
        assert names.index("Beta Sangam") == expected.index("Beta Sangam")
    else:
        assert names == expected


def test_results_fragment_for_wagtail_filters(organiser_client, world):
    response = organiser_client.get(
        reverse("dashboards:bootcamp_results", args=[world.bootcamp.pk]), {"flag": "any"})
    body = response.content.decode()
    assert _names(response) == ["Beta Sangam"] and "dashboard-funnel" not in body
    assert "export/organisations.csv?flag=any" in body


def test_organisation_page_shows_each_participant(organiser_client, world):
    url = reverse("dashboards:organisation", args=[world.bootcamp.pk,
                                                   world.beta.organisation_id])
    body = organiser_client.get(url).content.decode()
    assert "Beta0" in body and "Beta1" in body
    assert "Module “Module 1” not completed" in body  # b1's certificate: what's missing
    # Human labels, not the stored values (#11).
    assert re.search(r"Helpline plan: <strong><span[^>]*>Not started</span>", body)
    assert "notstarted" not in body and "not_started" not in body
    assert "Excused" in body and ">excused<" not in body
    assert "did nothing in the last 14 days" in body


def test_participant_page(organiser_client, world):
    person = world.people["a1"]
    url = reverse("dashboards:participant", args=[world.bootcamp.pk, person.pk])
    body = organiser_client.get(url).content.decode()
    assert "Alpha0" in body and "Issued" in body
    # One zone, the bootcamp's, named (#23): no UTC, no ISO dates.
    row = body[body.index("Last activity</th>"):]
    row = row[:row.index("</tr>")]
    assert "UTC" not in row and re.search(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d IST", row)
    assert "(Asia/Kolkata)" in row
    assert "✓ Done" in body and re.search(r"Reflection: <strong><span[^>]*>Accepted</span>", body)


def test_names_and_places_are_escaped_in_the_table(organiser_client, world):
    organisation = world.alpha.organisation
    organisation.name = '<script>alert("x")</script> Trust'
    organisation.city = "<b>Kochi</b>"
    organisation.save(update_fields=["name", "city"])

    body = _page(organiser_client, world).content.decode()

    assert "<script>alert" not in body and "<b>Kochi</b>" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Trust" in body
    assert "&lt;b&gt;Kochi&lt;/b&gt;, Kerala" in body
