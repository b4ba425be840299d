"""The course tree (bootcamp → stage → module / live session) and who takes part in it."""

import zoneinfo
from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q, Subquery
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from content.blocks import BaseStreamBlock
from courses import tree_cache
from courses.blocks import ModuleStreamBlock
from courses.forms import BootcampDateTimeField
from courses.registration import describe_time_left, registration_window
from courses.session_panels import session_panels
from courses.translations import translated_titles
from lms import page_languages
from lms.caching import no_store
from lms.roles import is_organiser

# How apps (courses' own read-model included) add to the course pages without the page
# models importing them (no import cycle; see tests/lms/test_dependency_direction.py):
# "courses_page_context": fn(*, page, request, context) -> dict | None, merged into the
# context of a bootcamp page and of every page below it that people may see. A page type
# that handles a form (AssignmentPage) serves it itself: RestrictedToParticipantsMixin's
# `serve_content`, as Wagtail's AbstractForm.serve.
PAGE_CONTEXT_HOOK = "courses_page_context"
# What the participant dashboard shows besides the course progress (e.g. applications).
DASHBOARD_CONTEXT_HOOK = "courses_dashboard_context"

# The lesson block whose content is per participant (courses.knowledge_checks; the
# quizzes app's context shows it): not part of the body rendered once for everyone.
KNOWLEDGE_CHECK_BLOCK = "knowledge_check"

# Minutes before a live session starts from which participants see its join link.
JOIN_OPENS_MINUTES_BEFORE = 30

DEFAULT_TIME_ZONE = "Asia/Kolkata"

# What a translation (wagtail-localize) keeps from its source instead of translating: where
# the page is (participants only use the source's URL, lms.page_languages) and, for a
# bootcamp, its time zone.
SYNCHRONISED_IN_TRANSLATIONS = [SynchronizedField("slug")]
http_url = URLValidator(schemes=["http", "https"])


def validate_time_zone(value: str) -> None:
    # Validated rather than stored as choices: the zone list comes from tzdata and differs
    # between machines, which would make migrations differ too.
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


def time_zone_choices() -> list[tuple[str, str]]:
    return sorted((name, name) for name in zoneinfo.available_timezones())


class OneQueryViewRestrictionsMixin:
    """Wagtail's privacy check in one query instead of two (it is asked on every page)."""

    def get_view_restrictions(self):
        steplen = Page.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        # As Wagtail's own: an alias page (here or above) is restricted as its source is.
        sources = Page.objects.filter(path__in=paths, alias_of__isnull=False).values("alias_of")
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True)
            | Q(page_id__in=Subquery(sources)))


class BootcampIndexPage(OneQueryViewRestrictionsMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["courses.BootcampPage"]
    # One per language tree: the translations are BootcampIndexPages too.
    max_count_per_parent = 1
    override_translatable_fields = SYNCHRONISED_IN_TRANSLATIONS

    class Meta:
        verbose_name = _("bootcamps index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The listing: courses/wagtail_hooks.py.
        contribute_context(page=self, request=request, context=context)
        return context


class BootcampPageQuerySet(PageQuerySet):
    def visible_to(self, user):
        """Bootcamps whose content (everything below the public overview) the user may see:
        participants on an active roster of an active enrollment, the bootcamp's trainers and
        organisers. This is the one home of the course access rule."""

        if not user.is_authenticated:
            return self.none()
        if is_organiser(user):
            return self
        on_roster = RosterMember.objects.active().filter(user=user).values("bootcamp_id")
        return self.filter(Q(pk__in=on_roster) | Q(trainers=user)).distinct()

    def of(self, page: Page, *, inclusive: bool = False) -> "BootcampPage | None":
        """The bootcamp a page belongs to (the one home of "bootcamp of a page"); with
        `inclusive`, a bootcamp page is its own. None for pages outside any bootcamp.
        A translation belongs to its source's bootcamp: that one holds the roster, the
        trainers and every record (lms.page_languages)."""
        bootcamp = self.ancestor_of(page, inclusive=inclusive).first()
        return bootcamp.original() if bootcamp is not None else None

    def originals(self):
        """Bootcamps in the source language: not their translations, which are pages of
        other language trees and own no enrollments nor records."""
        return page_languages.in_source_language(self)

    def trained_by(self, user):
        """The bootcamps `user` trains (the one home of "trainer of")."""
        if not user.is_authenticated:
            return self.none()
        return self.originals().filter(trainers=user)


BootcampPageManager = PageManager.from_queryset(BootcampPageQuerySet)


class BootcampPage(OneQueryViewRestrictionsMixin, Page):
    summary = models.TextField(_("summary"), blank=True)
    overview = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("public overview"))
    start_date = models.DateField(_("first day"), null=True, blank=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_('"Closes at midnight on 30 July" means 30 July, 23:59:59.'),
    )
    capacity = models.PositiveIntegerField(_("capacity (organisations)"), default=100)
    seats_per_organisation = models.PositiveSmallIntegerField(
        _("seats per organisation"), default=5
    )
    selection_criteria = RichTextField(_("selection criteria"), blank=True)
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="trained_bootcamps",
        verbose_name=_("trainers"),
    )
    # Where the bootcamp's documents and images go: its trainers may choose and upload there
    # only (courses.services.sync_trainer_edit_rights creates it). Not part of the content:
    # copies get their own, and publishing an older revision keeps the current one.
    documents_collection = models.ForeignKey(
        "wagtailcore.Collection", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+", verbose_name=_("documents collection"),
    )
    exclude_fields_in_copy = ["documents_collection", "tree_version"]
    # Bumped whenever a page of this bootcamp's tree is saved, published, unpublished,
    # moved or deleted (courses.tree_cache): what is the same for every participant (the
    # outline, the sessions, the required modules) is computed once per value. Not content:
    # revisions never carry it back.
    tree_version = models.PositiveBigIntegerField(default=0, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("time_zone", widget=forms.Select(choices=time_zone_choices)),
            ],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("seats_per_organisation")]),
                FieldPanel("selection_criteria"),
            ],
            heading=_("Registration and selection"),
        ),
        FieldPanel("trainers"),
        FieldPanel("overview"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    override_translatable_fields = [*SYNCHRONISED_IN_TRANSLATIONS, SynchronizedField("time_zone")]
    parent_page_types = ["courses.BootcampIndexPage"]
    subpage_types = ["courses.StagePage"]
    # The explorer lists children in tree order (stages Pre-event → Follow-up, lessons as
    # the trainer placed them), not by last update.
    admin_default_ordering = "ord"

    objects = BootcampPageManager()

    class Meta:
        verbose_name = _("bootcamp")

    def original(self) -> "BootcampPage":
        """This bootcamp in the source language (itself, unless it is a translation)."""
        source_locale = page_languages.locale_id(page_languages.source_language())
        if self.locale_id == source_locale:
            return self
        return (BootcampPage.objects.filter(translation_key=self.translation_key,
                                            locale_id=source_locale).first() or self)

    def with_content_json(self, content):
        page = super().with_content_json(content)
        page.documents_collection_id = self.documents_collection_id
        page.tree_version = self.tree_version
        return page

    def can_view_content(self, user) -> bool:
        """Whether the user may see the stages, modules and sessions (cached per request).

        The same rule as `visible_to`, asked in the order that costs a participant (nearly
        everyone on the live day) one small query, which `is_participant` then reuses.
        """
        if not user.is_authenticated:
            return False
        cache = user.__dict__.setdefault("_bootcamp_access", {})
        if self.pk not in cache:
            participant = self._on_roster(user)
            user.__dict__.setdefault("_bootcamp_participant", {})[self.pk] = participant
            cache[self.pk] = participant or (
                BootcampPage.objects.visible_to(user).filter(pk=self.pk).exists())
        return cache[self.pk]

    def is_trainer(self, user) -> bool:
        """Whether the user is one of this bootcamp's trainers."""
        return user.is_authenticated and user.pk in self.trainer_ids()

    def trainer_ids(self) -> frozenset[int]:
        """The trainers' user ids, once per version of the tree (the trainers are saved
        with the page, which renews the version)."""

        def read() -> frozenset[int]:
            return frozenset(self.trainers.values_list("pk", flat=True))

        if "trainers" in getattr(self, "_cluster_related_objects", {}):
            return read()  # changed in memory, not saved yet: not the tree's version
        return tree_cache.remembered(("trainer_ids",), self, read)

    def is_participant(self, user) -> bool:
        """Whether the user takes part (is on an active roster), as opposed to staff access.
        Asked once per request object (can_view_content asks it too)."""
        if not user.is_authenticated:
            return False
        known = user.__dict__.setdefault("_bootcamp_participant", {})
        if self.pk not in known:
            known[self.pk] = self._on_roster(user)
        return known[self.pk]

    def _on_roster(self, user) -> bool:
        return RosterMember.objects.active().filter(bootcamp_id=self.pk, user=user).exists()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        window = registration_window(self)
        context["registration"] = window
        context["registration_time_left"] = describe_time_left(window.time_left)
        context["can_view_content"] = self.can_view_content(request.user)
        # The outline and the participant's ticks (courses/wagtail_hooks.py, only for those
        # who may see the content), the visitor's applications (organisations/wagtail_hooks.py).
        contribute_context(page=self, request=request, context=context)
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if request.user.is_authenticated:
            # What the page shows depends on who asks (ticks, sessions): never share it.
            no_store(response)
        return response

    def descendant_urls(self) -> dict[int, str]:
        """{page id: URL} of every live page below this bootcamp, in one query: the
        dashboard links every module, session and assignment it names without loading
        each page."""
        base = self.url
        if base is None:
            return {}
        prefix = len(self.url_path)
        # The same for everyone: once per version of the tree (shared: read-only).
        return tree_cache.remembered(("descendant_urls", base), self, lambda: {
            pk: base + url_path[prefix:]
            for pk, url_path in Page.objects.live().descendant_of(self)
            .values_list("pk", "url_path")
        })

    def cached_work_sequence(self) -> list[dict]:
        """work_sequence() once per version of the tree (shared: read-only)."""
        return tree_cache.remembered(("work_sequence", translation.get_language()), self,
                                     self.work_sequence)

    def work_sequence(self) -> list[dict]:
        """The live pages a participant works through, in course order across stages:
        everything directly below a stage except live sessions (modules, assignments).
        One query; each item has pk, title, url and verbose_name (its kind)."""

        base = self.url or ""
        prefix = len(self.url_path)
        rows = (
            Page.objects.live().descendant_of(self).filter(depth=self.depth + 2)
            .not_type(LiveSessionPage).order_by("path")
            .values("pk", "title", "url_path", "content_type_id")
        )
        items = []
        titles = translated_titles(bootcamp=self)
        for row in rows:
            model = ContentType.objects.get_for_id(row["content_type_id"]).model_class()
            items.append({"pk": row["pk"], "title": titles.get(row["pk"], row["title"]),
                          "url": base + row["url_path"][prefix:],
                          "kind": model._meta.verbose_name if model else ""})
        return items

    def neighbours_of(self, page) -> tuple[dict | None, dict | None]:
        """The items before and after `page` in `work_sequence` (module and assignment pages
        link to them); (None, None) for a page not in it."""
        sequence = self.cached_work_sequence()
        index = next((i for i, item in enumerate(sequence) if item["pk"] == page.pk), None)
        if index is None:
            return None, None
        previous = sequence[index - 1] if index > 0 else None
        following = sequence[index + 1] if index + 1 < len(sequence) else None
        return previous, following

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local(self, moment: datetime) -> datetime:
        """A stored (UTC) moment in the bootcamp's own zone, for display."""
        return timezone.localtime(moment, self.tz)


def contribute_context(*, page, request, context: dict) -> None:
    """Merge every "courses_page_context" hook's contribution into `context`."""
    for hook in hooks.get_hooks(PAGE_CONTEXT_HOOK):
        context.update(hook(page=page, request=request, context=context) or {})


class RestrictedToParticipantsMixin(OneQueryViewRestrictionsMixin):
    """Pages below a bootcamp: only for those `BootcampPage.can_view_content` lets in.

    Anonymous visitors get the sign-in page; signed-in outsiders a 403 page saying the
    bootcamp is for selected organisations. Never cached by shared caches.
    """

    override_translatable_fields = SYNCHRONISED_IN_TRANSLATIONS

    # Relations read into the page's shared copy in the tree cache (every visitor sees them).
    tree_cache_prefetch: tuple[str, ...] = ()

    @classmethod
    def load_for_route(cls, page_id: int) -> "Page | None":
        """The page for serving, from its bootcamp's tree cache (lms.routing and the
        participants' views ask): one query instead of three. Only this serving copy reads
        privacy settings and its rendered body from the cache too; the admin and previews
        load pages as usual. Callers check `live`."""
        page = tree_cache.page_below_bootcamp(cls, page_id)
        if page is not None and page._bootcamp is not None:
            page._from_tree_cache = True
        return page

    def get_bootcamp(self) -> "BootcampPage | None":
        if not hasattr(self, "_bootcamp"):
            self._bootcamp = BootcampPage.objects.of(self)
        return self._bootcamp

    def get_view_restrictions(self):
        if not getattr(self, "_from_tree_cache", False):
            return super().get_view_restrictions()
        # Wagtail asks on every page view; restrictions change the tree version
        # (courses.tree_cache), so the answer is the same for everyone until then.
        return tree_cache.remembered(
            ("view_restrictions", self.pk), self._bootcamp,
            lambda: list(super(RestrictedToParticipantsMixin, self).get_view_restrictions()))

    def serve(self, request, *args, **kwargs):
        bootcamp = self.get_bootcamp()
        if bootcamp is None or not bootcamp.can_view_content(request.user):
            if not request.user.is_authenticated:
                response = redirect_to_login(request.get_full_path())
            else:
                response = TemplateResponse(
                    request, "courses/restricted.html",
                    {"bootcamp": bootcamp, "page": self}, status=403,
                )
        else:
            response = self.serve_content(request, *args, **kwargs)
        return no_store(response)

    def serve_content(self, request, *args, **kwargs):
        """The page for someone past the gate. A page type with a form (AssignmentPage)
        overrides this to handle its GET and POST, as Wagtail's AbstractForm.serve does."""
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["bootcamp"] = self.get_bootcamp()
        contribute_context(page=self, request=request, context=context)
        return context


class StagePage(RestrictedToParticipantsMixin, Page):
    class Kind(models.TextChoices):
        PRE_EVENT = "pre_event", _("Pre-event work")
        LIVE_DAY = "live_day", _("Live day")
        FOLLOW_UP = "follow_up", _("Follow-up")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    start_date = models.DateField(_("starts"), null=True, blank=True)
    end_date = models.DateField(_("ends"), null=True, blank=True)
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("intro"),
    ]
    parent_page_types = ["courses.BootcampPage"]
    subpage_types = ["courses.ModulePage", "courses.LiveSessionPage", "assignments.AssignmentPage"]
    # The explorer lists children in tree order (stages Pre-event → Follow-up, lessons as
    # the trainer placed them), not by last update.
    admin_default_ordering = "ord"

    class Meta:
        verbose_name = _("stage")



# A module's preview mode showing its lesson as WhatsApp messages: a hook taking
# (module, request) and returning the response (notifications/wagtail_hooks.py).
CHAT_PREVIEW_HOOK = "render_module_chat_preview"
CHAT_PREVIEW_MODE = "chat"


class ModulePage(RestrictedToParticipantsMixin, Page):
    body = StreamField(ModuleStreamBlock(), blank=True, verbose_name=_("lesson"))
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)
    required = models.BooleanField(
        _("required"), default=True, help_text=_("Required modules count towards completion.")
    )
    # Settings of the module's knowledge check (courses.knowledge_checks); attempts and the
    # completion gate are the quizzes app's.
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("With a knowledge check: the share of right answers needed to complete "
                    "the module. Empty: answering completes it, whatever the score."),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("How many times a participant may answer the knowledge check. "
                    "Empty: no limit."),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("estimated_minutes"), FieldPanel("required")]),
        FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("max_attempts")],
                      heading=_("Knowledge check")),
        FieldPanel("body"),
    ]
    # The lesson body stays out of the search index: there is no public search, and an index
    # holding restricted text is one query away from leaking it.
    search_fields = list(Page.search_fields)
    parent_page_types = ["courses.StagePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("module")

    @property
    def preview_modes(self):
        # "WhatsApp chat": the lesson as the chat sends it. That is drawn by the app that
        # registered the hook (notifications, which courses may not import).
        modes = [("", _("Lesson"))]
        if hooks.get_hooks(CHAT_PREVIEW_HOOK):
            modes.append((CHAT_PREVIEW_MODE, _("WhatsApp chat")))
        return modes

    def serve_preview(self, request, mode_name):
        if mode_name == CHAT_PREVIEW_MODE:
            for render_chat in hooks.get_hooks(CHAT_PREVIEW_HOOK):
                return render_chat(self, request)
        return super().serve_preview(request, mode_name)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        context["is_participant"] = context["bootcamp"].is_participant(user)
        context["completed"] = ModuleCompletion.objects.filter(user=user, module=self).exists()
        context["previous_item"], context["next_item"] = self.neighbours()
        context["body_html"], context["body_after_check_html"] = self.rendered_body()
        return context

    def rendered_body(self) -> tuple[str, str]:
        """The lesson's HTML before and after its knowledge check. The same for every
        participant: rendered once per version of the bootcamp's tree (publishing a
        revision renews it) and language, for the copy being served (lms.routing). Previews
        and drafts are always rendered afresh. The check itself differs per participant
        (their attempts): the page template places it between the two parts, from the
        "knowledge_check" context the quizzes app contributes."""

        def render() -> tuple[str, str]:
            before: list[str] = []
            after: list[str] = []
            current = before
            for block in self.body:
                if block.block_type == KNOWLEDGE_CHECK_BLOCK:
                    current = after
                    continue
                current.append(str(block.render()))
            return mark_safe("".join(before)), mark_safe("".join(after))  # noqa: S308

        if not getattr(self, "_from_tree_cache", False) or not self.live:
            return render()
        return tree_cache.remembered(
            ("body", self.pk, self.live_revision_id, translation.get_language()),
            self._bootcamp, render)

    def neighbours(self) -> tuple[dict | None, dict | None]:
        """The previous and next module or assignment in the bootcamp (across stages)."""
        bootcamp = self.get_bootcamp()
        return bootcamp.neighbours_of(self) if bootcamp else (None, None)


class BootcampTimesPageForm(WagtailAdminPageForm):
    """The admin form of a page below a bootcamp whose `bootcamp_time_fields` are typed in
    the bootcamp's time zone (named in each field's help text) and stored in UTC, whatever
    the editor's or the server's zone. Live sessions and assignments both use it."""

    bootcamp_time_fields: tuple[str, ...] = ()
    bootcamp_time_help = _("Time in %(zone)s.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anchor = self.instance if self.instance.pk else self.parent_page
        bootcamp = (BootcampPage.objects.of(anchor, inclusive=True)
                    if anchor is not None else None)
        self.bootcamp_time_zone = bootcamp.tz if bootcamp else zoneinfo.ZoneInfo(
            DEFAULT_TIME_ZONE
        )
        for name in self.bootcamp_time_fields:
            old = self.fields[name]
            self.fields[name] = BootcampDateTimeField(
                label=old.label, required=old.required, widget=old.widget,
                tz=self.bootcamp_time_zone,
                help_text=self.bootcamp_time_help % {"zone": self.bootcamp_time_zone.key},
            )
            value = getattr(self.instance, name, None)
            if value is not None and not self.is_bound:
                self.initial[name] = timezone.localtime(value, self.bootcamp_time_zone).replace(
                    tzinfo=None
                )


class LiveSessionPageForm(BootcampTimesPageForm):
    bootcamp_time_fields = ("starts_at", "ends_at")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session must end after it starts."))
        return cleaned


class LiveSessionPage(RestrictedToParticipantsMixin, Page):
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    agenda = RichTextField(_("agenda"), blank=True)
    join_url = models.URLField(_("join link"), blank=True, validators=[http_url])
    recording_url = models.URLField(_("recording link"), blank=True, validators=[http_url])
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="live_sessions",
        verbose_name=_("trainers"),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("trainers"),
        FieldPanel("agenda"),
        FieldPanel("join_url"),
        FieldPanel("recording_url"),
    ]
    base_form_class = LiveSessionPageForm
    tree_cache_prefetch = ("trainers",)
    parent_page_types = ["courses.StagePage"]
    subpage_types: list[str] = []
    search_fields = list(Page.search_fields)

    class Meta:
        verbose_name = _("live session")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="live_session_ends_after_start"
            )
        ]

    def is_trainer(self, user) -> bool:
        """Whether the user trains this session (its trainers are read into the copy the
        tree cache serves: no query there)."""
        return user.is_authenticated and any(t.pk == user.pk for t in self.trainers.all())

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def join_opens_at(self) -> datetime:
        return self.starts_at - timedelta(minutes=JOIN_OPENS_MINUTES_BEFORE)

    def join_link_open(self, now: datetime | None = None) -> bool:
        """From 30 minutes before the start until the end."""
        now = now or timezone.now()
        return bool(self.join_url) and self.join_opens_at <= now < self.ends_at

    def has_ended(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.ends_at

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        bootcamp = context["bootcamp"]
        now = timezone.now()
        # Only participants get the link (trainers have theirs from the video-call tool).
        context["show_join_link"] = (
            self.join_link_open(now) and bootcamp.is_participant(request.user)
        )
        context["has_ended"] = self.has_ended(now)
        context["panels"] = session_panels(user=request.user, session=self, bootcamp=bootcamp)
        return context


class Enrollment(models.Model):
    """An organisation taking part in a bootcamp (created when its application is selected)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="enrollments"
    )
    bootcamp = models.ForeignKey(
        BootcampPage, on_delete=models.CASCADE, related_name="enrollments"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "bootcamp"], name="enrollment_one_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.bootcamp}"


class RosterMemberQuerySet(models.QuerySet):
    def active(self):
        """Who takes part: places not removed, of an enrollment still active. The one home
        of the rule; access, certificates, reminders and counts all use it."""
        return self.placed().filter(enrollment__status=Enrollment.Status.ACTIVE)

    def placed(self):
        """Places not removed, whatever the enrollment's status: what the database's
        one-place-per-bootcamp constraint and the seats per organisation count, and what a
        (possibly withdrawn) enrollment's own row on the dashboard shows. Not "taking part":
        use active() for that."""
        return self.filter(removed_at__isnull=True)


class RosterMember(models.Model):
    """A participant on an enrollment's roster. Removal is a soft state, never a delete."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="roster")
    # Denormalised from the enrollment so the database can hold "one roster per person per
    # bootcamp" as a constraint.
    bootcamp = models.ForeignKey(BootcampPage, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roster_entries"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = RosterMemberQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bootcamp", "user"],
                condition=Q(removed_at__isnull=True),
                name="roster_one_active_place_per_bootcamp",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.enrollment})"


class ModuleCompletion(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_completions"
    )
    module = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="module_completion_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} completed {self.module_id}"
