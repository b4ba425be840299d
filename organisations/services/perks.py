"""Perks: messaging credits used, imported from the provider's spreadsheet."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Perk


class PerkImportError(Exception):
    """The spreadsheet has bad rows; the message lists them for the organiser."""


def import_credits_used(*, bootcamp, rows: list[dict]) -> int:
    """Set messaging credits used from rows {registration_number, credits_used}: all or nothing.

    Raises PerkImportError listing every bad row; returns how many perks were updated.
    """
    perks = {
        perk.organisation.registration_number.upper(): perk
        for perk in Perk.objects.filter(bootcamp=bootcamp).select_related("organisation")
    }
    updates, problems = [], []
    for line, row in enumerate(rows, start=2):
        number = (row.get("registration_number") or "").strip().upper()
        raw = (row.get("credits_used") or "").strip().replace(",", "")
        perk = perks.get(number)
        if perk is None:
            problems.append(_("Line %(line)d: no selected organisation with registration number "
                              "%(number)s.") % {"line": line, "number": number or "—"})
        elif not raw.isdigit():
            problems.append(_("Line %(line)d: credits used must be a whole number.")
                            % {"line": line})
        else:
            perk.credits_used, perk.updated_at = int(raw), timezone.now()
            updates.append(perk)
    if problems:
        raise PerkImportError(" ".join(problems[:20]))
    with transaction.atomic():
        Perk.objects.bulk_update(updates, ["credits_used", "updated_at"])
    return len(updates)
