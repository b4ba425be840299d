"""allauth's account adapter: where people land after signing in."""

from allauth.account.adapter import DefaultAccountAdapter

from lms.roles import start_url


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        # allauth asks this only when the request carries no safe ?next= (which wins):
        # participants land on their dashboard, staff on their starting page, not on "/".
        return start_url(request.user)
