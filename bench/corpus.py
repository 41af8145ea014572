"""Write a seeded benchmark corpus: N roles x 3 languages for careerguide, Hugo, Pelican and MkDocs."""

from __future__ import annotations

import argparse
import datetime
import math
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hugo_site  # noqa: E402
import jinja_sites  # noqa: E402
from files import BASE_URL, LANGUAGES, SITE_TITLES, dump_yaml, write_text  # noqa: E402
from vocab import DOMAINS, JOBS, LANGS, LEVELS, MONTHLY_BASE, REGIONS, SOURCES, VARIANTS, WORDS  # noqa: E402

SEED = 20261123
THOUSANDS = {"da": ".", "no": "\u00a0", "de": "."}
_TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True)
class Role:
    """A role of the register with its title and slug in every language."""

    id: str
    family: int
    level: int
    titles: dict[str, str]
    slugs: dict[str, str]
    isco: str | None = None
    next: tuple[str, ...] = ()
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """One role's article in one language: front matter fields and a Markdown body with role: links."""

    lang: str
    role: str
    slug: str
    title: str
    description: str
    updated: datetime.date
    body: str


@dataclass
class Corpus:
    """Everything every tool's site is written from."""

    roles: list[Role]
    articles: list[Article]
    factboxes: dict[tuple[str, str], dict]
    leads_from: dict[str, list[str]] = field(default_factory=dict)

    def role(self, role_id: str) -> Role:
        """The role with this id."""
        return self._by_id[role_id]

    def __post_init__(self):
        self._by_id = {role.id: role for role in self.roles}
        for role in self.roles:
            for target in role.next:
                self.leads_from.setdefault(target, []).append(role.id)


def slugify(text: str) -> str:
    """The contract's slug of a title: lower case, æ→ae, ø→oe, å→aa, ä→ae, ö→oe, ü→ue, ß→ss."""
    text = unicodedata.normalize("NFC", text).lower().translate(_TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def in_text(title: str, lang: str) -> str:
    """A title as it reads inside a sentence: lower-case first letter in da and no, unless an acronym."""
    if lang == "de" or title[:2].isupper():
        return title
    return title[0].lower() + title[1:]


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def _title(domain: tuple, job: tuple, level: tuple, variant: tuple | None, lang: str) -> str:
    index = LANGS.index(lang) + 1
    first, second = domain[index], job[index]
    base = first + (_cap(second) if lang == "de" and first.endswith("-") else second)
    lower = base if base[:2].isupper() else base[0].lower() + base[1:]
    title = level[index].format(t=lower, T=_cap(base))
    return f"{title} ({variant[index]})" if variant else title


def make_roles(count: int, seed: int = SEED) -> list[Role]:
    """`count` roles in ladders of five levels, each ladder one domain x job (x variant) family."""
    rng = random.Random(f"{seed}:families")
    pairs = [(d, j) for d in range(len(DOMAINS)) for j in range(len(JOBS))]
    rng.shuffle(pairs)
    families = [(d, j, None) for d, j in pairs] + [(d, j, v) for v in range(len(VARIANTS)) for d, j in pairs]
    family_count = math.ceil(count / len(LEVELS))
    if family_count > len(families):
        raise SystemExit(f"at most {len(families) * len(LEVELS)} roles")
    slots = [(f, level) for f in range(family_count) for level in range(len(LEVELS))][:count]
    exists = set(slots)

    def role_id(f: int, level: int) -> str:
        d, j, v = families[f]
        parts = [LEVELS[level][0], DOMAINS[d][0], JOBS[j][0], VARIANTS[v][0] if v is not None else ""]
        return "-".join(p for p in parts if p)

    roles, used = [], {lang: set() for lang in LANGS}
    for f, level in slots:
        d, j, v = families[f]
        titles = {
            lang: _title(DOMAINS[d], JOBS[j], LEVELS[level], VARIANTS[v] if v is not None else None, lang)
            for lang in LANGS
        }
        slugs = {}
        for lang in LANGS:
            slug, n = slugify(titles[lang]), 2
            while slug in used[lang]:
                slug, n = f"{slugify(titles[lang])}-{n}", n + 1
            used[lang].add(slug)
            slugs[lang] = slug
        nexts = [(f, level + 1)]
        if level == 2:
            nexts.append(((f + 1) % family_count, 3))
        related = [((f + step) % family_count, level) for step in (1, 7)]
        pick = random.Random(f"{seed}:{f}:{level}")
        roles.append(
            Role(
                id=role_id(f, level),
                family=f,
                level=level,
                titles=titles,
                slugs=slugs,
                isco=f"{pick.randint(1000, 9629)}" if pick.random() < 0.6 else None,
                next=tuple(dict.fromkeys(role_id(*s) for s in nexts if s in exists and s != (f, level))),
                related=tuple(dict.fromkeys(role_id(*s) for s in related if s in exists and s[0] != f)),
            )
        )
    return roles


class _Writer:
    """Seeded text for one role in one language."""

    def __init__(self, corpus_roles: dict[str, Role], role: Role, lang: str, leads_from: list[str], seed: int):
        self.rng = random.Random(f"{seed}:{role.id}:{lang}")
        self.roles, self.role, self.lang, self.leads_from = corpus_roles, role, lang, leads_from
        self.words = WORDS[lang]
        self.t = in_text(role.titles[lang], lang)

    def pick(self, key: str, k: int | None = None):
        """One item of a word list, or `k` different ones."""
        items = self.words[key]
        return self.rng.choice(items) if k is None else self.rng.sample(items, k)

    def fill(self, pattern: str) -> str:
        """A sentence pattern with the role's title and seeded places, tools, duties, skills and figures."""
        lower = (lambda s: s) if self.lang == "de" else (lambda s: s[0].lower() + s[1:])
        return pattern.format(
            t=self.t,
            place=self.pick("places"),
            tool=self.pick("tools"),
            pct=self.rng.randint(20, 70),
            years=self.rng.randint(3, 15),
            duty_l=lower(self.pick("duties")),
            skill_l=self.pick("skills").lower() if self.lang != "de" else self.pick("skills"),
        )

    def paragraph(self, sentences: int) -> str:
        """Several different sentences, two words of one of them in bold."""
        chosen = [self.fill(s) for s in self.pick("sentences", sentences)]
        emphasis = self.rng.randrange(len(chosen))
        words = chosen[emphasis].split(" ")
        if len(words) > 4:
            at = self.rng.randrange(1, len(words) - 2)
            words[at : at + 2] = [f"**{words[at]} {words[at + 1]}**"]
            chosen[emphasis] = " ".join(words)
        return " ".join(chosen)

    def link(self, role_id: str) -> str:
        """A role: link with the target's title in this language."""
        return f"[{in_text(self.roles[role_id].titles[self.lang], self.lang)}](role:{role_id})"

    def body(self) -> str:
        """4-8 KB of Markdown: seven sections, lists, a pipe table and role: links."""
        target = self.rng.randint(4300, 7500)
        headings = [h.format(t=self.t) for h in self.words["headings"]]
        sections: list[list[str]] = [[self.paragraph(4), self.paragraph(3)]]
        intro = self.words["list_intro"]
        sections.append([self.paragraph(3), intro[0], "\n".join(f"- {d}" for d in self.pick("duties", 6))])
        sections.append([self.paragraph(3), intro[1], "\n".join(f"- {s}" for s in self.pick("skills", 5))])
        sections.append(
            [self.paragraph(3), intro[2], "\n".join(f"{i}. {s}" for i, s in enumerate(self.words["steps"], 1))]
        )
        sections.append([self.paragraph(2), self.table(), self.paragraph(3)])
        sections.append([self.paragraph(4)])
        career = []
        patterns = self.words["link_intro"]
        if self.role.next:
            career.append(patterns[0].format(link=self.link(self.role.next[0])))
        if len(self.role.next) > 1:
            career.append(patterns[1].format(link=self.link(self.role.next[1])))
        for other in self.role.related:
            career.append(patterns[2].format(link=self.link(other)))
        for other in self.leads_from[:2]:
            career.append(patterns[3].format(link=self.link(other)))
        sections.append([self.paragraph(2), " ".join(career) or self.paragraph(2)])
        text = self._join(headings, sections)
        grow = 0
        while len(text.encode()) < target:
            sections[(0, 1, 5, 2)[grow % 4]].insert(1, self.paragraph(4))
            grow += 1
            text = self._join(headings, sections)
        return text

    @staticmethod
    def _join(headings: list[str], sections: list[list[str]]) -> str:
        return (
            "\n\n".join(f"## {h}\n\n" + "\n\n".join(blocks) for h, blocks in zip(headings, sections, strict=False))
            + "\n"
        )

    def table(self) -> str:
        """A GFM table of monthly medians by group, figures right-aligned and grouped as the language does."""
        currency = REGIONS[self.lang][1]
        head = self.words["table"]
        rows = [f"| {head[0]} | {head[1]} | {head[2]} |", "| --- | ---: | --- |"]
        base = MONTHLY_BASE[currency] * (0.8 + 0.2 * self.role.level)
        for i, group in enumerate(self.pick("groups", self.rng.randint(3, 5))):
            amount = f"{_hundreds(base * (1 + 0.08 * i)):,}".replace(",", THOUSANDS[self.lang])
            rows.append(f"| {group} | {amount} {currency} | {SOURCES[LANGS.index(self.lang)][0]} |")
        return "\n".join(rows)

    def factbox(self) -> dict:
        """A full fact box: every section of the contract and its extensions."""
        w, rng, role = self.words, self.rng, self.role
        region, currency = REGIONS[self.lang]
        base = _hundreds(MONTHLY_BASE[currency] * (0.8 + 0.2 * role.level))
        source = SOURCES[LANGS.index(self.lang)][0]
        usd = _hundreds(MONTHLY_BASE["USD"] * 12 * (0.8 + 0.2 * role.level))
        next_title = in_text(self.roles[role.next[0]].titles[self.lang], self.lang) if role.next else self.t
        faq = [(q.format(t=self.t, next=next_title), a.format(next=next_title)) for q, a in w["faq"]]
        return {
            "summary": self.fill(w["summary"]),
            "education": {
                "required": w["required"].format(t=self.t),
                "paths": self.pick("paths", 3),
                "certifications": [
                    {
                        "name": f"Certified {JOBS[n][0].title()} Professional",
                        "issuer": f"{DOMAINS[n][0].replace('-', ' ').title()} Association",
                        "note": w["cert"].format(n=rng.randint(3, 9)),
                    }
                    for n in rng.sample(range(len(JOBS)), 2)
                ],
            },
            "salary": [
                {
                    "region": region,
                    "currency": currency,
                    "period": "month",
                    "median": base,
                    "label": w["label"],
                    "year": 2024,
                    "source": source,
                },
                {
                    "region": region,
                    "currency": currency,
                    "period": "month",
                    "range": "typical",
                    "low": _hundreds(base * 0.82),
                    "high": _hundreds(base * 1.3),
                    "label": w["groups"][0],
                    "year": 2024,
                    "source": source,
                },
                {
                    "region": "US",
                    "currency": "USD",
                    "period": "year",
                    "mean": usd,
                    "p25": _hundreds(usd * 0.8),
                    "p75": _hundreds(usd * 1.25),
                    "year": 2023,
                    "source": SOURCES[3][0],
                },
                {
                    "region": "US",
                    "currency": "USD",
                    "period": "hour",
                    "median": round(usd / 2080, 2),
                    "year": 2023,
                    "source": SOURCES[3][0],
                },
            ],
            "duties": self.pick("duties", rng.randint(6, 8)),
            "skills": self.pick("skills", rng.randint(6, 9)),
            "outlook": [{"region": region, "change": rng.randint(-5, 15), "from": 2024, "to": 2034, "source": source}],
            "employment": [
                {
                    "region": region,
                    "count": rng.randint(800, 60000),
                    "year": 2024,
                    "label": w["label"],
                    "source": source,
                }
            ],
            "hours": {"text": w["hours"], "source": source},
            "myths": [{"myth": m, "fact": f} for m, f in w["myths"]],
            "faq": [{"question": q, "answer": a} for q, a in (faq if role.next else faq[:3])],
            "sources": [
                {"title": title, "url": url} for title, url in (SOURCES[LANGS.index(self.lang)], SOURCES[3], SOURCES[4])
            ],
        }

    def article(self) -> Article:
        """The role's article in this writer's language."""
        title = self.role.titles[self.lang]
        description = self.words["description"].format(t=self.t)
        assert len(description) <= 160, description
        updated = datetime.date(2026, 1, 1) + datetime.timedelta(days=self.rng.randrange(300))
        return Article(self.lang, self.role.id, self.role.slugs[self.lang], title, description, updated, self.body())


def _hundreds(amount: float) -> int:
    return int(round(amount, -2))


def make_corpus(count: int, seed: int = SEED) -> Corpus:
    """The whole seeded corpus of `count` roles in every language."""
    roles = make_roles(count, seed)
    corpus = Corpus(roles, [], {})
    by_id = {role.id: role for role in roles}
    for role in roles:
        for lang in LANGS:
            writer = _Writer(by_id, role, lang, corpus.leads_from.get(role.id, []), seed)
            corpus.articles.append(writer.article())
            corpus.factboxes[(lang, role.id)] = writer.factbox()
    return corpus


def write_careerguide(corpus: Corpus, root: Path) -> None:
    """The site root in the content contract's format."""
    site = {
        "base_url": BASE_URL,
        "default_language": "da",
        "title": SITE_TITLES,
        "languages": {code: {"name": name, "locale": locale} for code, (name, locale) in LANGUAGES.items()},
    }
    write_text(root / "site.yaml", dump_yaml(site))
    register = {}
    for role in corpus.roles:
        entry: dict = {}
        if role.isco:
            entry["isco"] = role.isco
        if role.next:
            entry["next"] = list(role.next)
        if role.related:
            entry["related"] = list(role.related)
        register[role.id] = entry
    write_text(root / "data" / "roles.yaml", dump_yaml(register))
    for article in corpus.articles:
        front = dump_yaml({"role": article.role, "title": article.title, "description": article.description})
        write_text(
            root / "content" / article.lang / f"{article.slug}.md",
            f"---\n{front}updated: {article.updated.isoformat()}\n---\n{article.body}",
        )
    for (lang, role_id), box in corpus.factboxes.items():
        write_text(root / "data" / lang / f"{role_id}.yaml", dump_yaml(box))


def write_all(count: int, out: Path, seed: int = SEED) -> Corpus:
    """Write the four sites of the corpus under `out`, replacing what was there."""
    corpus = make_corpus(count, seed)
    for name in ("careerguide", "hugo", "pelican", "mkdocs"):
        if (out / name).exists():
            shutil.rmtree(out / name)
    write_careerguide(corpus, out / "careerguide")
    hugo_site.write(corpus, out / "hugo")
    jinja_sites.write_pelican(corpus, out / "pelican")
    jinja_sites.write_mkdocs(corpus, out / "mkdocs")
    return corpus


def main(argv: list[str] | None = None) -> int:
    """Command line: `python bench/corpus.py --roles N --out DIR`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--roles", type=int, required=True, help="number of roles; each gets a page in da, no and de")
    parser.add_argument("--out", type=Path, required=True, help="folder for careerguide/, hugo/, pelican/ and mkdocs/")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    corpus = write_all(args.roles, args.out, args.seed)
    print(
        f"wrote {len(corpus.articles)} articles of {len(corpus.roles)} roles into "
        f"{args.out}/{{careerguide,hugo,pelican,mkdocs}}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
