"""One control-flow graph per function, built from its syntax tree: what follows what.

The lock-state dataflow (kmodlint.driver.locks) and the path questions of
kmodlint.flow (what runs after a statement, what a statement can reach) both
read this graph instead of each following the tree on its own.

Nodes are the function's leaf statements (expression statements, declarations,
returns, goto/break/continue), the conditions of its branches and loops (with a
true and a false edge; a switch's edges to its cases are true edges), a `for`'s
initializer and update, and no-op nodes where a statement is entered (a block,
a label, a case, a `for`, a `do`) so that every statement has an entry node.
A block's end is a node of its own: a `guard()` taken in it ends there. A
`scoped_guard(...) { }` (a `while` to the parser once kmodlint.source masks it)
whose kind the kernel knows is run once between a guard_enter and a guard_exit
node. `#if` blocks inside a body, and ERROR nodes, are sequences.

A node is named by byte offsets and its tree type, never by a tree node: a
graph may outlive its syntax tree (kmodlint.trees lets a large folder's trees go).
The build is an explicit stack, not recursion, so thousands of nested blocks
cannot overflow Python's stack; past MAX_NODES nodes a function is `truncated`.

`follow` says, per statement (type, start, end), which node control reaches when
the statement completes normally, whether or not it can complete: kmodlint.flow's
after(). An edge that goes back round a loop (from the end of its body, or a
`do`'s test) is in `back`, with the loop; a statement whose completion does is
in `round`. graph_of() builds a function's graph once for every reader: the
file's Extractor keeps them (function_graphs).
"""
from __future__ import annotations

from kmodlint import kernel

# Node kinds. The ones whose state before them kmodlint.driver.locks records for a lookup by offset:
LEAF, CONDITION, INITIALIZER, UPDATE = "leaf", "condition", "initializer", "update"
RECORDED = frozenset({LEAF, CONDITION, INITIALIZER, UPDATE})
# ... and the others.
ENTRY, EXIT, JUMP, BLOCK, BLOCK_END, LABEL, CASE, HEAD, BRANCH, GUARD_ENTER, GUARD_EXIT = (
    "entry", "exit", "jump", "block", "block_end", "label", "case", "head", "branch", "guard_enter", "guard_exit")

# Edge labels.
PLAIN, TRUE, FALSE = 0, 1, 2

MAX_NODES = 400_000  # a function this large is not followed (a 20,000-statement one needs ~45,000)

_LEAVES = frozenset({"expression_statement", "declaration", "return_statement"})
_JUMPS = frozenset({"goto_statement", "break_statement", "continue_statement"})
_LOOPS = frozenset({"while_statement", "for_statement", "do_statement"})


def text(data: bytes, start: int, end: int) -> str:
    return " ".join(data[start:end].decode("latin-1").split())


class Graph:
    """The control flow of one function body. Node i: kind[i], type[i] (the tree type of the
    bytes start[i]..end[i]), succ[i] ([(node, edge label)]) and statement[i], the statement
    (type, start, end) it is the entry of, or None."""

    def __init__(self):
        self.kind: list[str] = []
        self.type: list[str] = []
        self.start: list[int] = []
        self.end: list[int] = []
        self.succ: list[list[tuple[int, int]]] = []
        self.statement: list[tuple[str, int, int] | None] = []
        self.entry_of: dict[tuple[str, int, int], int] = {}  # statement -> its entry node
        self.follow: dict[tuple[str, int, int], int] = {}  # statement -> where it completes to
        self.back: dict[tuple[int, int], tuple[str, int, int]] = {}  # edge (node, node) -> the loop it goes round
        # statement -> the loop its completion goes round
        self.round: dict[tuple[str, int, int], tuple[str, int, int]] = {}
        self.labels: dict[str, list[int]] = {}  # label name -> its label nodes, in order
        self.guards: dict[int, tuple[str, str, int, int]] = {}  # `guard(K)(lock);` node -> (K, lock, start, end)
        # A condition whose test (under `!` and parentheses) is a call: node -> (callee, first argument,
        # negated, call start, call end).
        self.tests: dict[int, tuple[str, str, bool, int, int]] = {}
        self.scoped: dict[int, tuple[str, str]] = {}  # guard_enter node -> (kind, lock) of its scoped_guard
        self.guard_of_exit: dict[int, int] = {}  # guard_exit node -> its guard_enter node
        self.entry = self.exit = 0
        self.truncated = False

    def __len__(self) -> int:
        return len(self.kind)

    def add(self, kind: str, type_: str, start: int, end: int, statement=None) -> int:
        node = len(self.kind)
        self.kind.append(kind)
        self.type.append(type_)
        self.start.append(start)
        self.end.append(end)
        self.succ.append([])
        self.statement.append(statement)
        if statement is not None:
            self.entry_of.setdefault(statement, node)
        return node

    def predecessors(self) -> list[list[tuple[int, int]]]:
        preds: list[list[tuple[int, int]]] = [[] for _ in self.kind]
        for node, edges in enumerate(self.succ):
            for target, label in edges:
                preds[target].append((node, label))
        return preds

    def at(self, offset: int, kinds=RECORDED) -> list[int]:
        """The nodes of these kinds whose bytes hold `offset`."""
        return [n for n in range(len(self.kind)) if self.kind[n] in kinds and self.start[n] <= offset < self.end[n]]


def _key(node) -> tuple[str, int, int]:
    return (node.type, node.start_byte, node.end_byte)


class _Open:
    """Control not linked yet: the (node, edge label) pairs it leaves by, and the statements
    whose normal completion it is (their follow is the node it is linked to)."""

    __slots__ = ("edges", "statements")

    def __init__(self, edges=None, statements=None):
        self.edges = edges if edges is not None else []
        self.statements = statements if statements is not None else []

    def join(self, other: "_Open") -> "_Open":
        return _Open(self.edges + other.edges, self.statements + other.statements)


class _Frame:
    """An enclosing loop, switch or scoped_guard: where break and continue go."""

    __slots__ = ("breaks", "continues", "switch", "has_default")

    def __init__(self, loop: bool, switch: int | None = None):
        self.breaks: list[tuple[int, int]] = []
        self.continues: list[tuple[int, int]] | None = [] if loop else None
        self.switch = switch  # a switch's condition node, which goes to each of its cases
        self.has_default = False


def graph_of(graphs: dict, body, data: bytes) -> Graph:
    """The graph of `body`, built once per file's `graphs` (an Extractor's function_graphs)."""
    key = (body.start_byte, body.end_byte)
    graph = graphs.get(key)
    if graph is None:
        graph = graphs[key] = build(body, data)
    return graph


def build(body, data: bytes) -> Graph:
    """The graph of a function body (a compound statement node) of the file `data`."""
    return _Builder(data).run(body)


class _Builder:
    def __init__(self, data: bytes):
        self.data = data
        self.graph = Graph()
        self.frames: list[_Frame] = []
        self.gotos: list[tuple[int, str]] = []

    # -- linking

    def link(self, open_: _Open, target: int, loop=None) -> None:
        graph = self.graph
        for node, label in open_.edges:
            graph.succ[node].append((target, label))
            if loop is not None:
                graph.back[(node, target)] = loop
        for statement in open_.statements:
            graph.follow.setdefault(statement, target)
            if loop is not None:
                graph.round.setdefault(statement, loop)
        open_.edges, open_.statements = [], []

    def enter(self, open_: _Open, kind: str, node, statement=True, span=None) -> int:
        start, end = span if span is not None else (node.start_byte, node.end_byte)
        created = self.graph.add(kind, node.type, start, end, _key(node) if statement else None)
        self.link(open_, created)
        return created

    def branch(self, open_, node) -> int:
        """The node where an `if`, a `switch` or a `while` decides: its condition (true/false edges tested on
        it), or a plain branch when the condition did not parse."""
        condition = node.child_by_field_name("condition")
        if condition is None:
            return self.enter(open_, BRANCH, node)
        test = self.enter(open_, CONDITION, node, span=(condition.start_byte, condition.end_byte))
        self.graph.type[test] = condition.type
        self.test(test, condition)
        return test

    def text(self, node) -> str:
        return text(self.data, node.start_byte, node.end_byte)

    # -- the walk

    def run(self, body) -> Graph:
        graph = self.graph
        graph.entry = graph.add(ENTRY, "entry", body.start_byte, body.start_byte)
        stack = [self.statement(body, _Open([(graph.entry, PLAIN)]))]
        result = None
        while stack:
            if len(graph.kind) > MAX_NODES:
                graph.truncated = True
                return graph
            try:
                child, open_ = stack[-1].send(result)
            except StopIteration as done:
                stack.pop()
                result = done.value
                continue
            if child.type in _LEAVES or child.type in _JUMPS:
                result = self.simple(child, open_)  # most statements: no generator for them
            else:
                stack.append(self.statement(child, open_))
                result = None
        graph.exit = graph.add(EXIT, "exit", body.end_byte, body.end_byte)
        self.link(result, graph.exit)
        for node in range(len(graph.kind)):
            if graph.kind[node] == LEAF and graph.type[node] == "return_statement":
                graph.succ[node].append((graph.exit, PLAIN))
        for node, label in self.gotos:
            for target in graph.labels.get(label, ()):
                graph.succ[node].append((target, PLAIN))
        return graph

    def statement(self, node, open_: _Open):
        """A generator: yields (child statement, open control) for each statement inside `node`, is
        sent what the child leaves open, and returns what `node` leaves open."""
        kind = node.type
        graph = self.graph
        if kind in _LEAVES or kind in _JUMPS:
            return self.simple(node, open_)
        if kind == "compound_statement" or kind == "translation_unit" or kind.startswith("preproc_") or kind == "ERROR":
            created = self.enter(open_, BLOCK, node)
            current = _Open([(created, PLAIN)])
            condition = node.child_by_field_name("condition") if kind.startswith("preproc_") else None
            for child in node.named_children:
                if child.type in ("comment", "preproc_arg") or (kind.startswith("preproc_") and (
                        child.type == "identifier" or (condition is not None and child.id == condition.id))):
                    continue
                current = yield (child, current)
            if kind == "compound_statement":  # guard()s taken in the block end with it
                end = graph.add(BLOCK_END, kind, node.start_byte, node.end_byte)
                self.link(current, end)
                current = _Open([(end, PLAIN)])
            current.statements.append(_key(node))
            return current
        if kind == "labeled_statement":
            created = self.enter(open_, LABEL, node)
            label = node.child_by_field_name("label")
            if label is not None:
                graph.labels.setdefault(self.text(label), []).append(created)
            current = _Open([(created, PLAIN)])
            for child in node.named_children:
                if child.type != "comment" and (label is None or child.id != label.id):
                    current = yield (child, current)
            current.statements.append(_key(node))
            return current
        if kind == "if_statement":
            test = self.branch(open_, node)
            consequence = node.child_by_field_name("consequence")
            yes = _Open([(test, TRUE)])
            if consequence is not None:
                yes = yield (consequence, yes)
            alternative = node.child_by_field_name("alternative")
            no = _Open([(test, FALSE)])
            if alternative is not None:
                if alternative.type == "else_clause" and alternative.named_children:
                    alternative = alternative.named_children[-1]
                no = yield (alternative, no)
            out = yes.join(no)
            out.statements.append(_key(node))
            return out
        if kind in _LOOPS:
            return (yield from self.loop(node, open_))
        if kind == "switch_statement":
            test = self.branch(open_, node)
            frame = _Frame(loop=False, switch=test)
            self.frames.append(frame)
            current = _Open()  # nothing comes to what stands before the first case
            body = node.child_by_field_name("body")
            for child in (body.named_children if body is not None else ()):
                if child.type != "comment":
                    current = yield (child, current)
            self.frames.pop()
            out = current.join(_Open(list(frame.breaks)))
            if not frame.has_default:
                out.edges.append((test, TRUE))
            out.statements.append(_key(node))
            return out
        if kind == "case_statement":  # of the innermost switch, at any depth (`#ifdef` around cases, Duff's device)
            switch = next((frame for frame in reversed(self.frames) if frame.switch is not None), None)
            value = node.child_by_field_name("value")
            if switch is not None:
                switch.has_default = switch.has_default or value is None
                open_.edges.append((switch.switch, TRUE))
            created = self.enter(open_, CASE, node)
            current = _Open([(created, PLAIN)])
            for child in node.named_children:
                if child.type != "comment" and (value is None or child.id != value.id):
                    current = yield (child, current)
            current.statements.append(_key(node))
            return current
        if kind == "attributed_statement":
            current = open_
            for child in node.named_children:
                if child.type != "attribute_declaration":
                    current = yield (child, current)
            current.statements.append(_key(node))
            return current
        # anything else (a nested definition, a directive, an expression in an odd place): one leaf
        created = self.enter(open_, LEAF, node)
        return _Open([(created, PLAIN)], [_key(node)])

    def simple(self, node, open_: _Open) -> _Open:
        """A leaf statement, or a jump."""
        kind = node.type
        key = (kind, node.start_byte, node.end_byte)
        if kind in _LEAVES:
            created = self.graph.add(LEAF, kind, key[1], key[2], key)
            self.link(open_, created)
            if kind == "expression_statement" and self.data.startswith(b"guard", key[1]):
                self.guard(created, node)
            if kind == "return_statement":
                return _Open([], [key])  # its edge to the exit is added at the end
            return _Open([(created, PLAIN)], [key])
        created = self.enter(open_, JUMP, node)
        if kind == "goto_statement":
            label = node.child_by_field_name("label")
            if label is not None:
                self.gotos.append((created, self.text(label)))
        elif kind == "break_statement":
            if self.frames:
                self.frames[-1].breaks.append((created, PLAIN))
        else:
            for frame in reversed(self.frames):
                if frame.continues is not None:
                    frame.continues.append((created, PLAIN))
                    break
        return _Open([], [key])

    def loop(self, node, open_: _Open):
        graph = self.graph
        body = node.child_by_field_name("body")
        condition = node.child_by_field_name("condition")
        loop = _key(node)
        scoped = self.scoped_guard(node) if node.type == "while_statement" else None
        if scoped is not None:  # run once, with the guard held, left by its end, break or continue
            head = condition.end_byte if condition is not None else node.end_byte
            enter = self.enter(open_, GUARD_ENTER, node, span=(node.start_byte, head))  # `scoped_guard(...)`
            graph.scoped[enter] = scoped
            frame = _Frame(loop=True)
            self.frames.append(frame)
            out = _Open([(enter, PLAIN)])
            if body is not None:
                out = yield (body, out)
            self.frames.pop()
            leave = graph.add(GUARD_EXIT, node.type, node.start_byte, node.end_byte)
            graph.guard_of_exit[leave] = enter
            # To kmodlint.flow the body's end goes round a loop, as for any `while`.
            self.link(out, leave, loop)
            self.link(_Open(frame.breaks + frame.continues), leave)
            return _Open([(leave, PLAIN)], [loop])
        endless = condition is None or \
            text(self.data, condition.start_byte, condition.end_byte).strip("() ") in ("1", "true")
        frame = _Frame(loop=True)
        if node.type == "do_statement":
            head = self.enter(open_, HEAD, node)
            self.frames.append(frame)
            out = _Open([(head, PLAIN)])
            if body is not None:
                out = yield (body, out)
            self.frames.pop()
            if condition is not None:
                test = graph.add(CONDITION, condition.type, condition.start_byte, condition.end_byte)
                self.test(test, condition)
                self.link(out, test, loop)  # to kmodlint.flow, round the loop
                self.link(_Open(frame.continues), test)
                again = _Open([(test, TRUE)])
            else:
                again, test = out.join(_Open(frame.continues)), None
            first = graph.succ[head][0][0] if graph.succ[head] else None
            if first is not None:
                self.link(again, first, loop)
            exits = _Open(list(frame.breaks))
            if test is not None and not endless:
                exits.edges.append((test, FALSE))
            exits.statements.append(loop)
            return exits
        if node.type == "for_statement":
            head = self.enter(open_, HEAD, node)
            current = _Open([(head, PLAIN)])
            initializer = node.child_by_field_name("initializer")
            if initializer is not None:
                created = graph.add(INITIALIZER, initializer.type, initializer.start_byte, initializer.end_byte)
                self.link(current, created)
                current = _Open([(created, PLAIN)])
            if condition is not None:
                test = graph.add(CONDITION, condition.type, condition.start_byte, condition.end_byte)
                self.test(test, condition)
                self.link(current, test)
                top, current = test, _Open([(test, TRUE)])
            else:
                top = None  # the body's entry, once made
        else:  # while
            test = self.branch(open_, node)
            top, current = test, _Open([(test, TRUE)])
        count = len(graph.kind)
        self.frames.append(frame)
        out = current
        if body is not None:
            out = yield (body, current)
        self.frames.pop()
        if top is None:  # `for (;;)`: the way round goes to the body's first node
            top = count if count < len(graph.kind) else None
        update = node.child_by_field_name("update") if node.type == "for_statement" else None
        if update is not None:
            created = graph.add(UPDATE, update.type, update.start_byte, update.end_byte)
            self.link(out, created, loop)
            self.link(_Open(frame.continues), created)
            if top is not None:
                self.link(_Open([(created, PLAIN)]), top, loop)
        elif top is not None:
            self.link(out, top, loop)
            self.link(_Open(frame.continues), top)
        exits = _Open(list(frame.breaks))
        if not endless and condition is not None:
            exits.edges.append((test, FALSE))
        exits.statements.append(loop)
        return exits

    # -- what the lock dataflow reads of a node

    def test(self, node: int, condition) -> None:
        """Record the call a condition tests, under `!` and parentheses."""
        expression, negated = condition, False
        while expression is not None and expression.type in ("parenthesized_expression", "unary_expression"):
            if expression.type == "unary_expression":
                operator = expression.child_by_field_name("operator")
                if operator is None or operator.type != "!":
                    break
                negated = not negated
                expression = expression.child_by_field_name("argument")
            else:
                if not expression.named_children:
                    break
                expression = expression.named_children[0]
        if expression is None or expression.type != "call_expression":
            return
        callee = expression.child_by_field_name("function")
        arguments = expression.child_by_field_name("arguments")
        first = self.text(arguments.named_children[0]) if arguments is not None and arguments.named_children else ""
        self.graph.tests[node] = (self.text(callee) if callee is not None else "", first, negated,
                                  expression.start_byte, expression.end_byte)

    def guard(self, node: int, statement) -> None:
        """`guard(kind)(&lock);`: record its kind and lock."""
        expression = statement.named_children[0] if statement.named_children else None
        if expression is None or expression.type != "call_expression":
            return
        inner = expression.child_by_field_name("function")
        if inner is None or inner.type != "call_expression":
            return
        name = inner.child_by_field_name("function")
        arguments = inner.child_by_field_name("arguments")
        if name is None or self.text(name) != "guard" or arguments is None or not arguments.named_children:
            return
        outer = expression.child_by_field_name("arguments")
        lock = self.text(outer.named_children[0]) if outer is not None and outer.named_children else ""
        self.graph.guards[node] = (self.text(arguments.named_children[0]), lock,
                                   statement.start_byte, statement.end_byte)

    def scoped_guard(self, node) -> tuple[str, str] | None:
        """`scoped_guard(kind, &lock) { ... }` of a kind the kernel knows: (kind, lock)."""
        if not self.data.startswith(b"scoped_guard", node.start_byte):
            return None
        condition = node.child_by_field_name("condition")
        inner = condition.named_children[0] if condition is not None and condition.named_children else None
        if inner is None:
            return None
        parts = inner.named_children if inner.type == "comma_expression" else [inner]
        kind = self.text(parts[0])
        if kind not in kernel.GUARD_KINDS:
            return None
        return kind, self.text(parts[1]) if len(parts) > 1 else ""
