"""What a certificate says was completed: facts stored at issue, words chosen when shown.

A certificate keeps the facts it was issued with (how many sessions, which assignment) as
{"key": …, parameters} in `Certificate.completed`; each fact becomes a sentence in the
language it is read in (the PDF's language(s), the verification page's reader), with page
titles from the published translation where the caller passes them. Snapshots from before
facts were stored are English sentences, kept as {"key": "text", "text": …} and printed
as they are.

Imports no models: eligibility, the PDF and the migration all use it.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.translation import gettext, ngettext

Fact = dict[str, Any]

TEXT = "text"


def fact(key: str, **params: Any) -> Fact:
    return {"key": key, **params}


def _title(fact: Fact, titles: Mapping[int, str]) -> str:
    return titles.get(fact.get("page_id"), fact.get("title", ""))


def sentence(fact: Fact | str, titles: Mapping[int, str] | None = None, *,
             gettext: Callable[[str], str] = gettext,
             ngettext: Callable[[str, str, int], str] = ngettext) -> str:
    """One fact as a sentence in the active language (`titles`: {page id: translated title})."""
    if isinstance(fact, str):
        return fact  # a snapshot the data migration has not seen (or a hand-made one)
    titles = titles or {}
    key = fact.get("key")
    count = fact.get("count", 0)
    if key == "sessions":
        return ngettext("Attended the live session", "Attended all %(count)d live sessions",
                        count) % {"count": count}
    if key == "live_days":
        return ngettext("Attended the live day", "Attended each of the %(count)d live days",
                        count) % {"count": count}
    if key == "sessions_at_least":
        return gettext("Attended %(attended)d of %(total)d live sessions") % {
            "attended": fact["attended"], "total": fact["total"]}
    if key == "modules":
        return ngettext("Completed the required module",
                        "Completed all %(count)d required modules", count) % {"count": count}
    if key == "assignment":
        return gettext("Assignment “%(title)s” accepted") % {"title": _title(fact, titles)}
    if key == "checks":
        return ngettext("Passed the knowledge check", "Passed all %(count)d knowledge checks",
                        count) % {"count": count}
    if key == "present":
        return gettext("Present at %(stage)s") % {"stage": _title(fact, titles)}
    return str(fact.get("text", ""))


def sentences(snapshot: Iterable[Fact | str] | None,
              titles: Mapping[int, str] | None = None) -> list[str]:
    """Every fact of a certificate's snapshot as a sentence in the active language."""
    return [text for text in (sentence(item, titles) for item in snapshot or ()) if text]


class Done(str):
    """A sentence of what was completed that remembers its fact (what the certificate
    stores). Still a plain string for the dashboards, exports and comparisons."""

    fact: Fact

    def __new__(cls, text: str, fact: Fact):
        line = super().__new__(cls, text)
        line.fact = fact
        return line


def as_fact(line: str) -> Fact:
    """What a certificate stores for a line of `Eligibility.completed`."""
    return getattr(line, "fact", None) or fact(TEXT, text=str(line))
