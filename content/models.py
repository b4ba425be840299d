import copy
import time

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents.models import AbstractDocument
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from content.blocks import BaseStreamBlock
from lms.caching import no_store
from lms.roles import is_organiser, is_trainer, start_url

# Contributions to the home page's context from the apps above content: each hook takes
# `request` and returns a dict.
HOME_CONTEXT_HOOK = "content_home_context"


class HomePage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"], verbose_name=_("intro"))
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        """The way in for everyone: the bootcamps (open for applications first, with Apply
        and the deadline) and, for a signed-in user, their next step."""
        context = super().get_context(request, *args, **kwargs)
        # The apps above content add to the home page through this hook (courses: the
        # bootcamps and the next modules; organisations: applications in progress).
        for hook in hooks.get_hooks(HOME_CONTEXT_HOOK):
            context.update(hook(request=request) or {})
        user = request.user
        if user.is_authenticated and (is_trainer(user) or is_organiser(user)):
            context["staff_start_url"] = start_url(user)
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if request.user.is_authenticated:
            no_store(response)  # the next step is personal
        return response


class StandardPage(Page):
    introduction = models.TextField(blank=True, verbose_name=_("introduction"))
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["content.HomePage", "content.StandardPage"]
    subpage_types = ["content.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="site")
class SiteBranding(BaseSiteSetting):
    """Branding and footer, editable by organisers in Settings → Site branding."""

    site_name = models.CharField(_("site name"), max_length=100, default="Bootcamp LMS")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    footer_text = RichTextField(
        _("footer text"), blank=True, features=["bold", "italic", "link"]
    )

    panels = [
        FieldPanel("site_name"),
        FieldPanel("tagline"),
        FieldPanel("logo"),
        FieldPanel("contact_email"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("site branding")

    @cached_property
    def footer_html(self) -> str:
        """The footer text as the `richtext` filter renders it, once per remembered
        instance (for_request's copies share it) instead of once per page view."""
        # Imported here: the tag library loads models, which are not ready at import time.
        from wagtail.templatetags.wagtailcore_tags import richtext

        return richtext(self.footer_text) if self.footer_text else ""

    @classmethod
    def for_request(cls, request):
        """Wagtail's lookup, remembered per site by each worker for SITE_CACHE_SECONDS:
        every page's header and footer read it, and organisers change it rarely (saving it
        clears this worker at once, the others within that time)."""
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        seconds = float(getattr(settings, "SITE_CACHE_SECONDS", 60))
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        if seconds <= 0:
            return _in_language(super().for_request(request), {
                branding.language: branding
                for branding in BrandingTranslation.objects.filter(site=site)})
        now = time.monotonic()
        entry = _branding.get(site.pk)
        if entry is None or entry[0] <= now:
            branding = cls.for_site(site)
            branding.footer_html  # noqa: B018 (rendered once, into the shared instance)
            translations = {translated.language: translated
                            for translated in BrandingTranslation.objects.filter(site=site)}
            entry = _branding[site.pk] = (now + seconds, branding, translations)
        instance = _in_language(entry[1], entry[2])
        instance._request = request  # as Wagtail's own, for page URLs in settings
        setattr(request, attr_name, instance)
        return instance


# site id → (expires, SiteBranding, {language: BrandingTranslation}); see
# SiteBranding.for_request
_branding: dict[int, tuple[float, SiteBranding, dict]] = {}


@register_snippet
class BrandingTranslation(models.Model):
    """The site branding in another language (Snippets → Branding in other languages): the
    header and footer show it to readers of that language; empty fields keep the default."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("site"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    site_name = models.CharField(_("site name"), max_length=100, blank=True)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    footer_text = RichTextField(_("footer text"), blank=True, features=["bold", "italic", "link"])

    panels = [FieldPanel("site"), FieldPanel("language"), FieldPanel("site_name"),
              FieldPanel("tagline"), FieldPanel("footer_text")]
    TRANSLATED = ("site_name", "tagline", "footer_text")

    class Meta:
        verbose_name = _("branding in another language")
        verbose_name_plural = _("branding in other languages")
        constraints = [models.UniqueConstraint(fields=["site", "language"],
                                               name="branding_translation_once_per_language")]

    def __str__(self) -> str:
        return f"{self.site} ({self.get_language_display()})"


def _in_language(branding: SiteBranding, translations: dict) -> SiteBranding:
    """A copy of the branding with the reader's language's non-empty fields."""
    branding = copy.copy(branding)
    translated = translations.get((translation.get_language() or "").split("-")[0])
    for name in BrandingTranslation.TRANSLATED if translated is not None else ():
        if getattr(translated, name):
            setattr(branding, name, getattr(translated, name))
            if name == "footer_text":
                branding.__dict__.pop("footer_html", None)  # rendered from this one instead
    return branding


def forget_branding(**kwargs) -> None:
    _branding.clear()


models.signals.post_save.connect(forget_branding, sender=SiteBranding,
                                 dispatch_uid="content.branding_saved")
models.signals.post_delete.connect(forget_branding, sender=SiteBranding,
                                   dispatch_uid="content.branding_deleted")
models.signals.post_save.connect(forget_branding, sender=BrandingTranslation,
                                 dispatch_uid="content.branding_translation_saved")
models.signals.post_delete.connect(forget_branding, sender=BrandingTranslation,
                                   dispatch_uid="content.branding_translation_deleted")


def private_storage():
    return storages["private"]


class PrivateDocument(AbstractDocument):
    """Wagtail's document, kept in private storage (WAGTAILDOCS_DOCUMENT_MODEL).

    Lesson resources may be for a bootcamp's participants only, and Wagtail's own document
    lives in MEDIA_ROOT, which web servers publish as /media/ — a guessable file name would
    skip every check. Here the file is reachable only through Wagtail's serve view and its
    `before_serve_document` hooks (see courses.documents).
    """

    file = models.FileField(upload_to="documents", storage=private_storage, verbose_name=_("file"))

    admin_form_fields = ("title", "file", "collection", "tags")

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [("choose_document", "Can choose document")]
