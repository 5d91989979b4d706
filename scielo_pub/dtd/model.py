"""Content model expressions in, a lazily built deterministic automaton (Brzozowski derivatives) out.

Every expression is interned as a small integer, so a state of the automaton is one ``int`` and a
transition is one dictionary look-up once it has been computed: parsing many documents with the
same DTD reuses the automaton built so far.
"""

from __future__ import annotations

PCDATA = "#pcdata"
EPS = 0
FAIL = 1


class Algebra:
    """Interned regular expressions over element names with SGML's ``,`` ``|`` ``&`` and ``? * +``."""

    def __init__(self) -> None:
        self.nodes: list[tuple] = [("e",), ("f",)]
        self._index: dict[tuple, int] = {("e",): EPS, ("f",): FAIL}
        self._nullable: dict[int, bool] = {EPS: True, FAIL: False}
        self._first: dict[int, frozenset[str]] = {EPS: frozenset(), FAIL: frozenset()}
        self._deriv: dict[tuple[int, str], int] = {}
        #: Every transition computed so far, ``(state, symbol) -> state``: hot loops look here
        #: first and call ``step`` only on a miss.
        self.transitions = self._deriv
        #: ``nullable`` of every state computed so far (``state -> bool``), for hot loops likewise.
        self.nullables = self._nullable

    def _intern(self, node: tuple) -> int:
        found = self._index.get(node)
        if found is None:
            found = len(self.nodes)
            self.nodes.append(node)
            self._index[node] = found
        return found

    def sym(self, name: str) -> int:
        return self._intern(("s", name))

    def seq(self, a: int, b: int) -> int:
        if a == FAIL or b == FAIL:
            return FAIL
        if a == EPS:
            return b
        if b == EPS:
            return a
        node = self.nodes[a]
        if node[0] == "q":  # keep sequences right-nested so equal languages intern equally
            return self.seq(node[1], self.seq(node[2], b))
        return self._intern(("q", a, b))

    def seq_all(self, items: list[int]) -> int:
        out = EPS
        for item in reversed(items):
            out = self.seq(item, out)
        return out

    def alt(self, items: list[int] | tuple[int, ...]) -> int:
        flat: set[int] = set()
        for item in items:
            node = self.nodes[item]
            if node[0] == "o":
                flat.update(node[1])
            elif item != FAIL:
                flat.add(item)
        if not flat:
            return FAIL
        if len(flat) == 1:
            return next(iter(flat))
        return self._intern(("o", tuple(sorted(flat))))

    def opt(self, a: int) -> int:
        return self.alt((a, EPS))

    def star(self, a: int) -> int:
        if a in (EPS, FAIL):
            return EPS
        if self.nodes[a][0] == "r":
            return a
        return self._intern(("r", a))

    def plus(self, a: int) -> int:
        return self.seq(a, self.star(a))

    def and_(self, items: list[int] | tuple[int, ...]) -> int:
        members = [i for i in items if i != EPS]
        if FAIL in members:
            return FAIL
        if not members:
            return EPS
        if len(members) == 1:
            return members[0]
        return self._intern(("a", tuple(sorted(members))))

    def nullable(self, e: int) -> bool:
        found = self._nullable.get(e)
        if found is None:
            node = self.nodes[e]
            kind = node[0]
            if kind == "s":
                found = False
            elif kind == "q":
                found = self.nullable(node[1]) and self.nullable(node[2])
            elif kind == "o":
                found = any(self.nullable(x) for x in node[1])
            elif kind == "r":
                found = True
            else:
                found = all(self.nullable(x) for x in node[1])
            self._nullable[e] = found
        return found

    def first(self, e: int) -> frozenset[str]:
        """Symbols that can come next in state ``e``."""
        found = self._first.get(e)
        if found is None:
            node = self.nodes[e]
            kind = node[0]
            if kind == "s":
                found = frozenset((node[1],))
            elif kind == "q":
                found = self.first(node[1])
                if self.nullable(node[1]):
                    found = found | self.first(node[2])
            elif kind == "r":
                found = self.first(node[1])
            else:
                found = frozenset().union(*(self.first(x) for x in node[1]))
            self._first[e] = found
        return found

    def step(self, e: int, symbol: str) -> int:
        """The state after ``symbol`` in state ``e`` (FAIL when not allowed); cached."""
        key = (e, symbol)
        found = self._deriv.get(key)
        if found is None:
            found = self._derive(e, symbol) if symbol in self.first(e) else FAIL
            self._deriv[key] = found
        return found

    def _derive(self, e: int, symbol: str) -> int:
        node = self.nodes[e]
        kind = node[0]
        if kind == "s":
            return EPS if node[1] == symbol else FAIL
        if kind == "q":
            head = self.seq(self.step(node[1], symbol), node[2])
            if self.nullable(node[1]):
                return self.alt((head, self.step(node[2], symbol)))
            return head
        if kind == "o":
            return self.alt([self.step(x, symbol) for x in node[1]])
        if kind == "r":
            return self.seq(self.step(node[1], symbol), e)
        members = node[1]
        options = []
        for i, member in enumerate(members):
            d = self.step(member, symbol)
            if d != FAIL:
                rest = self.and_(members[:i] + members[i + 1 :])
                options.append(self.seq(d, rest))
        return self.alt(options)

    def required_next(self, e: int) -> str | None:
        """The one element that must come next (for start-tag inference), else None."""
        if self.nullable(e):
            return None
        first = self.first(e)
        if len(first) != 1:
            return None
        (name,) = first
        return None if name == PCDATA else name

    def describe(self, e: int) -> str:
        """The expected symbols in state ``e`` as text for messages."""
        names = sorted(self.first(e))
        return ", ".join(n.upper() if n != PCDATA else "#PCDATA" for n in names) or "nothing more"
