"""The sandbox every template renders in: Jinja's immutable sandbox without its global functions,
arithmetic that cannot run away, a time limit per page, and the messages for what it refuses."""

from __future__ import annotations

import re
import time
import types
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from jinja2 import Template, Undefined, UndefinedError, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.defaults import DEFAULT_NAMESPACE
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from careerguide.render.reads import TEMPLATE, ReadLog

PAGE_SECONDS = 10.0
"""How long one page may take to render, in seconds of wall time, before the build gives up on it."""
MAX_ITEMS = 100_000
"""The longest string, list or tuple `*` may make; Jinja's sandbox bounds `range` at the same size."""
MAX_BITS = 14_300
"""The largest number `*` and `**` may make: Python prints no integer of over 4,300 digits anyway."""
WITHHELD = frozenset(DEFAULT_NAMESPACE)
"""Jinja's global functions (`range`, `dict`, `lipsum`, `cycler`, `joiner`, `namespace`), which no theme uses."""
PACE = 64
"""A loop looks at the clock every this many items."""

_deadline: ContextVar[tuple[float, float] | None] = ContextVar("careerguide_render_deadline", default=None)
# The deadline belongs to one render call, in whichever thread (the preview) or process (a worker) it
# runs; Jinja hands its hooks no page of its own, so the render sets it here for its own context only.


class RenderTimeout(Exception):
    """A page took longer than its time limit to render."""

    def __init__(self, seconds: float):
        super().__init__(f"rendering took over {seconds:g} s")
        self.seconds = seconds

    def __reduce__(self) -> tuple[type[RenderTimeout], tuple[float]]:
        return RenderTimeout, (self.seconds,)


@contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    """Renders inside this block end with RenderTimeout once `seconds` (PAGE_SECONDS) of wall time have passed."""
    limit = PAGE_SECONDS if seconds is None else seconds
    token = _deadline.set((time.monotonic() + limit, limit))
    try:
        yield
    finally:
        _deadline.reset(token)


def _check_time() -> None:
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline[0]:
        raise RenderTimeout(deadline[1])


class _PacedCodeGenerator(CodeGenerator):
    """Jinja's code generator with every loop's iterable passed through `environment.paced`, since a loop
    is the one thing in a template that can run for long without calling anything the sandbox sees."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._loop_iterables: set[int] = set()  # ids of the For nodes' iterables; Jinja allows no node types of ours

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        self._loop_iterables.add(id(node.iter))
        super().visit_For(node, frame)

    def visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> Any:
        if id(node) not in self._loop_iterables:
            return super().visit(node, *args, **kwargs)
        self.write("environment.paced(")
        super().visit(node, *args, **kwargs)
        self.write(")")
        return None


_DICT_ATTRIBUTES = frozenset(dir(dict))
_METHODS = (types.MethodType, types.BuiltinMethodType)


class SandboxedEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with no global functions, bounded `*` and `**`, loops and calls that
    keep to the page's time limit, and quicker at `row.name` on plain dicts."""

    code_generator_class = _PacedCodeGenerator
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals.clear()
        self._safe_attributes: dict[tuple[type, str], bool] = {}
        self._plain_attributes: dict[type, set[str]] = {}
        """Type -> the names of its attributes a template may read as they are (safe, and no `format` to wrap)."""
        self.read_log: ReadLog | None = None
        """Where the templates a page is rendered from are recorded (see `reads`)."""

    def get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> Template:
        """Jinja's template, recorded as read: a page rendered from it, or extending, including or importing it."""
        if self.read_log is not None and isinstance(name, str):
            self.read_log.note(TEMPLATE + name)
        return super().get_template(name, parent, globals)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja's answer, remembered per type and name: it looks at nothing else (through `isinstance`), and
        asking it afresh for every `page.ref.title` took a third of a role page's time."""
        key = (type(obj), attr)
        safe = self._safe_attributes.get(key)
        if safe is None:
            safe = self._safe_attributes[key] = super().is_safe_attribute(obj, attr, value)
            if safe and attr not in ("format", "format_map"):  # a `format` method is wrapped, whatever object it is of
                self._plain_attributes.setdefault(type(obj), set()).add(attr)
        return safe

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`obj.attribute` in a template: what Jinja's sandbox gives, with two shortcuts that give the same."""
        # Jinja tries the attribute first and catches the AttributeError, which a dict raises for every
        # key asked for that way: a tenth of the time of a comparison page. A plain dict has no other
        # attributes than its type's, so looking the key up first gives the same result.
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                value = obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
            return value if type(value) not in _METHODS else self.wrap_str_format(value) or value
        plain = self._plain_attributes.get(type(obj))
        if plain is not None and attribute in plain:
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                return super().getattr(obj, attribute)
            # A bound `str.format` kept as data must still be wrapped, as Jinja's sandbox does.
            return value if type(value) not in _METHODS else self.wrap_str_format(value) or value
        return super().getattr(obj, attribute)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        """An unsafe attribute of something undefined stays that undefined name, which says more than its type."""
        if isinstance(obj, Undefined):
            return obj
        return super().unsafe_undefined(obj, attribute)

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """A call made by a template (a function, method or macro), which first looks at the clock."""
        _check_time()
        return super().call(context, obj, *args, **kwargs)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """`*` and `**`, refused where the result would be too large to make in reasonable time."""
        if operator == "**":
            _check_power(left, right)
        elif operator == "*":
            _check_product(left, right)
        return super().call_binop(context, operator, left, right)

    def paced(self, iterable: Any) -> Iterable[Any]:
        """A loop's iterable; a long one looks at the clock as the loop runs."""
        deadline = _deadline.get()
        if deadline is None:
            return iterable
        if time.monotonic() > deadline[0]:
            raise RenderTimeout(deadline[1])
        if type(iterable) in (list, tuple) and len(iterable) <= PACE:
            return iterable
        return _paced(iterable, deadline)


def _paced(iterable: Iterable[Any], deadline: tuple[float, float]) -> Iterator[Any]:
    for count, item in enumerate(iterable, 1):
        if not count % PACE and time.monotonic() > deadline[0]:
            raise RenderTimeout(deadline[1])
        yield item


def _bits(value: int) -> int:
    return max(abs(value).bit_length(), 1)


def _check_power(base: Any, exponent: Any) -> None:
    if (
        type(base) is int
        and type(exponent) is int
        and exponent > 0
        and abs(base) > 1
        and (_bits(base) - 1) * exponent > MAX_BITS
    ):
        raise SecurityError(f"{base} ** {exponent} is a number of over 4,300 digits, too large for a template")


def _check_product(left: Any, right: Any) -> None:
    if type(left) is int and type(right) is int:
        if _bits(left) + _bits(right) > MAX_BITS + 1:
            raise SecurityError("the product is a number of over 4,300 digits, too large for a template")
        return
    times, sequence = (left, right) if isinstance(left, int) else (right, left)
    if isinstance(times, int) and isinstance(sequence, (str, list, tuple)) and len(sequence) * times > MAX_ITEMS:
        raise SecurityError(
            f"repeating {len(sequence):,} item(s) {times:,} times makes more than the {MAX_ITEMS:,} a template may make"
        )


_UNDEFINED_NAME = re.compile(r"'(\w+)' is undefined")
SECURITY_DOC = "docs/security.md"


def refusal(exc: Exception) -> str:
    """The words for an error the sandbox raised, in an editor's terms with what to do instead."""
    if isinstance(exc, UndefinedError) and (found := _UNDEFINED_NAME.fullmatch(str(exc))) and found[1] in WITHHELD:
        return (
            f"'{found[1]}' is not available to templates: a template has the page's data, Jinja's filters and tests, "
            f"and the theme's url, asset, shy and inline (see {SECURITY_DOC})"
        )
    if isinstance(exc, SecurityError):
        return (
            f"refused by the sandbox: {str(exc).rstrip('.')}; a template may read the page's data, "
            f"but not change it or reach into Python (see {SECURITY_DOC})"
        )
    return f"template error: {exc}"


def without_end(exc: RecursionError) -> str:
    """The words for a render that went too deep: a template that includes or extends itself, or a macro that calls
    itself."""
    locations = []
    tb = exc.__traceback__
    while tb is not None:  # Jinja names the frames of a template's top level or blocks, and "template" those of macros
        if tb.tb_frame.f_code.co_filename.startswith("templates/"):
            locations.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    if not locations:
        return "the template is nested too deeply to be read; split its expressions and blocks into smaller ones"
    if all(name == "template" for name in locations[-50:]):
        return "a macro calls itself without end; give it a condition on which it stops calling itself"
    return (
        "the template includes itself without end (directly, through other templates, or by extending itself); "
        "remove the include, import or extends that leads back to it"
    )
