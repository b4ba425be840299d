"""The user's own account details (the profile page)."""


def update_name(*, user, first_name: str, last_name: str) -> bool:
    """Set the name used from now on (dashboards, team lists, *new* certificates).

    An issued certificate keeps the name it was issued with: it is a record of what was
    certified; organisers correct it on request (Certificates → name corrections).
    Returns whether anything changed.
    """
    if (user.first_name, user.last_name) == (first_name, last_name):
        return False
    user.first_name, user.last_name = first_name, last_name
    user.save(update_fields=["first_name", "last_name"])
    return True
