"""The site's address (site.yaml's base_url or `--base-url`): what is wrong with one, in an editor's words."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit


def base_url_problem(url: str) -> str | None:
    """What is wrong with a base_url (site.yaml's or `--base-url`), which every page's canonical and alternate links
    start with."""
    if problem := _url_characters_problem(url):
        return problem
    try:
        parts = urlsplit(url)
        has_host = bool(parts.hostname) and parts.port != 0
    except ValueError:  # `port` of a port out of range
        has_host = False
    if not re.match(r"^https?://[^/\s]+(/\S*)?$", url) or not has_host:
        return f"{url!r} is not an absolute http(s) URL"
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return (
            f"{url!r} has a query or fragment; give the folder the site is published at, e.g. "
            "https://example.org/karriere/"
        )
    if parts.username is not None or parts.password is not None:
        return f"{url!r} holds a user name or password, which every page would show; leave it out"
    return None


# RFC 3986 allows these in a URL, `[` and `]` only around an IPv6 address; the quote ' too, but a site's
# address goes into HTML attributes, JSON-LD and sitemaps unchanged, where a quote is only trouble.
_URL_CHARACTER = re.compile(r"[A-Za-z0-9\-._~:/?#@!$&()*+,;=%]")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_CHARACTER_NAMES = {
    " ": "a space",
    '"': 'a quote (")',
    "'": "a quote (')",
    "<": "an angle bracket (<)",
    ">": "an angle bracket (>)",
    "\\": "a backslash (\\)",
    "`": "a backquote (`)",
}


def _url_characters_problem(url: str) -> str | None:
    """What makes `url` no URL at all: the characters a URL cannot hold, named, and what to write instead."""
    host_end = url.find("/", url.find("//") + 2) if "//" in url else -1
    netloc_length = host_end if host_end >= 0 else len(url)
    bad = [c for i, c in enumerate(url) if not _URL_CHARACTER.match(c) and not (c in "[]" and i < netloc_length)]
    if _BAD_PERCENT.search(url):
        bad.append("%")
    if not bad:
        return None
    names = list(dict.fromkeys(_character_name(c) for c in bad))
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    encoded = _encoded_url(url)
    # A space, a letter such as ø or a bare % are slips that encoding mends; quotes and brackets are not.
    mendable = all(c == " " or c == "%" or (ord(c) > 127 and c.isprintable()) for c in bad)
    if mendable and encoded is not None and all(_URL_CHARACTER.match(c) for c in encoded):
        return (
            f"{url!r} holds {listed}, which a URL cannot have; write it encoded, as a browser's address bar "
            f"copies it: {encoded}"
        )
    return (
        f"{url!r} holds {listed}, which a URL cannot have; give the address the site is published at, e.g. "
        "https://example.org/karriere/"
    )


def _character_name(c: str) -> str:
    if c == "%":
        return "a % not followed by two hex digits"
    if ord(c) > 127 and c.isprintable():
        return f"a letter outside ASCII ({c})"
    return _CHARACTER_NAMES.get(c, repr(c))


def _encoded_url(url: str) -> str | None:
    """`url` with its host in IDNA and its path percent-encoded, when that is all it needs; None otherwise."""
    try:
        parts = urlsplit(url)
        host = parts.hostname.encode("idna").decode("ascii") if parts.hostname else None
    except (ValueError, UnicodeError):
        return None
    if host is None or parts.port is not None or parts.username is not None or parts.query or parts.fragment:
        return None
    path = quote(parts.path, safe="/-._~!$&()*+,;=:@")
    return f"{parts.scheme}://{host}{path}"
