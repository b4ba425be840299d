from django import template

register = template.Library()


@register.filter
def url_of(urls: dict | None, page_id) -> str:
    """The URL of a page id in a {page id: URL} map (`BootcampPage.descendant_urls`), or ""
    when it is not there (an unpublished page): templates then print the title unlinked."""
    if not urls or page_id is None:
        return ""
    return urls.get(page_id, "")


@register.filter
def get_item(mapping: dict | None, key):
    """mapping[key], or an empty list when absent (for per-stage lists)."""
    if not mapping:
        return []
    return mapping.get(key, [])


@register.filter
def title_in(page, titles: dict | None) -> str:
    """The page's title in the reader's language: from a {page id: translated title} map
    (courses.translations.translated_titles), else its own."""
    if page is None:
        return ""
    return (titles or {}).get(page.pk, page.title)
