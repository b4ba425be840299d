"""What was completed is stored as facts ({"key": …, parameters}, certificates.completed),
worded in the reader's language when shown. The English sentences of certificates issued
before stay as they were, printed as they are: {"key": "text", "text": sentence}."""

from django.db import migrations
from django.utils import translation

BATCH = 500


def _convert(apps, change) -> None:
    Certificate = apps.get_model("certificates", "Certificate")
    changed = []
    for certificate in Certificate.objects.only("pk", "completed").iterator(chunk_size=BATCH):
        snapshot = change(certificate.completed or [])
        if snapshot != certificate.completed:
            certificate.completed = snapshot
            changed.append(certificate)
        if len(changed) >= BATCH:
            Certificate.objects.bulk_update(changed, ["completed"])
            changed = []
    Certificate.objects.bulk_update(changed, ["completed"])


def to_facts(apps, schema_editor) -> None:
    _convert(apps, lambda snapshot: [
        {"key": "text", "text": line} if isinstance(line, str) else line for line in snapshot])


def to_sentences(apps, schema_editor) -> None:
    from certificates.completed import sentence

    with translation.override("en"):
        _convert(apps, lambda snapshot: [sentence(line) for line in snapshot])


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0004_certificate_language"),
    ]

    operations = [
        migrations.RunPython(to_facts, to_sentences, elidable=True),
    ]
