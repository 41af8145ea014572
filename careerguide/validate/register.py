"""The register of roles (data/roles.yaml and data/roles/) checked: ids, ISCO codes, career steps and why a role has no
page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from careerguide.model import sitespecs, specs
from careerguide.model.content import Role
from careerguide.model.errors import ContentError, Source
from careerguide.model.raw import RawRegister
from careerguide.model.yamltext import YamlDoc
from careerguide.text.markup import slugify
from careerguide.validate.fields import Fields, suggestion


@dataclass(frozen=True)
class _Entry:
    """One role as the register gives it: its id, the document it is in and the key path of its entry there
    (`(id,)` in data/roles.yaml, `()` in a file of data/roles/)."""

    id: str
    doc: YamlDoc
    path: tuple[str, ...]
    known: tuple[str, ...]


def read_register(register: RawRegister, problems: list[ContentError]) -> dict[str, Role] | None:
    """Roles from data/roles.yaml and data/roles/ (None when data/roles.yaml is no mapping), in the order of their ids,
    so that no page depends on the order they are written in; every id in `next` and `related` must be registered.

    A role whose entry has problems is still registered, without career steps, so that its
    articles and fact boxes do not each report it missing.
    """
    table = register.table
    if table is not None and table.value is not None and not isinstance(table.value, dict):
        problems.append(ContentError(table.source, "the register maps role ids to {isco, next, related}"))
        return None
    roles: dict[str, Role] = {}
    entries: dict[str, Fields] = {}
    for entry in _entries(register, roles, problems):
        value = entry.doc.value[entry.id] if entry.path else entry.doc.value
        if value is None:
            roles[entry.id] = Role(entry.id, entry.doc.source)
            continue
        fields = Fields(entry.doc, entry.path, problems, entry.known)
        if not fields.ok:
            roles[entry.id] = Role(entry.id, entry.doc.source)
            continue
        _check_id(entry, fields)
        fields.text("notes")
        entries[entry.id] = fields
        roles[entry.id] = Role(
            entry.id, entry.doc.source, _isco(fields), fields.texts("next"), fields.texts("related"), _no_page(fields)
        )
    for role_id, fields in entries.items():
        role = roles[role_id]
        for key in ("next", "related"):
            for index, other in enumerate(getattr(role, key)):
                if other not in roles:
                    others = tuple(
                        known for known in sorted(roles) if known != role_id
                    )  # a role never leads to itself: not a fix to offer
                    fields.fail(
                        (*fields.path, key, index),
                        f"{other!r} is not in the register" + suggestion(other, others, "known ids"),
                    )
                elif other == role_id:
                    fields.fail((*fields.path, key, index), "a role cannot lead to or relate to itself")
    return dict(sorted(roles.items()))


def _entries(register: RawRegister, roles: dict[str, Role], problems: list[ContentError]) -> list[_Entry]:
    """Every role entry with a valid id, data/roles.yaml's first; a role registered twice is an error at its second
    place, naming the first (whose entry counts), and a role file that cannot be read still registers its id."""
    table = register.table
    candidates: list[tuple[str, Source, _Entry | None]] = []
    if table is not None and isinstance(table.value, dict):
        known = sitespecs.ROLE.names()
        candidates += [(role_id, table.source, _Entry(role_id, table, (role_id,), known)) for role_id in table.value]
    for file in register.files:
        entry = _Entry(file.id, file.doc, (), sitespecs.ROLE_FILE.names()) if file.doc is not None else None
        candidates.append((file.id, file.source, entry))
    found: list[_Entry] = []
    first: dict[str, tuple[Source, _Entry | None]] = {}
    for role_id, source, entry in candidates:
        if not specs.SLUG.match(role_id):
            message = (
                f"{role_id!r}: invalid role id; use lower-case letters, digits and single hyphens"
                if entry is not None and entry.path
                else f"{role_id!r} is not a role id, and a role file is named after its role's id; rename the file "
                + (f"to data/roles/{fixed}.yaml" if (fixed := slugify(role_id)) else "with a name of")
                + " (lower-case letters, digits and single hyphens)"
            )
            problems.append(ContentError(_place(source, entry), message))
        elif role_id in first:
            earlier = _place(*first[role_id])
            problems.append(
                ContentError(
                    _place(source, entry),
                    f"{role_id!r} is registered twice: here and at {earlier}; keep one of the two",
                )
            )
        else:
            first[role_id] = (source, entry)
            if entry is None:
                roles[role_id] = Role(role_id, source)
            else:
                found.append(entry)
    return found


def _place(source: Source, entry: _Entry | None) -> Source:
    """Where an entry starts: its key's line in data/roles.yaml (looked up only for a problem: it takes a second
    parse), or its file."""
    return entry.doc.at(*entry.path) if entry is not None and entry.path else source


def _check_id(entry: _Entry, fields: Fields) -> None:
    """A role file's `id`, which the web editor writes, must be the file's name."""
    if entry.path or not fields.has("id"):
        return
    written = fields.raw("id")
    if written != entry.id:
        fields.fail(
            ("id",),
            f"{written!r} is not the file's name; a role file is named after its role id: write id: {entry.id}, "
            f"or rename the file to data/roles/{written}.yaml",
        )


def _isco(fields: Fields) -> str | None:
    """The entry's ISCO-08 code as text of one to four digits, or None."""
    isco = fields.raw("isco")
    if isinstance(isco, int) and not isinstance(isco, bool):
        isco = f"{isco:04d}"
    if isco is not None and not (isinstance(isco, str) and re.fullmatch(r"\d{1,4}", isco)):
        fields.fail((*fields.path, "isco"), f'{isco!r} is not an ISCO-08 code (one to four digits, quoted: "4222")')
        return None
    return isco


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
    register: RawRegister,
    roles: dict[str, Role],
    codes: set[str],
    published: set[tuple[str, str]],
    problems: list[ContentError],
) -> None:
    """A `no_page` language must be one of the site's, and a role that has a page there needs no reason."""
    files = {file.id: file.doc for file in register.files}
    for role in roles.values():
        for code, _ in role.no_page:
            table = register.table
            if table is not None and isinstance(table.value, dict) and role.id in table.value:
                source = table.at(role.id, "no_page", code)
            else:
                doc = files[role.id]
                source = doc.at("no_page", code) if doc is not None else role.source
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
