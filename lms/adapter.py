"""allauth's account adapter: where people land after signing in, and the language the
account remembers for messages sent later."""

from allauth.account.adapter import DefaultAccountAdapter

from lms.roles import start_url


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        # allauth asks this only when the request carries no safe ?next= (which wins):
        # participants land on their dashboard, staff on their starting page, not on "/".
        return start_url(request.user)

    def login(self, request, user) -> None:
        super().login(request, user)
        # A first sign-in remembers the language the site is shown in (cookie or browser);
        # later, only the Language menu changes it (lms.views.set_language).
        if not user.language:
            user.remember_language(getattr(request, "LANGUAGE_CODE", ""))
