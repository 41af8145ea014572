"""YAML by 1.2 rules, with the line of every value and nothing unsafe."""

import multiprocessing

import pytest

from careerguide.model.errors import Source
from careerguide.model.yamltext import YamlProblem, parse_yaml
from careerguide.parallel.parsing import BATCH, ParseStream


def parse_many(items, jobs=1):
    """Each text's document or problem, parsed as the load stage's stream parses them over `jobs` processes."""
    stream = ParseStream(jobs)
    try:
        for text, source in items:
            stream.add(text, source)
        return stream.finish()
    finally:
        stream.close()


def parse(text, line=1):
    return parse_yaml(text, Source("x.yaml", line))


def test_only_true_and_false_are_booleans():
    doc = parse("no: nei\nregion: NO\na: yes\nb: on\nc: true\nd: FALSE\n")
    assert doc.value == {"no": "nei", "region": "NO", "a": "yes", "b": "on", "c": True, "d": False}


def test_dates_stay_text_and_numbers_are_numbers():
    assert parse("updated: 2026-11-01\nmedian: 41080\nmean: 12.83\n").value == {
        "updated": "2026-11-01",
        "median": 41080,
        "mean": 12.83,
    }


def test_lines_of_keys_and_items_with_offset():
    doc = parse("a: 1\nsalary:\n  - region: NO\n    median: 1\n", line=2)
    assert doc.at("salary", 0, "median") == Source("x.yaml", 5)
    assert doc.at("salary", 0, "missing") == Source("x.yaml", 4)
    assert doc.at("nothing") == Source("x.yaml", 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "a: &x [1]\nb: *x\n",
            "x.yaml:1: YAML anchors and aliases (&name, *name) are not supported; write the value out",
        ),
        (
            "a: !!python/object/apply:os.system [ls]\n",
            "x.yaml:1: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'; remove the tag",
        ),
        (
            "a: 1\nb: [1\n",
            "x.yaml:3: malformed YAML: did not find expected ',' or ']'; check the indentation and quoting",
        ),
        ("a: 1\na: 2\n", "x.yaml:2: a: duplicate key; keep one"),
        ("? [1, 2]\n: x\n", "x.yaml:1: a key must be plain text"),
    ],
)
def test_refused_yaml_names_the_line(text, message):
    with pytest.raises(YamlProblem) as caught:
        parse(text)
    assert str(caught.value.error) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "summary: x\nskills:\n\t- a\n",
            "x.yaml:3: a tab at column 1: YAML takes only spaces for indentation; replace the tab with spaces",
        ),
        (
            "a:\n  b: 1\n  \tc: 2\n",
            "x.yaml:3: a tab at column 3: YAML takes only spaces for indentation; replace the tab with spaces",
        ),
        (
            "skills:\n  - a\n - b\n",
            "x.yaml:3: this list item is indented by 1 space, which lines it up with nothing above it (the keys and "
            "items there are indented by 0, 2 or 4); indent it by as many spaces as the ones it belongs with",
        ),
        (
            "education:\n  required: a\n    paths: [b]\n",
            "x.yaml:3: paths: is indented by 4 spaces, which lines it up with nothing above "
            "it (the keys and items there are indented by 0 or 2); indent it by as many spaces as the ones it "
            "belongs with",
        ),
        (
            "role: x\n title: T\n",
            "x.yaml:2: title: is indented by 1 space, but the keys above it are not indented; remove the spaces in "
            "front of it",
        ),
        (
            "title: Pay: good\n",
            "x.yaml:1: the value of title holds ': ', which YAML reads as the start of another key; put the value in "
            "quotes: "
            'title: "Pay: good"',
        ),
        (
            "skills:\n  - a\n  b\n",
            "x.yaml:3: this line is neither `key: value` nor a list item; add its key and a colon, start it with '- ' "
            "if it belongs to the list above, or join it to the line above: 'b'",
        ),
    ],
)
def test_broken_yaml_is_explained_in_an_editors_words(text, message):
    with pytest.raises(YamlProblem) as caught:
        parse(text)
    assert str(caught.value.error) == message


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
@pytest.mark.parametrize("text", ["summary: Hjel{}0", "summary: Hjel{}0\n", "summary: Hjel{}0\nskills: [a]\n"])
def test_a_line_separator_inside_a_value_is_a_line_break_the_hint_counts_too(text, separator):
    # YAML ends a line at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR, which most editors show as nothing
    with pytest.raises(YamlProblem) as caught:
        parse(text.format(separator))
    message = str(caught.value.error)
    assert message.startswith("x.yaml:2: this line is neither `key: value` nor a list item;"), message
    assert "'0'; it follows an invisible" in message and f"(U+{ord(separator):04X})" in message


def test_a_hint_counts_lines_from_where_the_yaml_starts():
    with pytest.raises(YamlProblem) as caught:
        parse("role: x\n title: T\n", line=2)
    assert caught.value.error.source == Source("x.yaml", 3)


def test_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    with pytest.raises(YamlProblem):
        parse(bomb)


def test_empty_document_is_none():
    assert parse("# only a comment\n").value is None


def test_parse_many_gives_the_same_in_worker_processes():
    texts = [
        "a: 1\nb: [x, y]\n",
        "a: [\n",
        "a: 1\na: 2\n",
        "x: &k 1\ny: *k\n",
        "",
        "big: 123456789012345678901234567890\nf: .inf\n",
        "k: no\n",
    ]
    items = [(text, Source(f"data/da/f{index}.yaml")) for index, text in enumerate(texts * 3)]
    serial, parallel = parse_many(items, 1), parse_many(items, 2)
    assert [str(d) if not hasattr(d, "value") else (d.value, d.source, d.text) for d in parallel] == [
        str(d) if not hasattr(d, "value") else (d.value, d.source, d.text) for d in serial
    ]
    assert [d.at("b", 1) for d in parallel[:1]] == [Source("data/da/f0.yaml", 2)]
    assert str(parallel[1]).startswith("data/da/f1.yaml:") and "malformed YAML" in str(parallel[1])


def test_a_line_of_an_unended_last_line_is_that_line():
    # libyaml places the end of "---" without a line break on line 2 of a 1-line file
    assert str(parse_yaml("---", Source("site.yaml")).at()) == "site.yaml:1"
    assert str(parse_yaml("a: 1\nb:", Source("x.yaml")).at("b")) == "x.yaml:2"


def test_the_quick_resolver_gives_pyyaml_s_tags():
    import yaml

    from careerguide.model.yamltext import _Yaml12Loader

    loader = _Yaml12Loader("")
    samples = [
        "",
        "~",
        "null",
        "Null",
        "true",
        "False",
        "yes",
        "no",
        "on",
        "Off",
        "12",
        "-3",
        "+4",
        "0x1F",
        "0o7",
        "1_000",
        "1.5",
        ".5",
        "-.inf",
        ".NaN",
        "1e3",
        "2026-11-23",
        "<<",
        "=",
        "tekst",
        "Tømrer",
        "! bang",
        "&a",
        "*b",
        "0",
        "007",
        "t",
        "n",
    ]
    try:
        for value in samples:
            for implicit in ((True, False), (False, True), (False, False)):
                assert loader.resolve(yaml.ScalarNode, value, implicit) == yaml.resolver.BaseResolver.resolve(
                    loader, yaml.ScalarNode, value, implicit
                ), value
        for kind in (yaml.SequenceNode, yaml.MappingNode):
            assert loader.resolve(kind, None, (True, False)) == yaml.resolver.BaseResolver.resolve(
                loader, kind, None, (True, False)
            )
    finally:
        loader.dispose()


@pytest.mark.parametrize("jobs", [1, 2])
def test_documents_parsed_together_share_their_repeated_texts(jobs):
    items = [
        (f"source: Danmarks Statistik\nyear: 2024\nname: role {n}\n", Source(f"data/da/{n}.yaml")) for n in range(96)
    ]
    docs = parse_many(items, jobs)
    assert [doc.value["name"] for doc in docs] == [f"role {n}" for n in range(96)]
    sources = [doc.value["source"] for doc in docs]
    assert sources == ["Danmarks Statistik"] * 96
    assert len({id(text) for text in sources}) <= 96 // 3  # one object in each batch, not one per document


def test_texts_streamed_in_many_batches_come_back_in_order_with_their_problems():
    texts = ["a: 1\n", "a: [\n", "name: x\nlist: [1, 2]\n", "x: &k 1\ny: *k\n"]
    items = [
        (text + f"n: {index}\n" if index % 4 != 1 else text, Source(f"data/da/f{index}.yaml"))
        for index, text in enumerate(texts * 100)
    ]
    stream = ParseStream(2)
    try:
        for text, source in items:
            stream.add(text, source)
        assert stream.workers is not None and stream.sent >= 3 * BATCH  # sent while texts were still being added
        parallel = stream.finish()
    finally:
        stream.close()
    serial = parse_many(items, 1)
    assert [str(d) if not hasattr(d, "value") else (d.value, d.source, d.text) for d in parallel] == [
        str(d) if not hasattr(d, "value") else (d.value, d.source, d.text) for d in serial
    ]
    assert str(parallel[397]).startswith("data/da/f397.yaml:") and "malformed YAML" in str(parallel[397])


def test_a_stream_closed_before_it_finished_leaves_no_process_behind():
    stream = ParseStream(2)
    for index in range(BATCH + 5):
        stream.add(f"a: {index}\n", Source(f"data/da/f{index}.yaml"))
    assert multiprocessing.active_children()
    stream.close()
    assert not multiprocessing.active_children()


def test_a_number_longer_than_python_reads_is_a_message_with_its_line():
    # Python refuses to turn text of more than 4,300 digits into an int; the editor hears where and what to do.
    with pytest.raises(YamlProblem) as caught:
        parse("a: 1\nmedian: -1_" + "9" * 4300 + "\n")
    assert str(caught.value.error) == (
        "x.yaml:2: this number has 4301 digits, more than the 4300 a number may have; "
        "shorten it, or put it in quotes to keep it as text"
    )
    assert parse("a: '" + "9" * 5000 + "'\n").value == {"a": "9" * 5000}
    assert parse("a: 0x" + "f" * 5000 + "\n").value == {"a": 16**5000 - 1}  # no limit for hexadecimal


def test_a_number_longer_than_python_reads_is_a_problem_in_a_worker_too():
    texts = [("median: " + "9" * 5000 + "\n", Source("x.yaml", 2)), ("a: 1\n", Source("y.yaml"))] * 2
    docs = parse_many(texts, jobs=2)
    assert [str(doc) for doc in docs[::2]] == [
        "x.yaml:2: this number has 5000 digits, more than the 4300 a number may have; "
        "shorten it, or put it in quotes to keep it as text"
    ] * 2
    assert [doc.value for doc in docs[1::2]] == [{"a": 1}] * 2
