"""The dashboard's no-JS "Sort by" form: the header's sort keys, sorting as the header
links do, the filters and search kept."""

import re

import pytest
from django.urls import reverse

from tests.factories import organiser


@pytest.fixture
def organiser_client(client, world):
    client.force_login(organiser())
    return client


def _get(client, world, **params):
    return client.get(reverse("dashboards:bootcamp", args=[world.bootcamp.pk]), params)


def _names(response) -> list[str]:
    return re.findall(r'class="title dashboard-name"><a href="[^"]+">([^<]+)</a>',
                      response.content.decode())


def _sort_form(response) -> str:
    body = response.content.decode()
    start = body.index('<form class="nice-padding dashboard-sort"')
    return body[start:body.index("</form>", start)]


def _header_sort_keys(response) -> list[str]:
    body = response.content.decode()
    head = body[body.index('<table class="listing dashboard-table">'):]
    head = head[:head.index("</thead>")]
    return [key.lstrip("-") for key in re.findall(r"[?&]ordering=([-\w]+)", head)]


def test_options_are_the_sortable_columns(organiser_client, world):
    response = _get(organiser_client, world)
    form = _sort_form(response)
    select = form[form.index('name="sort"'):form.index("</select>")]
    options = re.findall(r'<option value="([^"]+)"', select)
    assert options == _header_sort_keys(response)
    assert options[:3] == ["organisation__name", "risk", "roster"] and "perk_rank" in options
    assert re.findall(r'<option value="(\w+)"[^>]*>(\w+)</option>',
                      form[form.index('name="direction"'):]) == [
        ("asc", "Ascending"), ("desc", "Descending")]
    # The order in force is the one shown.
    assert re.search(r'<option value="organisation__name" selected>', form)


@pytest.mark.parametrize(("sort", "direction"), [
    ("assignments_missing", "desc"), ("pre_percent", "desc"), ("risk", "desc"),
    ("eligible", "desc"), ("not_yet", "asc"), ("perk_rank", "asc"),
    ("organisation__name", "desc"),
])
def test_choosing_a_column_sorts_like_its_header_link(organiser_client, world, sort,
                                                      direction):
    ordering = ("-" if direction == "desc" else "") + sort
    by_form = _get(organiser_client, world, sort=sort, direction=direction)
    by_link = _get(organiser_client, world, ordering=ordering)
    assert _names(by_form) == _names(by_link)
    if sort == "organisation__name":
        assert _names(by_form) == ["Gamma Foundation", "Beta Sangam", "Alpha Trust"]
    form = _sort_form(by_form)
    assert re.search(rf'<option value="{sort}" selected>', form)
    assert re.search(rf'<option value="{direction}" selected>', form)


def test_filters_and_search_are_kept(organiser_client, world):
    response = _get(organiser_client, world, state="Kerala", q="a", p="1", ordering="risk")
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">',
                             _sort_form(response)))
    # The form sets the order and starts at page 1, as the header links do.
    assert hidden == {"state": "Kerala", "q": "a"}
    sorted_ = _get(organiser_client, world, state="Kerala", q="a", sort="organisation__name",
                   direction="desc")
    assert _names(sorted_) == ["Gamma Foundation", "Alpha Trust"]
    # The exports follow the same order and filters.
    assert "export/organisations.csv?state=Kerala&amp;q=a&amp;sort=" in (
        sorted_.content.decode())


def test_a_header_link_after_the_form_wins(organiser_client, world):
    # The header links keep the form's parameters in their query string.
    response = _get(organiser_client, world, sort="organisation__name", direction="desc",
                    ordering="organisation__name")
    assert _names(response) == ["Alpha Trust", "Beta Sangam", "Gamma Foundation"]


@pytest.mark.parametrize("params", [{"sort": "password", "direction": "desc"},
                                    {"sort": "risk", "direction": "sideways"},
                                    {"sort": "x" * 5000}])
def test_bad_values_fall_back_to_the_default_order(organiser_client, world, params):
    response = _get(organiser_client, world, **params)
    assert response.status_code == 200
    assert _names(response) == ["Alpha Trust", "Beta Sangam", "Gamma Foundation"]


def test_phone_headers_have_labels_beside_their_links(organiser_client, world):
    # Hidden links on phones (CSS) leave the label: every sortable header has both.
    body = _get(organiser_client, world).content.decode()
    head = body[body.index("<thead>"):body.index("</thead>")]
    assert head.count('class="dashboard-sort-label"') == len(re.findall(r"ordering=", head))
