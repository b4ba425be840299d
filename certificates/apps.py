from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from certificates.progress import certificate_progress
        from courses.progress import register_source
        from courses.signals import progress_changed

        register_source(
            "certificates",
            certificate_progress,
            dashboard_template="certificates/dashboard_certificate.html",
            uses_other_sources=True,
        )
        progress_changed.connect(
            check_eligibility, dispatch_uid="certificates.check_eligibility"
        )


def check_eligibility(sender, *, bootcamp_id: int, user_ids, **kwargs) -> None:
    """A fact feeding progress changed (sent on commit): check and issue in the background."""
    from certificates.tasks import issue_when_eligible

    issue_when_eligible.enqueue(bootcamp_id, list(user_ids))
