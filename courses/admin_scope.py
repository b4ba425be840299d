"""Which parts of the page tree a person reaches in the Wagtail admin.

Trainers work in their own bootcamps only. The generic Trainers group keeps "add page" at the
root (so a trainer can draft a new bootcamp), and Wagtail inherits permissions down the tree:
by Wagtail's rules alone a trainer would browse, search, choose, add to, move into and copy
into every bootcamp. The rule here is the one place that says otherwise: a bootcamp is in
reach when the person may edit it (its trainers' group, organisers, superusers, the owner of
a draft bootcamp); pages outside any bootcamp (home, the bootcamp index) follow Wagtail's own
rules. Organisers and superusers may edit every bootcamp, so nothing is hidden from them.
"""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from courses.models import BootcampPage


def bootcamp_of(page: Page) -> BootcampPage | None:
    """The bootcamp the page belongs to (the bootcamp itself included), if any."""
    return BootcampPage.objects.of(page, inclusive=True)


def may_edit_bootcamp(user, bootcamp: BootcampPage) -> bool:
    """Wagtail's PagePermissionTester.can_edit without its workflow clause (whoever may act
    on the page's current moderation task): that clause costs a query per bootcamp, and the
    approvers are organisers, who may change every page anyway."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    actions = bootcamp.permissions_for_user(user).permissions  # cached per user
    return "change" in actions or ("add" in actions and bootcamp.owner_id == user.pk)


def is_within_reach(user, page: Page) -> bool:
    """Whether the page is outside every bootcamp or inside one the user may edit."""
    bootcamp = bootcamp_of(page)
    return bootcamp is None or may_edit_bootcamp(user, bootcamp)


def bootcamps_out_of_reach(user) -> list[BootcampPage]:
    """Bootcamps the user may not edit (cached on the user object, i.e. per request)."""
    cached = user.__dict__.get("_bootcamps_out_of_reach")
    if cached is None:
        bootcamps = BootcampPage.objects.defer_streamfields()
        cached = [bootcamp for bootcamp in bootcamps if not may_edit_bootcamp(user, bootcamp)]
        user.__dict__["_bootcamps_out_of_reach"] = cached
    return cached


def within_reach(pages: QuerySet, user) -> QuerySet:
    """The pages of `pages` that are not in (nor are) a bootcamp out of the user's reach."""
    hidden = bootcamps_out_of_reach(user)
    if not hidden:
        return pages
    return pages.exclude(reduce(or_, (Q(path__startswith=bootcamp.path) for bootcamp in hidden)))


def may_place_copy_under(user, destination: Page) -> bool:
    """A copy lands as the user's own draft, so by Wagtail's rules a trainer could copy into
    any page where they may add pages. Copies go only under pages the user may edit, in
    bootcamps within their reach (organisers may edit every page). The root cannot be
    edited by anyone; Wagtail's own checks decide there (only a site's home page fits)."""
    return is_within_reach(user, destination) and (
        destination.is_root() or destination.permissions_for_user(user).can_edit()
    )


class PagePolicyWithinReach(PagePermissionPolicy):
    """Wagtail's page policy, except that bootcamps out of reach are not "explorable": the
    admin's page listings, its page search and the sidebar explorer all read this."""

    def explorable_instances(self, user):
        return within_reach(super().explorable_instances(user), user)
