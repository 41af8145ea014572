"""Role links and career paths."""

from careerguide.link import link
from careerguide.load import load_site
from careerguide.validate import validate


def linked(root):
    content, problems = validate(load_site(root))
    assert [p for p in problems if not p.warning] == []
    return link(content)


def page(site, lang, slug):
    return next(p for p in site.pages if p.ref.lang == lang and p.ref.slug == slug)


def test_career_paths_translations_and_related(make_root):
    site, problems = linked(make_root())
    assert problems == []
    rep = page(site, "da", "kundeservicemedarbejder")
    assert [r.slug for r in rep.next_steps] == ["teamleder", "oesters"]
    assert [r.slug for r in rep.related] == ["zebra"]
    assert [(r.lang, r.slug) for r in rep.translations] == [("no", "kundeservicemedarbeider"), ("de", "kundendienstmitarbeiter")]
    lead = page(site, "da", "teamleder")
    assert [r.slug for r in lead.leads_from] == ["kundeservicemedarbejder"]
    assert lead.next_steps == ()  # the head of customer service is only a draft
    assert [r.slug for r in page(site, "da", "zebra").related] == ["kundeservicemedarbejder"]


def test_drafts_are_not_published(make_root):
    site, _ = linked(make_root())
    assert "chef" not in [p.ref.slug for p in site.pages]


def test_language_order_puts_ae_oe_aa_last(make_root):
    site, _ = linked(make_root())
    assert [p.ref.title for p in site.in_language("da")] == [
        "Kundeservicemedarbejder", "Teamleder i kundeservice", "Zoneteknikker", "Østersfisker", "Ålborgvejleder",
    ]


def test_role_link_to_a_role_without_page_is_a_warning_and_stays_text(make_root):
    root = make_root({"content/da/teamleder.md": "---\nrole: customer-service-supervisor\ntitle: T\ndescription: D\n---\nFirst line\nsee [the head](role:head-of-customer-service).\n"})
    site, problems = linked(root)
    assert [str(p) for p in problems] == [
        "content/da/teamleder.md:7: warning: role:head-of-customer-service: the role has no page in 'da' yet; the text stays unlinked"
    ]
    inline = [t for t in page(site, "da", "teamleder").tokens if t.type == "inline"][0]
    assert [c.type for c in inline.children] == ["text", "softbreak", "text", "text", "text"]


def test_role_link_with_fragment(make_root):
    root = make_root({"content/da/teamleder.md": "---\nrole: customer-service-supervisor\ntitle: T\ndescription: D\n---\n[x](role:customer-service-representative#hverdagen)\n"})
    site, problems = linked(root)
    inline = [t for t in page(site, "da", "teamleder").tokens if t.type == "inline"][0]
    assert inline.children[0].attrGet("href") == "../kundeservicemedarbejder/#hverdagen"
