"""YAML texts parsed in worker processes while the load stage is still reading the next files."""

from __future__ import annotations

import marshal
import queue
from collections.abc import Iterator
from typing import Any

from careerguide.model.errors import ContentError, Source
from careerguide.model.yamltext import KeyPath, YamlDoc, parse_or_problem
from careerguide.parallel.forking import Workers, worker_count

BATCH = 128
"""Texts sent to a worker at a time."""


class ParseStream:
    """`parse_yaml` of texts given one at a time, parsed while the caller reads the next ones.

    Once there are enough of them (see `forking.worker_count`; `jobs` as there), they go in batches to
    worker processes, forked then, while the caller is still small. `finish` gives every document or
    problem in the order the texts were added; `close` stops the workers, also when the caller fails.
    """

    def __init__(self, jobs: int | None = 1):
        self.jobs = jobs
        self.items: list[tuple[str, Source]] = []
        self.sent = 0
        """items[:sent] have gone to the workers."""
        self.workers: Workers | None = None
        self.batches: queue.SimpleQueue[tuple[int, list[tuple[str, Source]]] | None] = queue.SimpleQueue()
        self.results: Iterator[tuple[int, bytes, dict[int, ContentError]]] = iter(())

    def add(self, text: str, source: Source) -> None:
        self.items.append((text, source))
        if self.workers is None and len(self.items) >= 2 and (count := worker_count(self.jobs, len(self.items))) > 1:
            self.workers = Workers(count, _start_parser, _parse_batch)
            self.results = self.workers.run(None, iter(self.batches.get, None))
        if self.workers is not None and len(self.items) - self.sent >= BATCH:
            self._send()

    def _send(self) -> None:
        self.batches.put((self.sent, self.items[self.sent :]))
        self.sent = len(self.items)

    def finish(self) -> list[YamlDoc | ContentError]:
        if self.workers is None:
            texts: dict[str, str] = {}
            return [parse_or_problem(item, texts) for item in self.items]
        if self.sent < len(self.items):
            self._send()
        self.batches.put(None)
        docs: list[YamlDoc | ContentError | None] = [None] * len(self.items)
        for start, values, problems in self.results:
            for index, value in enumerate(marshal.loads(values), start):
                if value is None:
                    docs[index] = problems[index]
                    continue
                text, source = self.items[index]
                doc = YamlDoc(value[0], source, text)
                if value[1] is not None:
                    doc.__dict__["lines"] = value[1]
                docs[index] = doc
        return docs  # type: ignore[return-value]  # every batch has answered

    def close(self) -> None:
        if self.workers is not None:
            self.batches.put(None)  # the thread that sends the batches waits for the next one
            self.workers.close()
            self.workers = None


def _start_parser(setup: None) -> None:
    """A parse worker needs nothing but the batches."""


def _parse_batch(
    state: None, batch: tuple[int, list[tuple[str, Source]]]
) -> tuple[int, bytes, dict[int, ContentError]]:
    """In a worker: the values (and lines, when known) of a batch of documents, marshalled, which is several
    times faster than pickling plain data and keeps the texts they share shared; None in their place for
    the documents with a problem."""
    start, items = batch
    values: list[tuple[Any, dict[KeyPath, int] | None] | None] = []
    problems: dict[int, ContentError] = {}
    texts: dict[str, str] = {}
    for index, item in enumerate(items, start):
        doc = parse_or_problem(item, texts)
        if isinstance(doc, ContentError):
            problems[index] = doc
            values.append(None)
        else:
            values.append((doc.value, doc.__dict__.get("lines")))
    return start, marshal.dumps(values), problems
