"""What the four benchmark sites share: site settings and how files are written."""

from __future__ import annotations

from pathlib import Path

import yaml

BASE_URL = "https://bench.example.org/"
SITE_TITLES = {"da": "Karriereguiden", "no": "Karriereguiden", "de": "Berufsratgeber"}
LANGUAGES = {"da": ("Dansk", "da_DK"), "no": ("Norsk", "nb_NO"), "de": ("Deutsch", "de_DE")}
HERE = Path(__file__).resolve().parent
BUILTIN_THEME = HERE.parent / "templates"
"""careerguide's built-in theme: its UI strings and CSS are reused by the other tools' sites."""


def dump_yaml(data) -> str:
    """YAML as an editor would write it: block style, Unicode as is, no line folding."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text, creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def ui_strings(lang: str) -> dict[str, str]:
    """careerguide's built-in UI strings of `lang`, plus country names from CLDR as `region_XX`."""
    from babel import Locale

    strings = yaml.safe_load((BUILTIN_THEME / "strings" / f"{lang}.yaml").read_text(encoding="utf-8"))
    locale = Locale.parse(LANGUAGES[lang][1])
    strings.update({f"region_{code}": locale.territories[code] for code in ("DK", "NO", "DE", "US")})
    return strings
