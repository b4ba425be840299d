import io

from certificates import demo
from certificates.models import Certificate
from courses.models import ModuleCompletion, ModulePage
from lms import demo as lms_demo
from tests.courses.factories import enrol
from tests.factories import UserFactory


def test_demo_skips_without_the_demo_bootcamp(db):
    out = io.StringIO()
    demo.load(out)
    assert "skipped" in out.getvalue()
    assert not Certificate.objects.exists()


def test_demo_certificates_are_issued_revoked_and_left_eligible(db, facts):
    lms_demo.load(io.StringIO())
    bootcamp = facts.bootcamp
    bootcamp.slug = "chat-for-impact"
    bootcamp.save()
    from django.contrib.auth import get_user_model

    certified = get_user_model().objects.get(email="certified@example.org")
    _, users = enrol(bootcamp, participants=4, lead=certified)
    _, more = enrol(bootcamp, participants=3, lead=UserFactory(email="a-lead@example.org"))
    for user in users[1:3] + more[:2]:  # eligible, not issued
        facts.complete(user)
        for module in ModulePage.objects.descendant_of(bootcamp):
            ModuleCompletion.objects.get_or_create(user=user, module=module)

    out = io.StringIO()
    demo.load(out)
    demo.load(out)  # idempotent

    assert Certificate.objects.valid().get(user=certified).override_reason  # not eligible
    assert "issued with an override" in out.getvalue()
    assert Certificate.objects.filter(revoked_at__isnull=False).count() == 1
    assert Certificate.objects.count() == 2
    holders = set(Certificate.objects.values_list("user_id", flat=True))
    waiting = {u.pk for u in users[1:3] + more[:2]} - holders
    assert len(waiting) >= 3
    assert f"{len(waiting)} participants eligible but not yet issued" in out.getvalue()
