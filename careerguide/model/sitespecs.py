"""What site.yaml and the register of roles (data/roles.yaml, or a file per role in data/roles/) may hold, key by key:
read by the validator, the JSON Schemas and the web editor's forms."""

from __future__ import annotations

from careerguide.model.specs import Key, Shape

REGISTER_FOLDER = "roles"
"""The folder of data/ that holds the register as a file per role (data/roles/<role-id>.yaml), beside or instead of
data/roles.yaml."""
LANGUAGE_CODE_PATTERN = r"^[a-z]{2,3}$"
BASE_URL_PATTERN = r"^https?://[A-Za-z0-9\-._~:/!$&()*+,;=%@\[\]]+$"
"""What an address may look like before the validator's closer look: http(s), no query or fragment, only URL
characters."""

LANGUAGE = Shape(
    "Language",
    "One language of the site: its name, its locale and the country its readers are in.",
    (
        Key(
            "name",
            "text",
            "The language's own name, as the language chooser shows it.",
            required=True,
            examples=("Dansk", "Norsk"),
        ),
        Key(
            "locale",
            "text",
            "The locale (language and country) numbers, dates and plural forms follow.",
            required=True,
            examples=("da_DK", "nb_NO", "de_DE"),
        ),
        Key(
            "country",
            "code",
            "The country the readers are in, as an ISO 3166-1 code, where it is not the locale's (de_DE read "
            "in Austria: AT).",
            codes="region",
            examples=("AT",),
        ),
    ),
)

REPO_PATTERN = r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"

EDITOR = Shape(
    "Web editor",
    "The web editor at /admin/, which saves to the guide's repository on GitHub.",
    (
        Key(
            "repo",
            "repo",
            "The guide's repository on GitHub, as owner/name.",
            required=True,
            examples=("karriereguiden/guide",),
        ),
        Key("branch", "text", "The branch the editor saves to (main when not given).", examples=("main",)),
        Key(
            "auth_url",
            "url",
            "The address of the service that signs editors in to GitHub (an OAuth client); not needed on "
            "Netlify, whose own serves.",
            examples=("https://guide-auth.example.workers.dev",),
        ),
    ),
)

SITE = Shape(
    "Site settings",
    "The settings of a career guide (site.yaml).",
    (
        Key(
            "base_url",
            "base-url",
            "The address the site is published at; may have a path, e.g. https://example.org/karriere/.",
            required=True,
            examples=("https://example.org/karriere/",),
        ),
        Key(
            "default_language",
            "text",
            "The language code of the language a visitor sees first; one of languages.",
            required=True,
            examples=("da",),
        ),
        Key(
            "title",
            "localized",
            "The site's title: one text for every language, or one per language code.",
            required=True,
            examples=({"da": "Karriereguiden", "de": "Berufsratgeber"},),
        ),
        Key(
            "languages",
            "by-language",
            "Each language code (two or three lower-case letters) with its name and locale.",
            required=True,
            of=LANGUAGE,
        ),
        Key(
            "stale_after_years",
            "whole",
            "Statistics older than this many years are reported (5 when not given).",
            minimum=1,
            examples=(5,),
        ),
        Key(
            "editor",
            "map",
            "Publish a web editor at /admin/ that saves to this repository on GitHub; leave out for none.",
            of=EDITOR,
        ),
    ),
)

ROLE = Shape(
    "Role",
    "One role of the register, for all languages: its career steps up and similar roles.",
    (
        Key("isco", "isco", "The role's ISCO-08 unit group: one to four digits, quoted.", examples=("4222",)),
        Key("next", "slugs", "The role ids of the career steps up from this role."),
        Key("related", "slugs", "The role ids of similar roles."),
        Key(
            "no_page",
            "reasons",
            "Languages the role deliberately has no page in, each with the reason.",
            examples=({"de": "No German source describes the role."},),
        ),
        Key(
            "notes",
            "text",
            "The editors' notes on the sources behind this entry (where the ISCO code comes from, which source says "
            "which step leads where); never shown to readers.",
            examples=("ISCO-08 4222 Contact centre information clerks, as ESCO's page of the unit group says.",),
        ),
    ),
)
"""An entry of data/roles.yaml; the register maps each role id (a slug) to one, or to nothing."""

ROLE_FILE = Shape(
    "Role",
    "One role of the register in a file of its own (data/roles/<role-id>.yaml): its career steps up and similar roles.",
    (
        Key(
            "id",
            "slug",
            "The role's id, the same as the file's name (data/roles/<role-id>.yaml); optional: the web editor writes "
            "it, and names the file after it.",
            examples=("customer-service-representative",),
        ),
        *ROLE.keys,
    ),
)
"""A file of the register's folder form: the keys of an entry of data/roles.yaml, and the id its name gives."""
