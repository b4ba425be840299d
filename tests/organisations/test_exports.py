"""Exports neutralise formula injection (CSV streamed, XLSX)."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lms.exports import safe_cell
from tests.factories import organiser
from tests.organisations.factories import ApplicationFactory


@pytest.mark.parametrize("value", ["=1+1", "+91 98", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_safe_cell_neutralises_formula_prefixes(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Seva", 42, 4.5, "", "a=b"])
def test_safe_cell_leaves_other_values(value):
    assert safe_cell(value) == value


@pytest.fixture
def hostile(bootcamp):
    return ApplicationFactory(bootcamp=bootcamp, organisation_name='=HYPERLINK("http://x")',
                              plans="@SUM(1)", city="-Pune")


def test_csv_export_escapes_formulas(client, bootcamp, hostile):
    client.force_login(organiser())
    response = client.get(reverse("organisations_admin:export_csv", args=[bootcamp.pk]))
    assert response.streaming
    assert response["Content-Disposition"].startswith("attachment;")
    content = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in content and "'@SUM(1)" in content and "'-Pune" in content
    assert ',=HYPERLINK' not in content and ',"=HYPERLINK' not in content


def test_xlsx_export_escapes_formulas(client, bootcamp, hostile):
    client.force_login(organiser())
    response = client.get(reverse("organisations_admin:export_xlsx", args=[bootcamp.pk]))
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "organisation"
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")"
    assert rows[1][3] == "'-Pune"


def test_export_respects_filters(client, bootcamp, hostile):
    ApplicationFactory(bootcamp=bootcamp, organisation_name="Kept", status="shortlisted")
    client.force_login(organiser())
    response = client.get(reverse("organisations_admin:export_csv", args=[bootcamp.pk]),
                          {"status": "shortlisted"})
    content = b"".join(response.streaming_content).decode()
    assert "Kept" in content and "HYPERLINK" not in content
