"""Certificate rules per bootcamp, and the certificates issued under them.

Rules are configuration (organisers change them any time); certificates are records: an issued
certificate keeps a snapshot of who, what and when as it was at issue, so later rule or
profile changes never alter it.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from certificates import completed as completed_facts
from courses import tree_cache
from lms.roles import is_organiser

# Crockford-like: digits and capitals without 0/O, 1/I/L and U (so nothing reads as another
# character or spells words by accident): 30 symbols, log2(30) ≈ 4.91 bits each.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 16 × 4.91 ≈ 78.5 bits, above the 64 bits the issue asks for
CODE_GROUP = 4


def new_verification_code() -> str:
    """A random code from `secrets`, grouped in fours for reading aloud: XXXX-XXXX-XXXX-XXXX."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, len(raw), CODE_GROUP))


def normalise_code(typed: str) -> str:
    """What a person typed or a QR scanner read → the stored form (case, spaces, dashes ignored).

    Returns "" for anything that cannot be a code, so lookups stay a single indexed query.
    """
    raw = "".join(ch for ch in typed.upper() if ch not in " -\t")
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        return ""
    return format_code(raw)


class CertificateRule(models.Model):
    """What a bootcamp asks for a participant (and optionally an organisation) certificate."""

    class Sessions(models.TextChoices):
        NONE = "none", _("No attendance required")
        ALL = "all", _("Every live session attended")
        EACH_LIVE_DAY = "each_live_day", _("At least one session on each live day attended")
        AT_LEAST = "at_least", _("At least a number of sessions attended")

    bootcamp = models.OneToOneField(
        "courses.BootcampPage",
        on_delete=models.CASCADE,
        related_name="certificate_rule",
        verbose_name=_("bootcamp"),
    )
    sessions = models.CharField(
        _("live sessions"), max_length=20, choices=Sessions.choices, default=Sessions.ALL
    )
    minimum_sessions = models.PositiveSmallIntegerField(
        _("minimum sessions"),
        default=0,
        help_text=_('Used with "At least a number of sessions attended".'),
    )
    require_modules = models.BooleanField(_("every required module completed"), default=True)
    require_assignments = models.BooleanField(
        _("every required assignment accepted"), default=True
    )
    # Off by default: bootcamps that had rules before knowledge checks existed keep them.
    require_knowledge_checks = models.BooleanField(
        _("every knowledge check passed"), default=False,
        help_text=_("The knowledge checks of the required modules."),
    )
    automatic = models.BooleanField(
        _("issue automatically"),
        default=True,
        help_text=_("Issue a participant's certificate as soon as they become eligible."),
    )

    organisation_certificates = models.BooleanField(
        _("organisation certificates"), default=False
    )
    organisation_require_assignments = models.BooleanField(
        _("every required organisation assignment accepted"), default=True
    )
    organisation_require_each_live_day = models.BooleanField(
        _("at least one participant present on each live day"), default=True
    )
    organisation_require_follow_up = models.BooleanField(
        _("at least one participant present at the follow-up"), default=True
    )

    class Language(models.TextChoices):
        PARTICIPANT = "participant", _("The participant's language")
        ENGLISH = "en", _("English")
        HINDI = "hi", _("Hindi")
        BILINGUAL = "en+hi", _("English and Hindi (bilingual)")

    language = models.CharField(
        _("certificate language"), max_length=20, choices=Language.choices,
        default=Language.PARTICIPANT,
        help_text=_("Bilingual certificates carry each line in English and Hindi. An "
                    "organisation's certificate in the participant's language is in English."),
    )
    certificate_title = models.CharField(
        _("certificate title"), max_length=120, default="Certificate of Completion",
        help_text=_("Leave “Certificate of Completion” to have it translated."),
    )
    statement = models.CharField(
        _("statement"),
        max_length=300,
        blank=True,
        help_text=_("One line under the bootcamp title, e.g. what the bootcamp was about."),
    )
    issuer_name = models.CharField(
        _("issuer name"),
        max_length=200,
        default="Bootcamp LMS",
        help_text=_("Shown on the certificate and in Open Badges as the issuing body."),
    )
    issuer_url = models.URLField(_("issuer website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("logo"),
    )
    signatory_name = models.CharField(_("first signatory"), max_length=120, blank=True)
    signatory_title = models.CharField(_("first signatory's title"), max_length=120, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("first signature image"),
    )
    second_signatory_name = models.CharField(_("second signatory"), max_length=120, blank=True)
    second_signatory_title = models.CharField(
        _("second signatory's title"), max_length=120, blank=True
    )
    second_signature = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("second signature image"),
    )

    panels = [
        FieldPanel("bootcamp"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("sessions"), FieldPanel("minimum_sessions")]),
                FieldPanel("require_modules"),
                FieldPanel("require_assignments"),
                FieldPanel("require_knowledge_checks"),
                FieldPanel("automatic"),
            ],
            heading=_("Participant certificate"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organisation_certificates"),
                FieldPanel("organisation_require_assignments"),
                FieldPanel("organisation_require_each_live_day"),
                FieldPanel("organisation_require_follow_up"),
            ],
            heading=_("Organisation certificate"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("language"),
                FieldPanel("certificate_title"),
                FieldPanel("statement"),
                FieldRowPanel([FieldPanel("issuer_name"), FieldPanel("issuer_url")]),
                FieldPanel("logo"),
                FieldRowPanel([FieldPanel("signatory_name"), FieldPanel("signatory_title")]),
                FieldPanel("signature"),
                FieldRowPanel(
                    [FieldPanel("second_signatory_name"), FieldPanel("second_signatory_title")]
                ),
                FieldPanel("second_signature"),
            ],
            heading=_("How the certificate looks"),
        ),
    ]

    class Meta:
        verbose_name = _("certificate rule")

    def __str__(self) -> str:
        return str(_("Certificate rule for %(bootcamp)s") % {"bootcamp": self.bootcamp})

    def clean(self) -> None:
        if self.sessions == self.Sessions.AT_LEAST and self.minimum_sessions < 1:
            raise ValidationError(
                {"minimum_sessions": _("Say how many sessions must be attended (at least 1).")}
            )


def languages_for(certificate: "Certificate", rule: CertificateRule | None) -> list[str]:
    """The languages a certificate is printed in: the rule's choice; by default (and
    without a rule) the participant's language, the site's for an organisation's."""
    choice = rule.language if rule is not None else CertificateRule.Language.PARTICIPANT
    if choice == CertificateRule.Language.BILINGUAL:
        return choice.split("+")
    if choice != CertificateRule.Language.PARTICIPANT:
        return [choice]
    user = certificate.user if certificate.user_id else None
    return [user.message_language if user is not None else settings.LANGUAGE_CODE]


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)

    def visible_to(self, user):
        """Organisers see every certificate; a participant sees their own only.

        An organisation's certificate is visible to its active members.
        """

        if not user.is_authenticated:
            return self.none()
        if is_organiser(user):
            return self
        return self.filter(
            Q(user=user)
            | Q(
                kind=Certificate.Kind.ORGANISATION,
                organisation__memberships__user=user,
                organisation__memberships__removed_at__isnull=True,
            )
        ).distinct()


class Certificate(models.Model):
    """An issued certificate: a snapshot at issue, revocable and reinstatable, never deleted."""

    class Kind(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        ORGANISATION = "organisation", _("Organisation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    bootcamp = models.ForeignKey(
        "courses.BootcampPage", on_delete=models.PROTECT, related_name="certificates"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="certificates",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="certificates",
    )
    code = models.CharField(_("verification code"), max_length=19, unique=True,
                            default=new_verification_code, editable=False)

    # Snapshot at issue (a name correction changes recipient_name and records an event).
    recipient_name = models.CharField(_("recipient name"), max_length=300)
    organisation_name = models.CharField(_("organisation"), max_length=300, blank=True)
    bootcamp_title = models.CharField(_("bootcamp"), max_length=255)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    completed = models.JSONField(_("what was completed"), default=list, blank=True)
    # Open Badges recipient identity: sha256(email + salt), the salt kept per certificate.
    recipient_email_hash = models.CharField(max_length=100, blank=True, editable=False)
    badge_salt = models.CharField(max_length=32, blank=True, editable=False)

    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Empty when issued automatically."),
    )
    override_reason = models.TextField(_("override reason"), blank=True)

    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.TextField(_("revocation reason"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    # Name of the rendered PDF in storages["private"] ("" until rendered, and again after a
    # revocation or name correction withdraws it). A plain name rather than a FileField: the
    # storage is looked up at each use, so deployments and tests can swap it in settings.
    pdf_name = models.CharField(max_length=200, blank=True, editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        constraints = [
            models.UniqueConstraint(
                fields=["bootcamp", "user"],
                condition=Q(kind="participant", revoked_at__isnull=True),
                name="certificate_one_valid_per_participant",
            ),
            models.UniqueConstraint(
                fields=["bootcamp", "organisation"],
                condition=Q(kind="organisation", revoked_at__isnull=True),
                name="certificate_one_valid_per_organisation",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="participant", user__isnull=False)
                    | Q(kind="organisation", organisation__isnull=False, user__isnull=True)
                ),
                name="certificate_has_recipient",
            ),
        ]
        indexes = [models.Index(fields=["bootcamp", "kind"])]

    def __str__(self) -> str:
        return f"{self.recipient_name} · {self.bootcamp_title} ({self.code})"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    def completed_sentences(self, titles: dict[int, str] | None = None) -> list[str]:
        """What was completed, in the active language (`titles`: {page id: translated
        title}, courses.translations.translated_titles)."""
        return completed_facts.sentences(self.completed, titles)


class CertificateEvent(models.Model):
    """The history of a certificate: issue, revocation, reinstatement, name correction."""

    class Action(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REVOKED = "revoked", _("Revoked")
        REINSTATED = "reinstated", _("Reinstated")
        NAME_CORRECTED = "name_corrected", _("Name corrected")

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(blank=True)
    old_value = models.CharField(max_length=300, blank=True)
    new_value = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d}"


def _rule_changed(sender, instance=None, **kwargs):
    """The dashboard reads the rule once per version of the bootcamp's tree
    (certificates.eligibility.cached_rule_for): a saved or deleted rule renews it."""
    tree_cache.bump_page_id(instance.bootcamp_id)


models.signals.post_save.connect(_rule_changed, sender=CertificateRule,
                                 dispatch_uid="certificates.rule_saved")
models.signals.post_delete.connect(_rule_changed, sender=CertificateRule,
                                   dispatch_uid="certificates.rule_deleted")
