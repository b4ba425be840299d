"""Every page reachable from "/" for each demo account: no server error, no redirect loop, no
page loading anything from another host (issue #16, "Done when"). The walk itself is
tests/lms/crawl.py; its own checks are tested first, on made-up responses."""

import os
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpResponse, HttpResponseRedirect

from lms.demo import DEMO_ACCOUNTS
from tests.lms.crawl import crawl, other_host


class FakeClient:
    """Answers GETs from a dict of path -> response, to show what the walk reports."""

    def __init__(self, pages):
        self.pages = pages
        self.requested = []

    def get(self, path):
        self.requested.append(path)
        return self.pages.get(path) or HttpResponse(status=404)


def html(body: str) -> HttpResponse:
    return HttpResponse(f"<!DOCTYPE html><html><body>{body}</body></html>")


def test_the_walk_reports_errors_loops_and_other_hosts_and_posts_nothing():
    client = FakeClient({
        "/": html('<a href="/a/">a</a> <a href="/loop/">loop</a> <a href="/broken/">b</a>'
                  ' <a href="https://example.com/">an outside link is fine</a>'
                  ' <a href="/accounts/logout/">sign out</a>'),
        "/a/": html('<script src="https://cdn.example.net/x.js"></script>'
                    '<img srcset="/ok.png 1x, //img.example.org/a.png 2x">'
                    '<form method="post" action="https://forms.example.org/"></form>'),
        "/loop/": HttpResponseRedirect("/loop2/"),
        "/loop2/": HttpResponseRedirect("/loop/"),
        "/broken/": HttpResponse(status=500),
    })
    result = crawl(client)
    problems = "\n".join(result.problems)
    assert "cdn.example.net/x.js" in problems
    assert "//img.example.org/a.png" in problems and "/ok.png" not in problems
    assert "forms.example.org" in problems
    assert "redirect loop: /loop/ -> /loop2/ -> /loop/" in problems
    assert "/broken/ (linked from /): 500" in problems
    assert "example.com" not in problems
    assert "/accounts/logout/" not in client.requested  # the walk never signs out


def test_other_host_ignores_relative_local_and_data_urls():
    assert other_host("/static/css/site.css") is None
    assert other_host("http://testserver/x") is None
    assert other_host("data:image/png;base64,AAA") is None
    assert other_host("https://www.gravatar.com/avatar/abc") == "www.gravatar.com"
    assert other_host("//fonts.example.org/f.woff2") == "fonts.example.org"


# What each walk must at least reach, so that a walk stopped early cannot pass unnoticed.
MUST_REACH = {
    None: [r"^/bootcamps/chat-next-edition/$", r"^/accounts/signup/",
           r"^/certificates/verify/$"],
    "participant@example.org": [r"^/dashboard/$", r"/launch-reflection/$",
                                r"/helpline-plan/$", r"^/accounts/profile/$"],
    "lead@example.org": [r"^/organisations/\d+/$", r"/members/\d+/remove/$"],
    "other@example.org": [r"^/dashboard/$", r"^/organisations/\d+/$"],
    "applicant@example.org": [r"^/applications/\d+/$"],
    "certified@example.org": [r"^/certificates/verify/[A-Z0-9-]+/$", r"certificate\.pdf$"],
    "trainer@example.org": [r"^/review/\d+/$", r"^/sessions/\d+/attendance/$", r"^/cms/$"],
    "organiser@example.org": [r"^/cms/dashboards/bootcamp/\d+/organisation/\d+/$",
                              r"^/cms/dashboards/bootcamp/\d+/export/participants\.csv",
                              r"^/cms/certificates/bootcamp/\d+/$", r"^/cms/applications/"],
}


@pytest.mark.django_db
def test_every_page_reachable_from_home_for_each_demo_account(settings, client):
    assert set(MUST_REACH) - {None} == set(DEMO_ACCOUNTS)
    settings.DEBUG = True
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.DEBUG = False
    users = get_user_model().objects.in_bulk(DEMO_ACCOUNTS, field_name="email")
    failures = []
    for email, expected in MUST_REACH.items():
        client.logout()
        if email:
            client.force_login(users[email])
        # "/cms/" as well: a signed-in participant once looped there (journeys report #7).
        result = crawl(client, starts=("/", "/cms/"))
        failures += [f"[{email or 'anonymous'}] {problem}" for problem in result.problems]
        for pattern in expected:
            if not any(re.search(pattern, path) for path in result.visited):
                failures.append(f"[{email or 'anonymous'}] never reached {pattern}")
        if email == "participant@example.org":
            assert result.visited["/cms/"] == 403
    assert not failures, "\n".join(failures)
