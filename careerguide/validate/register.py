"""The register of roles (data/roles.yaml) checked: ids, titles, ISCO codes, career steps and why a role has no page."""

from __future__ import annotations

import re

from careerguide.model import sitespecs, specs
from careerguide.model.content import Role
from careerguide.model.errors import ContentError
from careerguide.model.yamltext import YamlDoc
from careerguide.validate.fields import Fields, suggestion


def read_register(doc: YamlDoc, problems: list[ContentError]) -> dict[str, Role] | None:
    """Roles from data/roles.yaml (None when it is no mapping); every id in `next` and `related` must be registered.

    A role whose entry has problems is still registered, without career steps, so that its
    articles and fact boxes do not each report it missing.
    """
    if doc.value is None:
        return {}
    if not isinstance(doc.value, dict):
        problems.append(ContentError(doc.source, "the register maps role ids to {isco, next, related}"))
        return None
    roles: dict[str, Role] = {}
    entries: dict[str, Fields] = {}
    for role_id in doc.value:
        if not specs.SLUG.match(role_id):
            problems.append(
                ContentError(
                    doc.at(role_id), f"{role_id!r}: invalid role id; use lower-case letters, digits and single hyphens"
                )
            )
            continue
        if doc.value[role_id] is None:
            roles[role_id] = Role(role_id, doc.source)
            continue
        entry = Fields(doc, (role_id,), problems, sitespecs.ROLE.names())
        if not entry.ok:
            roles[role_id] = Role(role_id, doc.source)
            continue
        isco = entry.raw("isco")
        if isinstance(isco, int) and not isinstance(isco, bool):
            isco = f"{isco:04d}"
        if isco is not None and not (isinstance(isco, str) and re.fullmatch(r"\d{1,4}", isco)):
            entry.fail((role_id, "isco"), f'{isco!r} is not an ISCO-08 code (one to four digits, quoted: "4222")')
            isco = None
        entries[role_id] = entry
        roles[role_id] = Role(role_id, doc.source, isco, entry.texts("next"), entry.texts("related"), _no_page(entry))
    for role_id, entry in entries.items():
        role = roles[role_id]
        for key in ("next", "related"):
            for index, other in enumerate(getattr(role, key)):
                if other not in roles:
                    others = tuple(
                        known for known in roles if known != role_id
                    )  # a role never leads to itself: not a fix to offer
                    entry.fail(
                        (role_id, key, index),
                        f"{other!r} is not in the register" + suggestion(other, others, "known ids"),
                    )
                elif other == role_id:
                    entry.fail((role_id, key, index), "a role cannot lead to or relate to itself")
    return roles


def _no_page(entry: Fields) -> tuple[tuple[str, str], ...]:
    """The register's `no_page: {de: why}`: the languages a role deliberately has no page in, and why."""
    value = entry.raw("no_page")
    if not entry.has("no_page"):
        return ()
    if not isinstance(value, dict) or not value:
        entry.fail(
            entry.path + ("no_page",),
            "expected language codes with the reason the role has no page there, e.g. {de: No German source "
            "describes it}",
        )
        return ()
    reasons = Fields(entry.doc, entry.path + ("no_page",), entry.problems, tuple(str(code) for code in value), value)
    why = "say why the role has no page in this language"
    return tuple((str(code), reason) for code in value if (reason := reasons.text(str(code), required=True, hint=why)))


def check_no_page(
    doc: YamlDoc, roles: dict[str, Role], codes: set[str], published: set[tuple[str, str]], problems: list[ContentError]
) -> None:
    """A `no_page` language must be one of the site's, and a role that has a page there needs no reason."""
    for role in roles.values():
        for code, _ in role.no_page:
            source = doc.at(role.id, "no_page", code)
            if code not in codes:
                problems.append(
                    ContentError(
                        source,
                        f"{role.id}.no_page.{code}: {code!r} is not a language of site.yaml "
                        f"({', '.join(sorted(codes))})",
                    )
                )
            elif (code, role.id) in published:
                problems.append(
                    ContentError(
                        source,
                        f"{role.id}.no_page.{code}: the role has a page in {code!r} now; remove this reason",
                        warning=True,
                    )
                )
