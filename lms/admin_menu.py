"""Admin menu items shared by the apps' wagtail_hooks.py (Wagtail's `MenuItem.is_shown`
way, as `RedirectsMenuItem` does): kept apart from lms.roles, which models import, so that
loading a model never loads the admin menu machinery."""

from wagtail.admin.menu import MenuItem

from lms.roles import is_organiser


class OrganiserMenuItem(MenuItem):
    """A menu item only organisers (and superusers) see; their pages are guarded by
    `lms.roles.organiser_required`."""

    def is_shown(self, request):
        return is_organiser(request.user)
