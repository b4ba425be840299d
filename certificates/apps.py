from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from certificates.receivers import check_eligibility
        from courses.signals import progress_changed

        progress_changed.connect(
            check_eligibility, dispatch_uid="certificates.check_eligibility"
        )
