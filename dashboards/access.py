"""Who may open which bootcamp's dashboard: the one home of the dashboards' access rule.

Organisers see every bootcamp; a trainer sees the bootcamps they train (read-only, without
perks, which only organisers and the organisation's own lead may see); nobody else.
"""

from courses.models import BootcampPage
from lms.roles import is_organiser, is_trainer


def dashboard_bootcamps(user):
    """The bootcamps whose dashboard `user` may open."""
    if not user.is_authenticated:
        return BootcampPage.objects.none()
    if is_organiser(user):
        return BootcampPage.objects.originals()
    if is_trainer(user):
        return BootcampPage.objects.trained_by(user)
    return BootcampPage.objects.none()


def may_use_dashboards(user) -> bool:
    return is_organiser(user) or is_trainer(user)


def sees_perks(user) -> bool:
    return is_organiser(user)
