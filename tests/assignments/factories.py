"""Assignments for tests: `add_assignment()` puts one under a bootcamp's stage, and file
builders make small real files of each allowed type."""

import io
import zipfile
from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assignments.models import AssignmentPage, RubricCriterion
from courses.models import StagePage
from tests.courses.factories import IST


def add_assignment(bootcamp, *, stage_kind=StagePage.Kind.PRE_EVENT, title="Helpline plan",
                   due_at: datetime | None = None, cutoff_at: datetime | None = None,
                   criteria=(), **fields) -> AssignmentPage:
    stage = StagePage.objects.child_of(bootcamp).get(kind=stage_kind) if stage_kind else (
        StagePage.objects.child_of(bootcamp).first())
    due_at = due_at or timezone.now() + timedelta(days=7)
    cutoff_at = cutoff_at or due_at + timedelta(days=2)
    fields.setdefault("allowed_file_types", "pdf,docx,xlsx,pptx,odt,png,jpg,csv,txt")
    page = stage.add_child(instance=AssignmentPage(
        title=title, slug=fields.pop("slug", title.lower().replace(" ", "-")),
        due_at=due_at, cutoff_at=cutoff_at, **fields))
    for index, (name, points) in enumerate(criteria):
        RubricCriterion.objects.create(assignment=page, title=name, max_points=points,
                                       sort_order=index)
    return page


def ist(*args) -> datetime:
    return datetime(*args, tzinfo=IST)


PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
             b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
PNG_BYTES = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
             b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\nIDATx\x9cc\x00\x01\x00\x00\x05\x00"
             b"\x01\r\n-\xb4\x00\x00\x00\x00IEND\xaeB`\x82")


def ooxml_bytes(kind: str) -> bytes:
    member = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml",
              "pptx": "ppt/presentation.xml"}[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<doc/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def upload(name: str, content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
