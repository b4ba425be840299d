"""sanitize_html refuses input beyond its size and nesting limits before parsing it, and
what it accepts is sanitised quickly (the worst case is measured here)."""

import time

import pytest

from content import sanitize
from content.sanitize import (
    MAX_HTML_CHARS,
    MAX_NESTING_DEPTH,
    HtmlTooComplex,
    check_html_limits,
    sanitize_html,
)


@pytest.fixture
def no_parsing(monkeypatch):
    """Fail the test if bleach is reached."""
    def refuse(*args, **kwargs):
        raise AssertionError("bleach ran on input beyond the limits")

    monkeypatch.setattr(sanitize.bleach, "clean", refuse)


def test_forty_thousand_nested_tags_are_refused_without_parsing(no_parsing):
    started = time.perf_counter()
    with pytest.raises(HtmlTooComplex, match="too long"):
        sanitize_html("<b>" * 40_000 + "x")
    assert time.perf_counter() - started < 0.5


def test_two_megabytes_are_refused_without_parsing(no_parsing):
    started = time.perf_counter()
    with pytest.raises(HtmlTooComplex, match="too long"):
        sanitize_html("<p>" + "a" * 2_000_000 + "</p>")
    assert time.perf_counter() - started < 0.5


def test_deep_nesting_within_the_size_is_refused_without_parsing(no_parsing):
    with pytest.raises(HtmlTooComplex, match="nested too deeply"):
        sanitize_html("<b>" * (MAX_NESTING_DEPTH + 1) + "x")
    with pytest.raises(HtmlTooComplex, match="nested too deeply"):
        sanitize_html("<i><b>" * 3_000)


def test_nesting_at_the_limit_and_closed_or_void_tags_are_accepted():
    check_html_limits("<b>" * MAX_NESTING_DEPTH + "x" + "</b>" * MAX_NESTING_DEPTH)
    check_html_limits("<p>line<br>line<br/></p>" * 500)
    check_html_limits("<b>x</b>" * 2_000)
    check_html_limits("a" * MAX_HTML_CHARS)
    with pytest.raises(HtmlTooComplex):
        check_html_limits("a" * (MAX_HTML_CHARS + 1))


def _worst_accepted_inputs() -> dict[str, str]:
    n, depth = MAX_HTML_CHARS, MAX_NESTING_DEPTH
    nest = "<b>" * depth + "x" + "</b>" * depth
    return {
        "dense siblings": ("<i>x</i>" * n)[:n],
        "empty tags": ("<b></b>" * n)[:n],
        "paragraphs": ("<p><b>x</b> y</p>" * n)[:n],
        "table": ("<table>" + "<tr><td>a</td></tr>" * n)[: n - 8] + "</table>",
        "nests at the limit": (nest * (n // len(nest)))[:n - len(nest)],
        "open tags at the limit": ("<b>" * depth + "<br>" * n)[:n],
        "links": ("https://e.org/a " * n)[:n],
    }


def test_worst_accepted_input_is_fast(capsys):
    """The README and content/sanitize.py quote this measurement (CPU time, at most 0.22 s
    on the 2-core development machine); the bound here is loose for slow CI runners."""
    for label, html in _worst_accepted_inputs().items():
        check_html_limits(html)
        started = time.process_time()  # CPU time: what a worker spends, whatever the load
        sanitize_html(html)
        elapsed = time.process_time() - started
        with capsys.disabled():
            print(f"\nsanitize_html worst case, {label}: {len(html)} chars, "
                  f"{elapsed:.3f} s CPU")
        assert elapsed < 3, label
