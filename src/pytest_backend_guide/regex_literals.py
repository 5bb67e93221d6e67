"""Literal text that every match of an ast-grep ``regex`` must contain.

ast-grep matches a rule's ``regex`` (Rust ``regex`` syntax) against a
node's text, which is a slice of the file's text; so a string that every
match contains must be in the file. This module reads a regex and returns
groups of such strings: a match holds at least one string of each group
(``^(get|post)$`` -> one group ``{get, post}``; ``os\\.system`` -> the
group ``{os.system}``). It understands literal characters, escaped
punctuation (``\\.`` is a dot), ``\\n``/``\\t``, groups with ``|``,
anchors, classes and quantifiers. Anything it cannot prove (a verbose
``(?x)`` flag, a look-around, an escape it does not know, a malformed
expression) gives no strings at all, so the file is parsed as before.
A ``(?i)`` anywhere makes every string case-insensitive.
"""

from __future__ import annotations

from dataclasses import dataclass

# More alternatives than this and a set stops being spelled out.
LIMIT = 64
CLASS_ESCAPES = frozenset("dDsSwW")
ZERO_WIDTH_ESCAPES = frozenset("bBAz<>")
CHAR_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v"}
FLAGS = frozenset("imsUuR-")
QUANTIFIERS = frozenset("*+?{")


class Unknown(Exception):
    """The expression uses something this reader cannot prove a literal of."""


@dataclass(frozen=True)
class Literals:
    """What a regex's matches must contain.

    Attributes:
        groups: Each match holds one string of every group.
        ignore_case: Whether the strings are to be found in any case.
    """

    groups: tuple[frozenset[str], ...]
    ignore_case: bool


@dataclass(frozen=True)
class _Piece:
    """What one part of an expression matches.

    Attributes:
        exact: Every string the part can match, when there are few.
        groups: Each match of the part holds one string of every group.
    """

    exact: frozenset[str] | None
    groups: tuple[frozenset[str], ...] = ()

    def required(self) -> tuple[frozenset[str], ...]:
        """Return the groups, with the exact set as one more if it helps."""
        if self.exact is not None and "" not in self.exact:
            return (*self.groups, self.exact)
        return self.groups


OPAQUE = _Piece(exact=None)
EMPTY = _Piece(exact=frozenset({""}))


def regex_literals(regex: str) -> Literals | None:
    """Return what every match of a regex must contain, if it can be proved.

    Args:
        regex: An ast-grep ``regex`` (Rust syntax).

    Returns:
        The groups of strings, or None when nothing is known.
    """
    reader = _Reader(regex)
    try:
        piece = reader.alternation()
        if reader.pos != len(regex):
            raise Unknown(regex)
    except Unknown:
        return None
    groups = tuple(dict.fromkeys(piece.required()))
    if not groups:
        return None
    return Literals(groups=groups, ignore_case=reader.ignore_case)


def _best(groups: tuple[frozenset[str], ...]) -> frozenset[str] | None:
    """Return the group whose shortest string is longest (fewest if equal)."""
    if not groups:
        return None
    return max(groups, key=lambda g: (min(map(len, g)), -len(g)))


class _Reader:
    """A one-pass reader of a regex that builds :class:`_Piece` values."""

    def __init__(self, regex: str) -> None:
        """Start at the beginning of the expression."""
        self.text = regex
        self.pos = 0
        self.ignore_case = False

    def _peek(self) -> str:
        """Return the next character, or an empty string at the end."""
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def alternation(self) -> _Piece:
        """Read branches separated by ``|`` up to a ``)`` or the end."""
        branches = [self._sequence()]
        while self._peek() == "|":
            self.pos += 1
            branches.append(self._sequence())
        if len(branches) == 1:
            return branches[0]
        exacts = [b.exact for b in branches]
        union: set[str] = set()
        for exact in exacts:
            if exact is None:
                break
            union |= exact
        else:
            if len(union) <= LIMIT:
                return _Piece(exact=frozenset(union))
        bests = [_best(b.required()) for b in branches]
        if any(best is None for best in bests):
            return OPAQUE
        return _Piece(
            exact=None,
            groups=(frozenset(s for best in bests if best for s in best),),
        )

    def _sequence(self) -> _Piece:
        """Read items up to a ``|``, a ``)`` or the end, joining literals."""
        groups: list[frozenset[str]] = []
        current: frozenset[str] = frozenset({""})
        broken = False
        while self._peek() not in ("", "|", ")"):
            item = self._quantified(self._atom())
            if item.exact is not None and len(current) * len(item.exact) <= LIMIT:
                current = frozenset(a + b for a in current for b in item.exact)
                groups.extend(item.groups)
                continue
            broken = True
            if "" not in current:
                groups.append(current)
            groups.extend(item.required())
            current = frozenset({""})
        if not broken:
            return _Piece(exact=current, groups=tuple(groups))
        if "" not in current:
            groups.append(current)
        return _Piece(exact=None, groups=tuple(groups))

    def _quantified(self, item: _Piece) -> _Piece:
        """Apply the quantifiers that follow an item."""
        while self._peek() in QUANTIFIERS:
            char = self._peek()
            self.pos += 1
            least = 1 if char == "+" else 0
            if char == "{":
                least = self._counted()
            if self._peek() == "?":
                self.pos += 1  # lazy: matches the same strings
            if least == 0:
                exact = item.exact
                if char == "?" and exact is not None:
                    item = _Piece(exact=exact | {""})
                else:
                    item = OPAQUE
            else:
                item = _Piece(exact=None, groups=item.required())
        return item

    def _counted(self) -> int:
        """Read ``n}``, ``n,}`` or ``n,m}`` and return the least count."""
        end = self.text.find("}", self.pos)
        if end < 0:
            raise Unknown(self.text)
        least, _, most = self.text[self.pos : end].partition(",")
        if not least.strip().isdigit() or not (most.strip().isdigit() or not most):
            raise Unknown(self.text)
        self.pos = end + 1
        return int(least)

    def _atom(self) -> _Piece:
        """Read one item: a character, an escape, a class or a group."""
        char = self._peek()
        self.pos += 1
        if char == "(":
            return self._group()
        if char == "[":
            self._skip_class()
            return OPAQUE
        if char == "\\":
            return self._escape()
        if char in ("^", "$"):
            return EMPTY
        if char == ".":
            return OPAQUE
        if char in QUANTIFIERS:
            raise Unknown(self.text)
        return _Piece(exact=frozenset({char}))

    def _group(self) -> _Piece:
        """Read a group after its ``(``, flags and names included."""
        if self.text.startswith("?", self.pos):
            self.pos += 1
            if self.text.startswith(("P<", "<"), self.pos) and not (
                self.text.startswith(("<=", "<!"), self.pos)
            ):
                end = self.text.find(">", self.pos)
                if end < 0:
                    raise Unknown(self.text)
                self.pos = end + 1
            else:
                start = self.pos
                while self._peek() in FLAGS:
                    self.pos += 1
                flags = self.text[start : self.pos]
                if "i" in flags.partition("-")[0]:
                    self.ignore_case = True
                if self._peek() == ")":
                    self.pos += 1
                    return EMPTY
                if self._peek() != ":":
                    raise Unknown(self.text)  # look-arounds, (?x) and the like
                self.pos += 1
        inner = self.alternation()
        if self._peek() != ")":
            raise Unknown(self.text)
        self.pos += 1
        return inner

    def _escape(self) -> _Piece:
        """Read an escape after its backslash."""
        char = self._peek()
        self.pos += 1
        if not char:
            raise Unknown(self.text)
        if char in CHAR_ESCAPES:
            return _Piece(exact=frozenset({CHAR_ESCAPES[char]}))
        if char in CLASS_ESCAPES or char in ZERO_WIDTH_ESCAPES:
            if char == "b" and self._peek() == "{":
                self._skip_to("}")
            return OPAQUE
        if char.isascii() and not char.isalnum():
            return _Piece(exact=frozenset({char}))
        if char in "pP":
            if self._peek() == "{":
                self._skip_to("}")
            else:
                self.pos += 1
            return OPAQUE
        raise Unknown(self.text)

    def _skip_to(self, end: str) -> None:
        """Move past the next ``end`` character."""
        found = self.text.find(end, self.pos)
        if found < 0:
            raise Unknown(self.text)
        self.pos = found + 1

    def _skip_class(self) -> None:
        """Move past a character class whose ``[`` was read."""
        if self._peek() == "^":
            self.pos += 1
        if self._peek() == "]":
            self.pos += 1
        while True:
            char = self._peek()
            self.pos += 1
            if not char:
                raise Unknown(self.text)
            if char == "]":
                return
            if char == "\\":
                self.pos += 1
            elif char == "[":
                if self._peek() == ":":
                    self._skip_to("]")
                else:
                    self._skip_class()
