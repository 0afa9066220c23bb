from html.parser import HTMLParser

import pytest

from newsroom.markdown import render_markdown


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html):
    parser = _Elements()
    parser.feed(html)
    return parser.elements


def test_markdown_renders_paragraphs_emphasis_and_links():
    html = render_markdown("Some *emphasis* and [a link](https://example.org/x).\n\nNext.")
    assert "<em>emphasis</em>" in html
    [link] = [attrs for tag, attrs in elements(html) if tag == "a"]
    assert link["href"] == "https://example.org/x"
    assert link["rel"] == "noopener noreferrer nofollow"
    assert html.count("<p>") == 2


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        '<p onclick="alert(1)">hi</p>',
        "[x](JaVaScRiPt:alert(1))",
        "![img](javascript:alert(1))",
        "<svg onload=alert(1)>",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_xss_payloads_never_survive(payload):
    html = render_markdown(f"Before {payload} after\n\n{payload}")
    for tag, attrs in elements(html):
        assert tag not in {"script", "iframe", "svg", "img", "object", "embed"}
        assert not any(name.startswith("on") for name in attrs)
        for name in ("href", "src"):
            value = attrs.get(name, "").strip().lower()
            assert not value.startswith(("javascript:", "data:")), html


def test_raw_html_is_shown_as_text_not_markup():
    html = render_markdown('<b onclick="x()">bold</b>')
    assert [tag for tag, _ in elements(html)] == ["p"]
    assert "&lt;b onclick" in html
