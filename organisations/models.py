import calendar
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lms.roles import is_organiser


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organisations a user may see: their own (active membership); for a trainer also
        those enrolled in a bootcamp they train; all for organisers. Everything else is
        "not found" — a trainer of one bootcamp must not read another bootcamp's teams."""

        if not user.is_authenticated:
            return self.none()
        if is_organiser(user):
            return self
        # Subqueries rather than joins: no duplicate rows, no DISTINCT over the whole row.
        own = self.model.objects.filter(
            memberships__user=user, memberships__removed_at__isnull=True).values("pk")
        # Reverse lookups by name: this app sits below courses and must not import it.
        trained = self.model.objects.filter(enrollments__bootcamp__trainers=user).values("pk")
        return self.filter(Q(pk__in=own) | Q(pk__in=trained))


class Organisation(models.Model):
    """An NGO taking part in bootcamps through its staff (members)."""

    name = models.CharField(_("name"), max_length=200)
    registration_number = models.CharField(
        _("registration number"),
        max_length=40,
        blank=True,
        help_text=_("As used in India, e.g. the NGO Darpan ID."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    focus_areas = models.JSONField(_("focus areas"), default=list, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        constraints = [
            models.UniqueConstraint(
                "registration_number",
                condition=~Q(registration_number=""),
                name="organisation_registration_number_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(removed_at__isnull=True)

    def leads(self, organisation=None):
        """Active memberships with the lead role (of `organisation` when given): the one
        home of "who leads an organisation"."""
        leads = self.active().filter(role=Membership.Role.LEAD)
        return leads if organisation is None else leads.filter(organisation=organisation)


class Membership(models.Model):
    """A user's place in an organisation. Removal is a soft state (removed_at), never a delete."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        MEMBER = "member", _("Member")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "-role", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(removed_at__isnull=True),
                name="membership_one_active_per_user_and_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} ({self.get_role_display()})"

    @property
    def is_lead(self) -> bool:
        return self.role == self.Role.LEAD


# --- Applications, review and selection ---------------------------------------------------


class FocusArea(models.TextChoices):
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    LIVELIHOODS = "livelihoods", _("Livelihoods")
    WOMEN_AND_CHILDREN = "women_children", _("Women and children")
    DISASTER_RELIEF = "disaster_relief", _("Disaster relief")
    ENVIRONMENT = "environment", _("Environment")
    RIGHTS_AND_GOVERNANCE = "rights", _("Rights and governance")
    OTHER = "other", _("Other")


class BootcampSelectionSettings(models.Model):
    """Per-bootcamp settings of this app; its row is also the lock that serialises selection.

    Kept here (not on BootcampPage) so that the course tree's page model stays the courses
    app's; locking this row instead of the page row keeps Wagtail editing unaffected.
    """

    bootcamp = models.OneToOneField(
        "courses.BootcampPage", on_delete=models.CASCADE, related_name="selection_settings",
        verbose_name=_("bootcamp"),
    )
    licence_months = models.PositiveSmallIntegerField(
        _("software licence length (months)"), default=6
    )
    messaging_credits = models.PositiveIntegerField(
        _("messaging credits granted"), default=100_000
    )

    class Meta:
        verbose_name = _("bootcamp selection settings")
        verbose_name_plural = _("bootcamp selection settings")

    def __str__(self) -> str:
        return str(self.bootcamp)


class SelectionCriterion(models.Model):
    """A published criterion reviewers score applications against (0..max_score)."""

    bootcamp = models.ForeignKey(
        "courses.BootcampPage", on_delete=models.CASCADE, related_name="selection_criteria_items",
        verbose_name=_("bootcamp"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=5)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["bootcamp", "sort_order", "pk"]
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")

    def __str__(self) -> str:
        return self.title


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organisers see every application; applicants see theirs and their organisations'."""

        if not user.is_authenticated:
            return self.none()
        if is_organiser(user):
            return self
        return self.filter(
            Q(applicant=user)
            | Q(organisation__memberships__user=user,
                organisation__memberships__removed_at__isnull=True)
        ).distinct()

    def active(self):
        """Applications that block another one for the same organisation (all but withdrawn)."""
        return self.exclude(status=Application.Status.WITHDRAWN)


class Application(models.Model):
    """An organisation's answers for one bootcamp and where it stands in selection.

    Status only changes through organisations.services (never via a form), which also
    records an ApplicationEvent for every change.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        SELECTED = "selected", _("Selected")
        WAITLISTED = "waitlisted", _("Waitlisted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    bootcamp = models.ForeignKey(
        "courses.BootcampPage", on_delete=models.PROTECT, related_name="applications",
        verbose_name=_("bootcamp"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications",
        verbose_name=_("applicant"),
    )
    # Set on submission: the organisation found by registration number or created for it.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True,
        related_name="applications", verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )

    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    registration_number = models.CharField(
        _("registration number"), max_length=40, blank=True,
        help_text=_("As used in India, e.g. your NGO Darpan ID (like MH/2017/0123456)."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    focus_areas = models.JSONField(_("focus areas"), default=list, blank=True)
    staff_count = models.PositiveIntegerField(_("staff"), null=True, blank=True)
    volunteer_count = models.PositiveIntegerField(_("volunteers"), null=True, blank=True)
    current_channels = models.TextField(
        _("how you already use WhatsApp or helplines"), blank=True, max_length=4000
    )
    plans = models.TextField(_("what you want to build"), blank=True, max_length=4000)
    # [{"name": ..., "email": ...}] — colleagues besides the applicant (who takes one seat).
    team = models.JSONField(_("team members"), default=list, blank=True)
    consent = models.BooleanField(_("consent"), default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # Waitlist order: the first waitlisted is the first offered a freed seat.
    waitlisted_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("application")
        constraints = [
            models.UniqueConstraint(
                fields=["bootcamp", "applicant"],
                condition=~Q(status="withdrawn"),
                name="application_one_active_per_applicant",
            ),
            models.UniqueConstraint(
                fields=["bootcamp", "registration_number"],
                condition=~Q(status="withdrawn") & ~Q(registration_number=""),
                name="application_one_active_per_registration_number",
            ),
            models.UniqueConstraint(
                fields=["bootcamp", "organisation"],
                condition=~Q(status="withdrawn") & Q(organisation__isnull=False),
                name="application_one_active_per_organisation",
            ),
        ]
        indexes = [models.Index(fields=["bootcamp", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation_name or _('(unnamed)')} → {self.bootcamp}"

    # How long after submission the receipt still says "a confirmation email is on its
    # way": a month later that sentence is stale.
    RECEIPT_EMAIL_NOTE_FOR = timedelta(hours=24)

    PENDING_STATUSES = ("submitted", "shortlisted", "waitlisted")

    @property
    def recently_submitted(self) -> bool:
        return bool(self.submitted_at) and (
            timezone.now() - self.submitted_at < self.RECEIPT_EMAIL_NOTE_FOR)

    @property
    def is_pending(self) -> bool:
        """Submitted and not decided yet (waitlisted counts: a seat may still come)."""
        return self.status in self.PENDING_STATUSES

    def withdrawal_refusal(self, user, *, today=None) -> str | None:
        """Why `user` may not withdraw this application, or None when they may.

        The decision (see README, "Withdrawing"): the applicant or the organisation's lead
        may withdraw until the bootcamp starts. A *selected* application ends the whole
        organisation's enrollment and gives its seat to the waitlist, so it needs the
        confirmation page; once the first day has come (in the bootcamp's zone) withdrawing
        is refused here and is the organisers' business (they remove people from rosters).
        """
        if self.status in (self.Status.DRAFT, self.Status.WITHDRAWN, self.Status.REJECTED):
            return gettext("This application can no longer be withdrawn.")
        is_lead = Membership.objects.active().filter(
            organisation_id=self.organisation_id, user_id=user.pk, role=Membership.Role.LEAD
        ).exists() if self.organisation_id else False
        if self.applicant_id != user.pk and not is_lead:
            return gettext("Only the applicant or the organisation's lead can withdraw it.")
        if self.status == self.Status.SELECTED:
            bootcamp = self.bootcamp.specific
            today = today or timezone.localdate(timezone.now(), bootcamp.tz)
            if bootcamp.start_date and today >= bootcamp.start_date:
                return gettext("The bootcamp has started: a selected organisation can no "
                               "longer withdraw itself. Please write to the organisers.")
        return None

    def can_be_withdrawn_by(self, user, *, today=None) -> bool:
        return self.withdrawal_refusal(user, today=today) is None

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def focus_area_labels(self) -> list[str]:
        labels = dict(FocusArea.choices)
        return [str(labels.get(value, value)) for value in self.focus_areas]


class ApplicationScore(models.Model):
    """One reviewer's score of one application on one criterion (reviewer-visible only)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        SelectionCriterion, on_delete=models.CASCADE, related_name="scores"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion", "reviewer"], name="application_score_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class ReviewNote(models.Model):
    """A reviewer's note on an application; never shown to applicants."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


class ApplicationEvent(models.Model):
    """Audit trail: who changed what on an application, and when."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    detail = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}→{self.to_status}"

    # Actions are recorded as plain words (services._record); staff pages show these labels.
    ACTION_LABELS = {
        "draft saved": _("Draft saved"), "scored": _("Scores recorded"),
        "promotion failed": _("Promotion from the waitlist failed"),
    }

    def action_label(self) -> str:
        if self.action in self.ACTION_LABELS:
            return str(self.ACTION_LABELS[self.action])
        return self.status_label(self.action)

    @staticmethod
    def status_label(value: str) -> str:
        """An application status's human label; any other value (old records) as it is."""
        return str(dict(Application.Status.choices).get(value, value))

    def from_status_label(self) -> str:
        return self.status_label(self.from_status)

    def to_status_label(self) -> str:
        return self.status_label(self.to_status)


# --- Teams ----------------------------------------------------------------------------------


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A single-use, expiring invitation to join an organisation.

    Only a hash of the token is stored, so a database leak does not hand out memberships.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"


# --- Perks ----------------------------------------------------------------------------------

# A licence ending within this many days is "expiring": the organisers' perk list and the
# dashboards flag it (Perk.licence_expiring, PerkQuerySet.with_status).
LICENCE_WARNING_DAYS = 30

# The SQL form of Perk.missing(): something promised that has not been provisioned yet.
PERK_MISSING = (Q(helpline_number="") | Q(helpline_provisioned_on__isnull=True)
                | Q(licence_starts_on__isnull=True))


def licence_expiring_q(today) -> Q:
    """The SQL form of Perk.licence_expiring(today)."""
    return Q(licence_ends_on__gte=today,
             licence_ends_on__lte=today + timedelta(days=LICENCE_WARNING_DAYS))


class PerkQuerySet(models.QuerySet):
    def missing(self):
        """Perks with something not provisioned yet (Perk.missing() is not empty)."""
        return self.filter(PERK_MISSING)

    def licence_expiring(self, today=None):
        """Perks whose licence ends within LICENCE_WARNING_DAYS of `today`."""
        return self.filter(licence_expiring_q(today or timezone.localdate()))

    def with_status(self, today=None):
        """Each perk annotated `is_missing` and `is_expiring` (True/False, never NULL, so
        ordering by them puts what needs action first on every database)."""
        today = today or timezone.localdate()
        return self.annotate(
            is_missing=Case(When(PERK_MISSING, then=Value(True)), default=Value(False),
                            output_field=BooleanField()),
            is_expiring=Case(When(licence_expiring_q(today), then=Value(True)),
                             default=Value(False), output_field=BooleanField()),
        )

    def visible_to(self, user):
        """Organisers see all perks; an organisation's lead sees its own."""

        if not user.is_authenticated:
            return self.none()
        if is_organiser(user):
            return self
        return self.filter(
            organisation__memberships__user=user,
            organisation__memberships__removed_at__isnull=True,
            organisation__memberships__role=Membership.Role.LEAD,
        ).distinct()


class Perk(models.Model):
    """What was promised to a selected organisation for one bootcamp, as organisers track it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="perks")
    bootcamp = models.ForeignKey(
        "courses.BootcampPage", on_delete=models.CASCADE, related_name="perks",
        verbose_name=_("bootcamp"),
    )
    helpline_number = models.CharField(_("helpline number"), max_length=20, blank=True)
    helpline_provisioned_on = models.DateField(_("helpline provisioned on"), null=True, blank=True)
    licence_starts_on = models.DateField(_("licence starts"), null=True, blank=True)
    licence_ends_on = models.DateField(
        _("licence ends"), null=True, blank=True,
        help_text=_("Set from the start and the bootcamp's licence length."),
    )
    credits_granted = models.PositiveIntegerField(_("messaging credits granted"), default=100_000)
    credits_used = models.PositiveIntegerField(_("messaging credits used"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PerkQuerySet.as_manager()

    class Meta:
        ordering = ["bootcamp", "organisation__name"]
        verbose_name = _("perk")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "bootcamp"], name="perk_one_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.bootcamp}"

    def save(self, *args, **kwargs):
        if self.licence_starts_on is not None:
            self.licence_ends_on = licence_end(
                self.licence_starts_on, licence_months_for(self.bootcamp_id)
            )
        super().save(*args, **kwargs)

    def missing(self) -> list[str]:
        """What has not been provisioned yet (labels for organisers); the SQL form is
        PERK_MISSING."""
        gaps = []
        if not self.helpline_number or not self.helpline_provisioned_on:
            gaps.append(str(_("helpline number")))
        if not self.licence_starts_on:
            gaps.append(str(_("software licence")))
        return gaps

    def licence_expiring(self, today=None) -> bool:
        """The licence ends within LICENCE_WARNING_DAYS (the Python form of
        PerkQuerySet.licence_expiring, for one perk already loaded)."""
        if self.licence_ends_on is None:
            return False
        today = today or timezone.localdate()
        return today <= self.licence_ends_on <= today + timedelta(days=LICENCE_WARNING_DAYS)


def licence_months_for(bootcamp_id) -> int:
    setting = BootcampSelectionSettings.objects.filter(bootcamp_id=bootcamp_id).first()
    return setting.licence_months if setting else 6


def licence_end(start, months: int):
    """start + N calendar months, clamped to the month's last day (31 Aug + 6 → 28/29 Feb)."""

    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return start.replace(year=year, month=month,
                         day=min(start.day, calendar.monthrange(year, month)[1]))
