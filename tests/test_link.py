"""Role links and career paths."""

from dataclasses import replace

from careerguide.build import checked_site
from careerguide.incremental.cache import Cache
from careerguide.incremental.memo import LinkMemo
from careerguide.link import LinkTargets, body_html, link
from careerguide.load import load_site
from careerguide.load.files import article_body
from careerguide.validate import validate


def linked(root):
    content, problems = validate(load_site(root))
    assert [p for p in problems if not p.warning] == []
    return link(content)


def page(site, lang, slug):
    return next(p for p in site.pages if p.ref.lang == lang and p.ref.slug == slug)


def body(site, lang, slug):
    article = page(site, lang, slug).article
    html, problems, _ = body_html(
        article_body(site.content.root, article), article.lang, article.body_line, article.source, LinkTargets.of(site)
    )
    return html, [str(p) for p in problems]


def test_career_paths_translations_and_related(make_root):
    site = linked(make_root())
    rep = page(site, "da", "kundeservicemedarbejder")
    assert [r.slug for r in rep.next_steps] == ["teamleder", "oesters"]
    assert [r.slug for r in rep.related] == ["zebra"]
    assert [(r.lang, r.slug) for r in rep.translations] == [
        ("no", "kundeservicemedarbeider"),
        ("de", "kundendienstmitarbeiter"),
    ]
    lead = page(site, "da", "teamleder")
    assert [r.slug for r in lead.leads_from] == ["kundeservicemedarbejder"]
    assert lead.next_steps == ()  # the head of customer service is only a draft
    assert [r.slug for r in page(site, "da", "zebra").related] == ["kundeservicemedarbejder"]


def test_drafts_are_not_published(make_root):
    assert "chef" not in [p.ref.slug for p in linked(make_root()).pages]


def test_language_order_puts_ae_oe_aa_last(make_root):
    assert [p.ref.title for p in linked(make_root()).in_language("da")] == [
        "Kundeservicemedarbejder",
        "Teamleder i kundeservice",
        "Zoneteknikker",
        "Østersfisker",
        "Ålborgvejleder",
    ]


def test_role_link_resolves_to_the_page_in_the_same_language(make_root):
    html, problems = body(linked(make_root()), "da", "kundeservicemedarbejder")
    assert problems == []
    assert '<a href="../teamleder/">' in html
    assert "role:" not in html


def test_the_scheme_of_a_role_link_is_matched_in_any_case(make_root):
    text = "[a](ROLE:customer-service-representative) [b](Role:customer-service-supervisor#faq)\n\n[c](rOlE:nobody)\n"
    root = make_root(
        {"content/da/teamleder.md": "---\nrole: customer-service-supervisor\ntitle: T\ndescription: D\n---\n" + text}
    )
    site = linked(root)
    html, problems = body(site, "da", "teamleder")
    assert '<a href="../kundeservicemedarbejder/">a</a> <a href="../teamleder/#faq">b</a>' in html
    assert "role:" not in html.lower()
    assert problems == ["content/da/teamleder.md:8: role:nobody: no such role in the register; check the id"]


def test_check_follows_a_role_link_written_in_capitals(make_root, cli):
    root = make_root(
        {
            "content/da/teamleder.md": "---\nrole: customer-service-supervisor\ntitle: T\ndescription: D\n---\n"
            "[a](ROLE:customer-service-representative#nowhere)\n"
        }
    )
    run = cli("check", "--root", root)
    assert run.code == 1
    assert (
        "  content/da/teamleder.md:6: ROLE:customer-service-representative#nowhere: da/kundeservicemedarbejder/ "
        "has no heading or anchor with the id 'nowhere'"
    ) in run.out.splitlines(), run.out


def test_role_link_to_a_role_without_page_is_a_warning_and_stays_text(make_root):
    root = make_root(
        {
            "content/da/teamleder.md": "---\nrole: customer-service-supervisor\ntitle: T\ndescription: D\n---\nFirst "
            "line\nsee [the head](role:head-of-customer-service).\n"
        }
    )
    html, problems = body(linked(root), "da", "teamleder")
    assert problems == [
        "content/da/teamleder.md:7: warning: role:head-of-customer-service: the role has no page in 'da' yet; the "
        "text stays unlinked"
    ]
    assert html == "<p>First line\nsee the head.</p>\n"


def test_each_wrong_role_link_names_its_own_line(make_root):
    text = (
        "[a](role:nobody)\n\n`code` and [b](role:customer-service-representative)\n\n- item\n- "
        "[c](role:nobody-else) ![i](role:x)\n"
    )
    root = make_root(
        {"content/da/teamleder.md": "---\nrole: customer-service-supervisor\ntitle: T\ndescription: D\n---\n" + text}
    )
    html, problems = body(linked(root), "da", "teamleder")
    assert problems == [
        "content/da/teamleder.md:6: role:nobody: no such role in the register; check the id",
        "content/da/teamleder.md:11: role:nobody-else: no such role in the register; check the id",
    ]
    assert '<a href="../kundeservicemedarbejder/">b</a>' in html and "<li>c " in html


def test_unknown_role_link_is_an_error(make_root):
    root = make_root(
        {
            "content/da/teamleder.md": "---\nrole: customer-service-supervisor\ntitle: T\ndescription: "
            "D\n---\n\n\n[x](role:nobody)\n"
        }
    )
    _, problems = body(linked(root), "da", "teamleder")
    assert problems == ["content/da/teamleder.md:8: role:nobody: no such role in the register; check the id"]


def test_role_link_with_fragment(make_root):
    root = make_root(
        {
            "content/da/teamleder.md": "---\nrole: customer-service-supervisor\ntitle: T\ndescription: "
            "D\n---\n[x](role:customer-service-representative#hverdagen)\n"
        }
    )
    html, _ = body(linked(root), "da", "teamleder")
    assert html == '<p><a href="../kundeservicemedarbejder/#hverdagen">x</a></p>\n'


def test_body_heading_never_takes_a_section_id(make_root):
    root = make_root(
        {
            "content/da/teamleder.md": "---\nrole: customer-service-supervisor\ntitle: T\ndescription: D\n---\n## "
            "FAQ\n\n## FAQ text\n\n## Løn & *vilkår*\n\n## Løn & vilkår\n"
        }
    )
    html, _ = body(linked(root), "da", "teamleder")
    assert html == (
        '<h2 id="faq-text">FAQ</h2>\n<h2 id="faq-text-1">FAQ text</h2>\n'
        '<h2 id="loen-vilkaar">Løn &amp; <em>vilkår</em></h2>\n<h2 id="loen-vilkaar-1">Løn &amp; vilkår</h2>\n'
    )


def test_a_body_names_the_roles_its_links_resolved_in_any_case(make_root):
    text = "[a](ROLE:customer-service-representative) [b](Role:customer-service-supervisor#faq) [c](rOlE:nobody)\n"
    root = make_root(
        {"content/da/teamleder.md": "---\nrole: customer-service-supervisor\ntitle: T\ndescription: D\n---\n" + text}
    )
    site = linked(root)
    article = page(site, "da", "teamleder").article
    *_, named = body_html(
        article_body(site.content.root, article), "da", article.body_line, article.source, LinkTargets.of(site)
    )
    assert named == ("customer-service-representative", "customer-service-supervisor", "nobody")


def test_relinking_after_an_edit_keeps_unchanged_pages_and_equals_a_fresh_link(make_root):
    root = make_root()
    cache = Cache(root)
    first, _ = checked_site(root, cache=cache)
    article = root / "content/da/teamleder.md"
    article.write_text(article.read_text() + "\nEn ny sætning.\n")
    again, _ = checked_site(root, cache=cache)
    assert again.refs is first.refs
    assert [p.ref.slug for p, q in zip(again.pages, first.pages, strict=False) if p is not q] == ["teamleder"]
    assert again.pages == link(again.content).pages


def test_a_new_title_links_the_site_anew(make_root):
    root = make_root()
    first = linked(root)
    article = root / "content/da/teamleder.md"
    article.write_text(article.read_text().replace("title: Teamleder i kundeservice", "title: Holdleder"))
    content, _ = validate(load_site(root))
    content = replace(content, roles=first.content.roles)
    memo = LinkMemo()
    before = memo(first.content)
    assert memo(first.content).refs is before.refs  # the same links are kept
    again = memo(content)
    assert again.refs is not before.refs and again.pages == link(content).pages
    assert "Holdleder" in [r.title for r in page(again, "da", "kundeservicemedarbejder").next_steps]
