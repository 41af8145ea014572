"""Role links and career paths."""

from careerguide.link import link, mentioned_roles, parse_body
from careerguide.load import load_site
from careerguide.validate import validate


def linked(root):
    content, problems = validate(load_site(root))
    assert [p for p in problems if not p.warning] == []
    return link(content)


def page(site, lang, slug):
    return next(p for p in site.pages if p.ref.lang == lang and p.ref.slug == slug)


def body(site, lang, slug):
    tokens, problems = parse_body(page(site, lang, slug).article, site)
    return [t for t in tokens if t.type == "inline"], [str(p) for p in problems]


def test_career_paths_translations_and_related(make_root):
    site = linked(make_root())
    rep = page(site, "da", "kundeservicemedarbejder")
    assert [r.slug for r in rep.next_steps] == ["teamleder", "oesters"]
    assert [r.slug for r in rep.related] == ["zebra"]
    assert [(r.lang, r.slug) for r in rep.translations] == [("no", "kundeservicemedarbeider"), ("de", "kundendienstmitarbeiter")]
    lead = page(site, "da", "teamleder")
    assert [r.slug for r in lead.leads_from] == ["kundeservicemedarbejder"]
    assert lead.next_steps == ()  # the head of customer service is only a draft
    assert [r.slug for r in page(site, "da", "zebra").related] == ["kundeservicemedarbejder"]


def test_drafts_are_not_published(make_root):
    assert "chef" not in [p.ref.slug for p in linked(make_root()).pages]


def test_language_order_puts_ae_oe_aa_last(make_root):
    assert [p.ref.title for p in linked(make_root()).in_language("da")] == [
        "Kundeservicemedarbejder", "Teamleder i kundeservice", "Zoneteknikker", "Østersfisker", "Ålborgvejleder",
    ]


def test_role_link_resolves_to_the_page_in_the_same_language(make_root):
    inline, problems = body(linked(make_root()), "da", "kundeservicemedarbejder")
    assert problems == []
    assert inline[0].children[2].attrGet("href") == "../teamleder/"


def test_role_link_to_a_role_without_page_is_a_warning_and_stays_text(make_root):
    root = make_root({"content/da/teamleder.md": "---\nrole: customer-service-supervisor\ntitle: T\ndescription: D\n---\nFirst line\nsee [the head](role:head-of-customer-service).\n"})
    inline, problems = body(linked(root), "da", "teamleder")
    assert problems == [
        "content/da/teamleder.md:7: warning: role:head-of-customer-service: the role has no page in 'da' yet; the text stays unlinked"
    ]
    assert [c.type for c in inline[0].children] == ["text", "softbreak", "text", "text", "text"]


def test_unknown_role_link_is_an_error(make_root):
    root = make_root({"content/da/teamleder.md": "---\nrole: customer-service-supervisor\ntitle: T\ndescription: D\n---\n\n\n[x](role:nobody)\n"})
    _, problems = body(linked(root), "da", "teamleder")
    assert problems == ["content/da/teamleder.md:8: role:nobody: no such role in data/roles.yaml; check the id"]


def test_role_link_with_fragment(make_root):
    root = make_root({"content/da/teamleder.md": "---\nrole: customer-service-supervisor\ntitle: T\ndescription: D\n---\n[x](role:customer-service-representative#hverdagen)\n"})
    inline, _ = body(linked(root), "da", "teamleder")
    assert inline[0].children[0].attrGet("href") == "../kundeservicemedarbejder/#hverdagen"


def test_body_heading_never_takes_a_section_id(make_root):
    root = make_root({"content/da/teamleder.md": "---\nrole: customer-service-supervisor\ntitle: T\ndescription: D\n---\n## FAQ\n"})
    site = linked(root)
    tokens, _ = parse_body(page(site, "da", "teamleder").article, site)
    assert tokens[0].attrGet("id") == "faq-text"


def test_mentioned_roles_are_found_without_parsing(make_root):
    site = linked(make_root())
    assert mentioned_roles(page(site, "da", "kundeservicemedarbejder").article) == ("customer-service-supervisor",)
