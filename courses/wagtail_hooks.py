"""Admin and serving hooks of the course tree.

- Documents used in a bootcamp's restricted content are served only to those who may see it.
- Trainers build inside their own bootcamps only. The Trainers group keeps "add page" at the
  root so that a trainer can draft a new bootcamp, and Wagtail's permissions are inherited
  down the tree, so that right alone would also let a trainer add pages inside somebody
  else's bootcamp (or move their own pages there): these hooks refuse that.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail import hooks

from courses.documents import document_access, may_download
from courses.models import BootcampPage


@hooks.register("before_serve_document")
def restrict_course_documents(document, request):
    access = document_access(document)
    if access.public:
        return None
    if not may_download(user=request.user, document=document, access=access):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        # Like other organisations' records: not found, rather than "exists but not yours".
        raise Http404
    # Read by courses.views.serve_document to keep the file out of shared caches.
    request.serves_restricted_document = True
    return None


def _may_build_under(user, page) -> bool:
    """Whether the user may add pages below `page`: inside a bootcamp only those who may edit
    that bootcamp (its trainers' group, organisers, the owner of a draft bootcamp)."""
    bootcamp = BootcampPage.objects.ancestor_of(page, inclusive=True).first()
    return bootcamp is None or bootcamp.permissions_for_user(user).can_edit()


@hooks.register("before_create_page")
def keep_trainers_in_their_bootcamp(request, parent_page, page_class):
    if not _may_build_under(request.user, parent_page):
        raise PermissionDenied


@hooks.register("before_move_page")
def keep_moves_in_their_bootcamp(request, page, destination):
    if not _may_build_under(request.user, destination):
        raise PermissionDenied
