"""module_facts: what each function and class of a file is, read from its node index."""

from __future__ import annotations

import sys
import textwrap

from pytest_backend_guide import SourceFile
from pytest_backend_guide.helpers import ModuleFacts, module_facts


def _facts(code: str) -> ModuleFacts:
    return module_facts(SourceFile("app/shop.py", textwrap.dedent(code)))


def _by_name(facts: ModuleFacts) -> dict[str, object]:
    return {function.qualname: function for function in facts.functions}


def test_names_owners_and_visibility_follow_the_definitions_around() -> None:
    facts = _facts(
        """\
        class Shop:
            def buy(self): ...
            class _Basket:
                def add(self): ...
            if True:
                def __init__(self): ...

        def helper():
            class Local:
                def run(self): ...
            def inner(): ...
        """
    )
    functions = {f.qualname: f for f in facts.functions}
    assert list(functions) == [
        "Shop.buy",
        "Shop._Basket.add",
        "Shop.__init__",
        "helper",
        "helper.Local.run",
        "helper.inner",
    ]
    assert [c.qualname for c in facts.classes] == [
        "Shop",
        "Shop._Basket",
        "helper.Local",
    ]
    shop, basket, local = facts.classes
    assert functions["Shop.buy"].owner is shop and functions["Shop.buy"].public
    assert functions["Shop._Basket.add"].owner is basket
    assert not functions["Shop._Basket.add"].public
    assert shop.init is functions["Shop.__init__"]  # in an ``if`` of the body
    assert not local.public and local.nested
    assert functions["helper.Local.run"].owner is local
    assert functions["helper.inner"].nested and not functions["helper.inner"].public
    assert functions["helper"].public and not functions["helper"].nested


def test_returns_raises_and_yields_belong_to_the_nearest_function() -> None:
    facts = _by_name(
        _facts(
            """\
            def outer(x):
                def inner():
                    return 1
                    yield x
                square = lambda: (yield)
                class Error(Exception):
                    pass
                if x:
                    raise ValueError("no")
                return None

            def gen():
                with (yield) as value:
                    pass

            def loop():
                for item in (yield from items()):
                    pass
            """
        )
    )
    outer, inner = facts["outer"], facts["outer.inner"]
    assert not outer.returns_value and not outer.is_generator  # type: ignore[attr-defined]
    assert [r.name for r in outer.raises] == ["ValueError"]  # type: ignore[attr-defined]
    assert inner.returns_value and inner.is_generator  # type: ignore[attr-defined]
    assert facts["gen"].is_generator  # type: ignore[attr-defined]
    assert facts["loop"].is_generator  # type: ignore[attr-defined]


def test_only_a_try_body_is_protected_by_its_handlers() -> None:
    facts = _by_name(
        _facts(
            """\
            def load(path):
                try:
                    raise KeyError(path)
                except KeyError:
                    raise LookupError(path)
                else:
                    raise KeyError("else")
                finally:
                    try:
                        raise OSError
                    except Exception:
                        pass
                def later():
                    raise KeyError("own function")
            """
        )
    )
    raised = [(r.name, r.node.lineno) for r in facts["load"].raises]  # type: ignore[attr-defined]
    assert raised == [("LookupError", 5), ("KeyError", 7)]
    assert [r.name for r in facts["load.later"].raises] == ["KeyError"]  # type: ignore[attr-defined]


def test_an_overload_implementation_follows_its_stubs_in_the_same_block() -> None:
    functions = _facts(
        """\
        from typing import overload

        @overload
        def get(x: int) -> int: ...
        @overload
        def get(x: str) -> str: ...
        def get(x): return x

        @overload
        def put(x: int) -> int: ...
        if True:
            def put(x): return x
        """
    ).functions
    assert [(f.name, f.is_overload, f.overload_impl) for f in functions] == [
        ("get", True, False),
        ("get", True, False),
        ("get", False, True),
        ("put", True, False),
        ("put", False, False),  # another block: not the implementation
    ]


def test_a_long_elif_chain_needs_no_recursion() -> None:
    # Each ``elif`` is an ``if`` inside the one before: thousands of levels.
    branches = sys.getrecursionlimit() * 2
    lines = ["if x == 0:", "    pass"]
    for value in range(1, branches):
        lines += [f"elif x == {value}:", "    pass"]
    lines += ["else:", "    def deep():", "        raise ValueError"]
    source = SourceFile("app/deep.py", "\n".join(lines) + "\n")
    (deep,) = module_facts(source).functions
    assert deep.qualname == "deep" and [r.name for r in deep.raises] == ["ValueError"]
