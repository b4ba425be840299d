import pytest

from certificates.models import CertificateRule
from tests.certificates.factories import FakeFacts, use_fakes
from tests.courses.factories import build_bootcamp, enrol


@pytest.fixture
def bootcamp(db):
    return build_bootcamp()


@pytest.fixture
def rule(bootcamp):
    return CertificateRule.objects.create(
        bootcamp=bootcamp, issuer_name="Chat for Impact", signatory_name="Asha Organiser",
        signatory_title="Programme Director",
    )


@pytest.fixture
def facts(bootcamp, monkeypatch):
    # Whatever the other apps recorded, the tests decide every fact themselves.
    return use_fakes(monkeypatch, FakeFacts(bootcamp))


@pytest.fixture
def team(bootcamp):
    """An enrolled organisation with three participants (lead first)."""
    enrollment, users = enrol(bootcamp)
    return enrollment, users


@pytest.fixture
def certificate(bootcamp, rule, facts, team, django_capture_on_commit_callbacks):
    """An issued participant certificate (the team lead's), with its PDF rendered."""
    from certificates import services
    from tests.certificates.factories import complete_modules

    _, (user, *_) = team
    facts.complete(user)
    complete_modules(user, bootcamp)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.issue_certificate(bootcamp=bootcamp, user=user)
    certificate.refresh_from_db()
    return certificate
