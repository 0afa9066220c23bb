"""What the fuzz tests send (bodies, charsets, methods) and what every refusal must say."""

import html
import re

from django.test.client import BOUNDARY, encode_multipart
from hypothesis import strategies as st

METHODS = ["GET", "GET", "HEAD", "POST", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]
ODD_METHODS = ["PROPFIND", "CONNECT", "FOO", "get", "M-SEARCH"]
CHARSETS = [
    "utf-8", "UTF8", "utf-16", "utf-16-le", "utf-32", "latin-1", "iso-8859-15", "ascii",
    "cp1252", "koi8-r", "shift_jis", "gb18030", "no-such-charset", "", "utf-8x", '"utf-8"',
]  # fmt: skip
FORM = "application/x-www-form-urlencoded"

odd_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.sampled_from(
        ["", "\x00", "a\x00b", "\x1b[31m", "\u202e", "<script>x</script>", "%00", "../../etc"]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def _encoded(pairs: list[tuple[str, str]], charset: str) -> bytes:
    from urllib.parse import urlencode

    try:
        return urlencode(pairs, encoding=charset or "utf-8", errors="replace").encode("latin-1")
    except (LookupError, UnicodeError):
        return urlencode(pairs).encode()


@st.composite
def form_bodies(draw, fields: dict[str, str] | None = None):
    """A request body and its content type: forms in any charset, multipart good and bad."""
    pairs = list((fields or {}).items())
    pairs += draw(st.lists(st.tuples(odd_text, odd_text), max_size=4))
    kind = draw(
        st.sampled_from(["form", "form", "charset", "multipart", "broken multipart", "other"])
    )
    if kind == "form":
        return _encoded(pairs, "utf-8"), FORM
    if kind == "charset":
        charset = draw(st.sampled_from(CHARSETS))
        return _encoded(pairs, charset), f"{FORM}; charset={charset}"
    if kind == "multipart":
        body = encode_multipart(BOUNDARY, dict(pairs))
        return body, f"multipart/form-data; boundary={BOUNDARY}"
    if kind == "broken multipart":
        body = encode_multipart(BOUNDARY, dict(pairs))
        cut = draw(st.integers(min_value=0, max_value=len(body)))
        content_type = draw(
            st.sampled_from(
                [
                    "multipart/form-data",  # no boundary
                    f"multipart/form-data; boundary={BOUNDARY}",
                    "multipart/form-data; boundary=",
                    "multipart/form-data; boundary=" + "x" * 300,
                    f"multipart/form-data; boundary={BOUNDARY}; charset=utf-16",
                    "multipart/form-data; boundary=\x00",
                ]
            )
        )
        junk = draw(st.binary(max_size=60))
        return body[:cut] + junk, content_type
    content_type = draw(
        st.sampled_from(
            ["application/json", "text/plain", "application/xml", "", "*/*", "text/html; x"]
        )
    )
    return draw(st.binary(max_size=200)), content_type


def visible_text(response) -> str:
    page = response.content.decode("utf-8", "replace")
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def explains_itself(response) -> bool:
    """A refusal a person understands: words on the page, not a bare status code."""
    if response.request["REQUEST_METHOD"] == "HEAD":
        return True  # a HEAD answer never has a body
    return bool(
        re.search(r"\b[A-Za-z]{3,}\b.*\b[A-Za-z]{3,}\b.*\b[A-Za-z]{3,}\b", visible_text(response))
    )
