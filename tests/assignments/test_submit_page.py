"""The assignment page form: drafts, submits, errors shown with the answer kept."""

from django.utils.html import escape

from assignments.models import Submission
from tests.assignments.factories import PDF_BYTES, upload


def test_save_draft_from_the_page(client, assignment, team):
    client.force_login(team[1][1])
    response = client.post(assignment.url, {"text": "Thinking", "action": "draft"})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.status == "draft"
    assert "Thinking" in client.get(assignment.url).content.decode()


def test_submit_text_and_file_from_the_page(client, assignment, team):
    client.force_login(team[1][1])
    response = client.post(assignment.url, {
        "text": "My answer", "action": "submit", "files": [upload("plan.pdf")]})
    assert response.status_code == 302
    version = Submission.objects.get().versions.get()
    assert [f.original_name for f in version.files.all()] == ["plan.pdf"]
    page = client.get(assignment.url).content.decode()
    assert "Version 1" in page
    assert "plan.pdf" in page


def test_bad_upload_shows_error_with_text_kept_and_nothing_stored(client, assignment, team):
    client.force_login(team[1][1])
    response = client.post(assignment.url, {
        "text": "Keep me", "action": "submit",
        "files": [upload("evil.pdf", b"<html><script>alert(1)</script></html>")]})
    assert response.status_code == 400
    content = response.content.decode()
    assert "not a valid pdf" in content
    assert "Keep me" in content
    assert not Submission.objects.filter(versions__isnull=False).exists()
    assert not Submission.objects.filter(files__isnull=False).exists()


def test_too_many_files_are_refused_before_storing(client, bootcamp, team):
    from tests.assignments.factories import add_assignment

    assignment = add_assignment(bootcamp, title="One file", slug="one-file", max_files=1)
    client.force_login(team[1][1])
    response = client.post(assignment.url, {
        "text": "x", "action": "draft",
        "files": [upload("a.pdf"), upload("b.pdf", PDF_BYTES + b"\n")]})
    assert response.status_code == 400
    assert "At most 1 files" in response.content.decode()
    assert not Submission.objects.filter(files__isnull=False).exists()


def test_filename_is_shown_escaped_and_truncated(client, assignment, team):
    name = "<b>" + "x" * 290 + ".pdf"
    client.force_login(team[1][1])
    client.post(assignment.url, {"text": "x", "action": "submit", "files": [upload(name)]})
    content = client.get(assignment.url).content.decode()
    assert "<b>xxx" not in content
    assert escape("<b>") + "x" * 42 + "…" in content


def test_answer_html_is_sanitised_on_the_page(client, assignment, team):
    client.force_login(team[1][1])
    client.post(assignment.url, {"text": '<p onclick="x()">Hi</p><script>alert(1)</script>',
                                 "action": "submit"})
    version = Submission.objects.get().versions.get()
    assert version.text == "<p>Hi</p>"
    content = client.get(assignment.url).content.decode()
    assert "<script>alert(1)" not in content


def test_double_submit_from_the_page_makes_one_version(client, assignment, team):
    client.force_login(team[1][1])
    for _ in range(2):
        client.post(assignment.url, {"text": "Same", "action": "submit",
                                     "files": [upload("plan.pdf")]})
    submission = Submission.objects.get()
    assert submission.versions.count() == 1
    assert submission.files.count() == 1


def test_get_request_with_a_put_method_is_refused(client, assignment, team):
    client.force_login(team[1][1])
    assert client.put(assignment.url).status_code in (403, 405)


def test_refused_first_upload_creates_no_draft(client, assignment, team):
    """A refused file on the very first save writes nothing: the dashboard keeps saying
    "Not started" instead of showing an empty draft."""
    client.force_login(team[1][1])
    for action in ("draft", "submit"):
        response = client.post(assignment.url, {
            "text": "Keep me", "action": action, "files": [upload("x.exe", b"MZ\x90\x00")]})
        assert response.status_code == 400
        content = response.content.decode()
        assert "not accepted" in content and "Keep me" in content
        assert not Submission.objects.exists()


def test_refused_first_team_upload_creates_no_draft(client, team_assignment, team):
    client.force_login(team[1][0])
    response = client.post(team_assignment.url, {
        "text": "Plan", "action": "draft", "files": [upload("x.exe", b"MZ\x90\x00")]})
    assert response.status_code == 400
    assert not Submission.objects.exists()
