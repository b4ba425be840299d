"""Re-sanitise stored answers and feedback under the tightened rules (issue 15).

Pages now show the stored HTML as it is instead of sanitising it again on every view, so
rows written while `style` attributes were allowed (and `color: expression(...)` got
through) are cleaned here, once. Only rows that contain a style attribute can differ.
The answer's content hash is recomputed with it, so submitting the unchanged draft again is
still recognised as "nothing changed".
"""

import hashlib

from django.db import migrations


def _content_hash(text: str, file_hashes) -> str:
    # The same digest as assignments.services.content_hash (copied: migrations must not
    # change when the service does).
    digest = hashlib.sha256(text.encode())
    for file_hash in sorted(file_hashes):
        digest.update(b"\0" + file_hash.encode())
    return digest.hexdigest()


def resanitise(apps, schema_editor):
    from content.sanitize import clean_without_limits

    SubmissionVersion = apps.get_model("assignments", "SubmissionVersion")
    Review = apps.get_model("assignments", "Review")
    for version in SubmissionVersion.objects.filter(text__icontains="style").iterator():
        text = clean_without_limits(version.text)
        if text != version.text:
            # .update(): the model refuses save() on an existing (immutable) version.
            SubmissionVersion.objects.filter(pk=version.pk).update(
                text=text, content_hash=_content_hash(
                    text, version.files.values_list("sha256", flat=True)))
    for review in Review.objects.filter(feedback__icontains="style").iterator():
        feedback = clean_without_limits(review.feedback)
        if feedback != review.feedback:
            Review.objects.filter(pk=review.pk).update(feedback=feedback)


class Migration(migrations.Migration):
    dependencies = [("assignments", "0001_initial")]

    operations = [migrations.RunPython(resanitise, migrations.RunPython.noop, elidable=True)]
