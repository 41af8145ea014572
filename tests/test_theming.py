"""A site root overrides one section of the role page with one file, and the rest of the page stays the built-in
theme's."""

from __future__ import annotations

import re

from careerguide.build import make_site

FAQ_AS_LIST = """{% if "faq" in shown %}
<section aria-labelledby="faq" class="faq-list">
<h2 id="faq">{{ t.faq }}</h2>
<dl>
{% for item in box.faq %}<dt>{{ item.question | inline }}</dt><dd>{{ item.answer | inline }}</dd>
{% endfor %}</dl>
</section>
{% endif %}
"""


def _pages(root) -> dict[str, str]:
    return {file.path: file.data.decode() for file in make_site(root).files if file.path.endswith("index.html")}


def _without_faq(html: str) -> str:
    return re.sub(r'<section aria-labelledby="faq".*?</section>', "", html, flags=re.S)


def test_a_root_s_role_faq_template_replaces_only_the_faq_section(make_root):
    built_in = _pages(make_root())
    custom = _pages(make_root({"templates/role-faq.html": FAQ_AS_LIST}))
    faq_pages = [path for path, html in built_in.items() if '<section aria-labelledby="faq"' in html]
    assert faq_pages
    for path in faq_pages:
        assert '<section aria-labelledby="faq" class="faq-list">' in custom[path] and "<details>" not in _faq(
            custom[path]
        )
        assert _without_faq(custom[path]) == _without_faq(built_in[path]), f"{path}: more than the FAQ changed"
    assert {path: html for path, html in custom.items() if path not in faq_pages} == {
        path: html for path, html in built_in.items() if path not in faq_pages
    }


def _faq(html: str) -> str:
    found = re.search(r'<section aria-labelledby="faq".*?</section>', html, flags=re.S)
    return found[0] if found else ""
