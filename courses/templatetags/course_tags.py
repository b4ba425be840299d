from django import template
from django.utils import timezone, translation

from courses import tree_cache

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


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, bootcamp, key):
        self.nodelist, self.bootcamp, self.key = nodelist, bootcamp, key

    def render(self, context):
        bootcamp, key = self.bootcamp.resolve(context), self.key.resolve(context)
        if bootcamp is None or key is None:
            return self.nodelist.render(context)
        where = (self.origin.name if self.origin else "", self.token.lineno if self.token else 0)
        kind = ("fragment", where, key, translation.get_language(),
                timezone.get_current_timezone_name())
        return tree_cache.remembered(kind, bootcamp, lambda: self.nodelist.render(context))


@register.tag
def shared_fragment(parser, token):
    """``{% shared_fragment bootcamp key %}…{% endshared_fragment %}``: the HTML between,
    rendered once per version of the bootcamp's tree (courses.tree_cache), language, time
    zone and `key`, and served to everyone whose `key` is equal. The fragment must depend
    on nothing but `key`, the bootcamp's tree and constants (never the request, the user or
    a CSRF token): `key` (hashable, e.g. a frozen progress value and the flags derived from
    the clock) is what makes it someone's own. A None key renders afresh."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("shared_fragment takes a bootcamp and a key")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, parser.compile_filter(bits[1]),
                              parser.compile_filter(bits[2]))
