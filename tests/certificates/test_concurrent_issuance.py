import threading

import pytest
from django.db import connection

from certificates import services
from certificates.models import Certificate, CertificateRule
from courses.models import ModuleCompletion, ModulePage
from tests.courses.factories import build_bootcamp, enrol


@pytest.mark.postgres
# serialized_rollback: the page tree made by migrations must be there even when another
# transactional test flushed the database before this one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issuance_creates_one_certificate():
    bootcamp = build_bootcamp()
    CertificateRule.objects.create(bootcamp=bootcamp, sessions="none", require_assignments=False)
    _, (user,) = enrol(bootcamp, participants=1)
    for module in ModulePage.objects.descendant_of(bootcamp):
        ModuleCompletion.objects.create(user=user, module=module)

    workers = 8
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def issue():
        try:
            barrier.wait()
            results.append(services.issue_certificate(bootcamp=bootcamp, user=user, render=False))
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Certificate.objects.filter(user=user).count() == 1
    assert {certificate.pk for certificate in results} == {Certificate.objects.get().pk}


def test_database_refuses_a_second_valid_certificate(db):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    bootcamp = build_bootcamp()
    _, (user,) = enrol(bootcamp, participants=1)
    fields = {"kind": "participant", "bootcamp": bootcamp, "user": user, "recipient_name": "A",
                  "bootcamp_title": "B", "issued_at": timezone.now()}
    first = Certificate.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(**fields)
    first.revoked_at = timezone.now()
    first.save()
    Certificate.objects.create(**fields)  # a revoked one does not count
