"""Who may download a Wagtail document.

Documents have no owner of their own: what makes one restricted is where it is used. Wagtail's
reference index records every page whose content links a document (resource blocks, document
links, rich text), so a document follows the access rule of the pages that use it:

- used on a live public page (home, standard pages, a bootcamp's overview) or by site-wide
  content that is not a page: anyone may download it — the link is already public;
- otherwise used below a bootcamp (stages, modules, sessions, assignments, live or draft):
  only people who may see that bootcamp's content (`BootcampPage.can_view_content`);
- used nowhere (just uploaded, or only in drafts of public pages): only people who manage
  documents in the admin. Failing closed means a freshly uploaded file is never public
  before the page that publishes it.

People who manage documents in the admin may also download any document whose collection
they can choose from (or edit): the admin already hands them its link, and they could put it
on a page of theirs anyway. Organisers choose from every collection. A bootcamp's trainers
choose only from that bootcamp's own collection (BootcampPage.documents_collection, granted by
courses.services.sync_trainer_edit_rights; the Trainers group has no document rights on the
root collection), so another bootcamp's lesson documents stay closed to them (404) unless they
may see that bootcamp too.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

from courses.models import BootcampPage


@dataclass(frozen=True)
class DocumentAccess:
    public: bool
    # Bootcamps whose restricted content (below the overview) uses the document.
    bootcamps: list[BootcampPage] = field(default_factory=list)

    @property
    def restricted(self) -> bool:
        return not self.public


def document_access(document) -> DocumentAccess:
    """Where the document is used and what that makes it (at most four queries)."""
    page_type = ContentType.objects.get_for_model(Page)
    sources = set(
        ReferenceIndex.get_references_to(document)
        .values_list("base_content_type_id", "object_id").distinct()
    )
    if any(content_type_id != page_type.pk for content_type_id, _ in sources):
        return DocumentAccess(public=True)
    pages = list(
        Page.objects.filter(pk__in=[int(object_id) for _, object_id in sources])
        .values_list("path", "live")
    )
    steplen = Page.steplen
    # Strict ancestors only: a bootcamp's own page (the overview) is public.
    ancestor_paths = {
        path[:length] for path, _ in pages for length in range(steplen, len(path), steplen)
    }
    bootcamps = list(BootcampPage.objects.filter(path__in=ancestor_paths)) if pages else []
    restricted_to: dict[int, BootcampPage] = {}
    for path, live in pages:
        owners = [bootcamp for bootcamp in bootcamps
                  if path.startswith(bootcamp.path) and path != bootcamp.path]
        if not owners and live:
            return DocumentAccess(public=True)
        restricted_to.update((bootcamp.pk, bootcamp) for bootcamp in owners)
    return DocumentAccess(public=False, bootcamps=list(restricted_to.values()))


def may_download(*, user, document, access: DocumentAccess | None = None) -> bool:
    """Whether this user may download the document (see the module docstring)."""
    access = access or document_access(document)
    if access.public:
        return True
    if not user.is_authenticated:
        return False
    if any(bootcamp.can_view_content(user) for bootcamp in access.bootcamps):
        return True
    # Wagtail keeps document rights on wagtaildocs.Document whatever the document model.
    return policy_registry.get_by_type(get_document_model()).user_has_any_permission_for_instance(
        user, ["change", "choose"], document
    )
