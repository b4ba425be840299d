from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organisations a user may see: their own (active membership); all for staff roles."""
        from lms.roles import is_organiser, is_trainer

        if not user.is_authenticated:
            return self.none()
        if is_organiser(user) or is_trainer(user):
            return self
        return self.filter(
            memberships__user=user, memberships__removed_at__isnull=True
        ).distinct()


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
