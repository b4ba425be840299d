import re

import pytest

from content.sanitize import sanitize_html

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<p onclick="alert(1)" onmouseover=alert(1)>text</p>',
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href="java&#x09;script:alert(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mtext></math>',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<style>body { display: none }</style>",
    '<p style="position: fixed; top: 0; background: url(javascript:alert(1))">x</p>',
    '<p style="color: red; behavior: url(x.htc)">x</p>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<form action="https://evil.example"><input name="password"></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<!--<script>alert(1)</script>-->",
    '<p style="color:expression(alert(1))">x</p>',
]
DANGEROUS = re.compile(
    r"<\s*(script|svg|math|iframe|style|object|embed|form|input|meta|img)\b"
    r"|\son\w+\s*=|javascript:|data:|position|url\(|behavior|expression|style=",
    re.IGNORECASE,
)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitize_html_neutralises_payload(payload):
    assert not DANGEROUS.search(sanitize_html(payload))


def test_sanitize_html_keeps_simple_formatting():
    html = '<p><strong>Plan</strong> <em>A</em></p><ul><li>one</li></ul>'
    assert sanitize_html(html) == html


def test_sanitize_html_keeps_safe_links_with_rel():
    cleaned = sanitize_html('<a href="https://example.org/a">docs</a>')
    assert 'href="https://example.org/a"' in cleaned
    assert 'rel="nofollow noopener noreferrer"' in cleaned


@pytest.mark.parametrize("html", [
    '<p style="color:expression(alert(1))">x</p>',
    '<span style="color: expression(alert(1))">x</span>',
    '<p style="COLOR:EXPRESSION(alert(1))">x</p>',
    '<p style="color:exp/**/ression(alert(1))">x</p>',
    '<p style="color: red">x</p>',
])
def test_style_attributes_are_dropped_with_css_expressions(html):
    cleaned = sanitize_html(html)
    assert "style" not in cleaned and "expression" not in cleaned.lower()
    assert ">x</" in cleaned


def test_sanitize_html_escapes_text_outside_tags():
    assert sanitize_html("a < b & c") == "a &lt; b &amp; c"


def test_sanitize_html_drops_script_contents():
    assert "alert" not in sanitize_html("<script>alert(1)</script>ok")
