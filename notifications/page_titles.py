"""Page titles inside messages, in each recipient's language.

A reminder, an announcement or a "certificate issued" message names the bootcamp, a session,
an assignment or a module: a Hindi recipient reads the title of its published Hindi
translation (the same map the outline and dashboard use, courses.translations), the others
the source title. Links in messages stay the one URL of the source page; the page opens in
the reader's language (lms.middleware.AccountLanguageMiddleware).

A batch (a scheduler run, an announcement, one event's recipients) keeps one `RecipientTitles`:
one lookup per bootcamp and language, whatever the number of messages.
"""

from courses import translations
from lms import page_languages


class RecipientTitles:
    """Titles of a bootcamp's pages per language, looked up once per bootcamp and language."""

    def __init__(self) -> None:
        self._maps: dict[tuple[int, str], dict[int, str]] = {}

    def language_of(self, user) -> str:
        if user is None:  # an address without an account: the site's language
            return page_languages.source_language()
        return page_languages.reader_language(user.message_language)

    def title(self, page, *, bootcamp, user, fallback: str | None = None) -> str:
        """`page`'s title for `user`: its published translation's in the user's language,
        else `fallback` (a snapshot such as a certificate's bootcamp title) or its own."""
        own = fallback if fallback is not None else str(page.title)
        language = self.language_of(user)
        if bootcamp is None or language == page_languages.source_language():
            return own
        key = (bootcamp.pk, language)
        if key not in self._maps:
            self._maps[key] = translations.translated_titles(bootcamp=bootcamp,
                                                             language=language)
        return self._maps[key].get(page.pk, own)
