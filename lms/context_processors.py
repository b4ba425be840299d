from lms.roles import is_organiser, is_trainer


def navigation(request):
    """What the header needs to show role-appropriate links, computed once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_is_trainer": False, "nav_is_organiser": False}
    return {"nav_is_trainer": is_trainer(user), "nav_is_organiser": is_organiser(user)}
