"""The per-function control-flow graph (kmodlint.cfg) and the lock state computed over it."""
from __future__ import annotations

import time

from kmodlint import cfg
from kmodlint.driver import FunctionRef, driver_of
from kmodlint.driver.callgraph import extractor_of
from kmodlint.driver.locks import FunctionLocks, Held
from kmodlint.facts import LockKind, extract
from kmodlint.flow import flow_of
from kmodlint.folder import FolderIndex
from kmodlint.source import SourceFile


def parse(code: str):
    source = SourceFile("drv.c", code.encode())
    facts = extract(source)
    tree = facts.syntax_tree()
    function = next(n for n in tree.root_node.named_children if n.type == "function_definition")
    return source, facts, function


def graph_of(code: str):
    source, _, function = parse(code)
    return source.data, cfg.build(function.child_by_field_name("body"), source.data)


def node(data: bytes, graph: cfg.Graph, text: str, kind: str | None = None) -> int:
    """The graph's one node whose code is `text` (and of `kind`)."""
    found = [n for n in range(len(graph)) if graph.end[n] - graph.start[n] <= 2 * len(text)
             and cfg.text(data, graph.start[n], graph.end[n]) == text and (kind is None or graph.kind[n] == kind)]
    assert len(found) == 1, (text, found)
    return found[0]


def reach(graph: cfg.Graph, start: int) -> set[int]:
    """The nodes reached from `start` through nodes of no code (block entries and ends, labels, cases)."""
    found, work = set(), [target for target, _ in graph.succ[start]]
    while work:
        current = work.pop()
        if current in found:
            continue
        found.add(current)
        if graph.kind[current] in (cfg.BLOCK, cfg.BLOCK_END, cfg.LABEL, cfg.CASE, cfg.HEAD):
            work.extend(target for target, _ in graph.succ[current])
    return found


def successors(data: bytes, graph: cfg.Graph, text: str, kind: str | None = None) -> set[str]:
    """The code of the next nodes with code after `text` (past blocks, labels and cases); "exit" for the end."""
    names = set()
    for n in reach(graph, node(data, graph, text, kind)):
        if graph.kind[n] in cfg.RECORDED or graph.kind[n] == cfg.JUMP:
            names.add(cfg.text(data, graph.start[n], graph.end[n]))
        elif n == graph.exit:
            names.add("exit")
    return names


def edge(graph: cfg.Graph, source: int, label: int) -> set[int]:
    return {target for target, how in graph.succ[source] if how == label}


def test_if_else_branches_join_after():
    data, graph = graph_of("""
int f(int a) {
	if (a > 1)
		a = 2;
	else
		a = 3;
	return a;
}
""")
    test = node(data, graph, "(a > 1)")
    assert graph.kind[test] == cfg.CONDITION
    assert edge(graph, test, cfg.TRUE) == {node(data, graph, "a = 2;")}
    assert edge(graph, test, cfg.FALSE) == {node(data, graph, "a = 3;")}
    assert successors(data, graph, "a = 2;") == successors(data, graph, "a = 3;") == {"return a;"}
    assert successors(data, graph, "return a;") == {"exit"}


def test_while_for_and_do_while_loops():
    data, graph = graph_of("""
void f(struct dev *d) {
	int i;
	while (d->busy)
		d->spins++;
	for (i = 0; i < 4; i++)
		d->slot[i] = 0;
	do {
		d->tries--;
	} while (d->tries);
	d->done = 1;
}
""")
    assert successors(data, graph, "(d->busy)") == {"d->spins++;", "i = 0"}
    spin = node(data, graph, "d->spins++;")
    assert edge(graph, spin, cfg.PLAIN) == {node(data, graph, "(d->busy)")}
    assert (spin, node(data, graph, "(d->busy)")) in graph.back
    assert successors(data, graph, "i = 0") == {"i < 4"}
    assert successors(data, graph, "i < 4") == {"d->slot[i] = 0;", "d->tries--;"}
    assert successors(data, graph, "d->slot[i] = 0;") == {"i++"}
    assert successors(data, graph, "i++") == {"i < 4"}
    # do-while: the body first, the test after it, back to the body while it holds
    assert successors(data, graph, "d->tries--;") == {"(d->tries)"}
    assert successors(data, graph, "(d->tries)") == {"d->tries--;", "d->done = 1;"}


def test_endless_loops_leave_only_by_break():
    data, graph = graph_of("""
void f(struct dev *d) {
	for (;;) {
		if (d->ready)
			break;
		d->polls++;
	}
	while (1) {
		if (d->stop)
			break;
	}
	d->idle = 1;
}
""")
    assert successors(data, graph, "d->polls++;") == {"(d->ready)"}
    breaks = [n for n in range(len(graph)) if graph.type[n] == "break_statement"]
    assert successors(data, graph, "(d->ready)") == {"break;", "d->polls++;"}
    assert {t for b in breaks for t in edge(graph, b, cfg.PLAIN)} == {node(data, graph, "(1)"),
                                                                      node(data, graph, "d->idle = 1;")}
    assert edge(graph, node(data, graph, "(1)"), cfg.FALSE) == set()


def test_switch_cases_fall_through_and_break_leaves():
    data, graph = graph_of("""
void f(struct dev *d) {
	switch (d->mode) {
	case 1:
		d->a = 1;
		break;
	case 2:
		d->b = 1;
	case 3:
		d->c = 1;
	}
	d->done = 1;
}
""")
    assert successors(data, graph, "(d->mode)") == {"d->a = 1;", "d->b = 1;", "d->c = 1;", "d->done = 1;"}
    assert successors(data, graph, "d->b = 1;") == {"d->c = 1;"}  # falls through
    assert successors(data, graph, "break;") == {"d->done = 1;"}
    assert successors(data, graph, "d->c = 1;") == {"d->done = 1;"}


def test_a_default_case_leaves_no_way_around_the_cases():
    data, graph = graph_of("""
void f(struct dev *d) {
	switch (d->mode) {
	case 1:
		d->a = 1;
		break;
	default:
		d->b = 1;
	}
	d->done = 1;
}
""")
    assert successors(data, graph, "(d->mode)") == {"d->a = 1;", "d->b = 1;"}


def test_gotos_forward_and_backward_and_nested_loops_left_by_goto():
    data, graph = graph_of("""
int f(struct dev *d) {
	int i, j;
retry:
	d->tries++;
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			if (d->grid[i][j])
				goto found;
	if (d->tries < 3)
		goto retry;
	return -ENOENT;
found:
	return 0;
}
""")
    assert successors(data, graph, "goto retry;") == {"d->tries++;"}
    assert successors(data, graph, "goto found;") == {"return 0;"}
    assert successors(data, graph, "j++") == {"j < 4"}
    assert successors(data, graph, "j < 4") == {"(d->grid[i][j])", "i++"}
    assert graph.labels.keys() == {"retry", "found"}


def test_continue_goes_to_the_update_and_break_out_of_the_inner_loop_only():
    data, graph = graph_of("""
void f(struct dev *d) {
	int i;
	for (i = 0; i < d->n; i++) {
		while (d->q[i]) {
			if (d->q[i] < 0)
				break;
			d->q[i]--;
		}
		if (d->skip)
			continue;
		d->seen++;
	}
}
""")
    assert successors(data, graph, "continue;") == {"i++"}
    assert successors(data, graph, "break;") == {"(d->skip)"}
    assert successors(data, graph, "d->q[i]--;") == {"(d->q[i])"}


def test_attributed_statements_preprocessor_blocks_and_errors_are_sequences():
    data, graph = graph_of("""
void f(struct dev *d) {
	switch (d->mode) {
	case 1:
		d->a = 1;
		[[fallthrough]];
	case 2:
		d->b = 1;
	}
#ifdef CONFIG_PM
	d->pm = 1;
#else
	d->pm = 0;
#endif
	d->done = 1;
	@@ d->odd = 1;
	d->last = 1;
}
""")
    assert successors(data, graph, "d->a = 1;") == {";"}  # the attribute's empty statement
    assert successors(data, graph, ";") == {"d->b = 1;"}
    assert successors(data, graph, "d->pm = 1;") == {"d->pm = 0;"}
    assert successors(data, graph, "d->pm = 0;") == {"d->done = 1;"}
    error = next(n for n in range(len(graph)) if graph.type[n] == "ERROR")
    assert graph.kind[error] == cfg.BLOCK
    assert successors(data, graph, "d->done = 1;") == {"d->odd = 1;"}  # through the ERROR's block
    assert successors(data, graph, "d->odd = 1;") == {"d->last = 1;"}


def test_a_guard_ends_with_its_block_and_a_scoped_guard_runs_once():
    data, graph = graph_of("""
void f(struct dev *d) {
	{
		guard(mutex)(&d->lock);
		d->a = 1;
	}
	scoped_guard(spinlock, &d->slock) {
		if (d->b)
			break;
		d->b = 1;
	}
	d->c = 1;
}
""")
    guard = node(data, graph, "guard(mutex)(&d->lock);")
    assert graph.guards[guard][:2] == ("mutex", "&d->lock")
    ends = [n for n in reach(graph, node(data, graph, "d->a = 1;")) if graph.kind[n] == cfg.BLOCK_END]
    assert len(ends) == 1
    enter = next(n for n in range(len(graph)) if graph.kind[n] == cfg.GUARD_ENTER)
    assert graph.scoped[enter] == ("spinlock", "&d->slock")
    leave = next(n for n in range(len(graph)) if graph.kind[n] == cfg.GUARD_EXIT)
    assert graph.guard_of_exit[leave] == enter
    # break and the body's end both leave the guard; nothing goes round
    assert {leave} == edge(graph, node(data, graph, "break;"), cfg.PLAIN)
    assert successors(data, graph, "d->b = 1;") == set()  # only the guard's exit, which has no code
    assert {t for t, _ in graph.succ[leave]} == {node(data, graph, "d->c = 1;")}


# -- the lock state over the graph

def locks_of(code: str) -> tuple[bytes, FunctionLocks]:
    source, facts, function = parse(code)
    name = function.child_by_field_name("declarator").child_by_field_name("declarator")
    calls = [c for c in facts.calls if c.function == source.data[name.start_byte:name.end_byte].decode()]
    return source.data, FunctionLocks(function, source.data, calls)


def held_at(data: bytes, locks: FunctionLocks, text: str) -> set[str]:
    return {h.describe() for h in locks.held_at(data.index(text.encode()))}


def test_an_unlock_in_one_case_then_break_is_not_held_after_the_switch():
    data, locks = locks_of("""
void f(struct dev *d) {
	spin_lock(&d->lock);
	switch (d->mode) {
	case 1:
		spin_unlock(&d->lock);
		d->a = 1;
		break;
	default:
		d->b = 1;
	}
	d->c = 1;
	spin_unlock(&d->lock);
}
""")
    assert held_at(data, locks, "d->a = 1;") == set()
    assert held_at(data, locks, "d->b = 1;") == {"d->lock"}
    assert held_at(data, locks, "d->c = 1;") == set()


def test_continue_after_an_unlock_reaches_the_loop_head_without_the_lock():
    data, locks = locks_of("""
void f(struct dev *d) {
	int i;
	for (i = 0; i < 8; i++) {
		spin_lock(&d->lock);
		if (!d->slot[i]) {
			spin_unlock(&d->lock);
			continue;
		}
		d->slot[i]->count++;
		spin_unlock(&d->lock);
	}
	d->scanned = 1;
}
""")
    assert held_at(data, locks, "d->slot[i]->count++;") == {"d->lock"}
    assert held_at(data, locks, "i++") == set()
    assert held_at(data, locks, "i < 8") == set()


def test_a_lock_taken_in_a_do_while_is_not_held_at_its_first_statement():
    data, locks = locks_of("""
void f(struct dev *d) {
	do {
		d->x = 1;
		mutex_lock(&d->m);
		d->y = 1;
	} while (d->again);
	d->z = 1;
	mutex_unlock(&d->m);
}
""")
    assert held_at(data, locks, "d->x = 1;") == set()
    assert held_at(data, locks, "d->y = 1;") == {"d->m"}
    assert held_at(data, locks, "d->z = 1;") == {"d->m"}


def test_a_backward_goto_brings_its_state_to_the_label():
    data, locks = locks_of("""
int f(struct dev *d) {
	spin_lock(&d->lock);
again:
	d->tries++;
	if (d->busy) {
		spin_unlock(&d->lock);
		goto again;
	}
	spin_unlock(&d->lock);
	return 0;
}
""")
    # On the way back from the goto the lock is not held: not on every way in.
    assert held_at(data, locks, "d->tries++;") == set()
    assert locks.label_nodes["again"].start_byte == data.index(b"again:")


def test_nested_loops_left_by_goto_carry_the_lock_to_the_label():
    data, locks = locks_of("""
int f(struct dev *d) {
	int i, j;
	mutex_lock(&d->m);
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			if (d->grid[i][j])
				goto found;
	mutex_unlock(&d->m);
	return -ENOENT;
found:
	d->hit = 1;
	mutex_unlock(&d->m);
	return 0;
}
""")
    assert held_at(data, locks, "d->hit = 1;") == {"d->m"}
    assert held_at(data, locks, "d->grid[i][j]") == {"d->m"}
    assert held_at(data, locks, "return -ENOENT;") == set()


def test_trylock_and_interruptible_conditions_hold_on_their_success_edge():
    data, locks = locks_of("""
int f(struct dev *d) {
	if (!spin_trylock(&d->lock))
		return -EBUSY;
	d->a = 1;
	spin_unlock(&d->lock);
	if (mutex_lock_interruptible(&d->m))
		return -EINTR;
	d->b = 1;
	mutex_unlock(&d->m);
	return 0;
}
""")
    assert held_at(data, locks, "return -EBUSY;") == set()
    assert held_at(data, locks, "d->a = 1;") == {"d->lock"}
    assert held_at(data, locks, "return -EINTR;") == set()
    assert held_at(data, locks, "d->b = 1;") == {"d->m"}


def test_guard_and_scoped_guard_hold_for_their_scope():
    data, locks = locks_of("""
void f(struct dev *d) {
	if (d->a) {
		guard(spinlock_irqsave)(&d->lock);
		d->x = 1;
	}
	d->y = 1;
	scoped_guard(mutex, &d->m) {
		if (d->b)
			break;
		d->z = 1;
	}
	d->w = 1;
}
""")
    assert held_at(data, locks, "d->x = 1;") == {"d->lock"}
    assert held_at(data, locks, "d->y = 1;") == set()
    assert held_at(data, locks, "d->z = 1;") == {"d->m"}
    assert held_at(data, locks, "d->w = 1;") == set()
    sites = {data[site.start_byte:site.end_byte].decode() for site, _ in locks.acquires}
    assert sites == {"guard(spinlock_irqsave)(&d->lock);", "scoped_guard(mutex, &d->m)"}


def test_a_helper_that_returns_holding_its_lock_takes_it():
    _, locks = locks_of("""
void lock_both(struct dev *d) {
	spin_lock(&d->lock);
	if (d->twin)
		spin_lock(&d->twin->lock);
}
""")
    assert locks.takes == {Held(LockKind.SPIN, "&d->lock", "spin_lock")}


# -- bounded for untrusted input

def test_a_huge_flat_function_and_deep_nesting_are_built_fast():
    flat = "void f(struct dev *d) {\n" + "\tspin_lock(&d->lock);\n" + "\td->n++;\n" * 20_000 \
        + "\tspin_unlock(&d->lock);\n}\n"
    began = time.monotonic()
    data, locks = locks_of(flat)
    assert held_at(data, locks, "d->n++;") == {"d->lock"}
    deep = "void g(int a) {\n" + "if (a) {\n" * 3000 + "a++;\n" + "}\n" * 3000 + "}\n"
    data, graph = graph_of(deep)
    assert successors(data, graph, "a++;") == {"exit"}
    assert len(edge(graph, node(data, graph, "a++;"), cfg.PLAIN)) == 1
    data, locks = locks_of(deep.replace("a++;", "spin_lock(&l); a++;"))
    assert time.monotonic() - began < 30


def test_a_case_inside_an_ifdef_is_one_of_its_switch_cases():
    data, graph = graph_of("""
long f(struct dev *d, unsigned int cmd) {
	switch (cmd) {
	case 1:
		return 0;
#ifdef CONFIG_DEBUG
	case 2:
		d->dump = 1;
		return 0;
#endif
	default:
		return -ENOTTY;
	}
}
""")
    assert successors(data, graph, "(cmd)") == {"return 0;", "d->dump = 1;", "return -ENOTTY;"}
    assert successors(data, graph, "d->dump = 1;") == {"return 0;"}
    # a default inside the switch: no way around its cases
    assert edge(graph, node(data, graph, "(cmd)"), cfg.TRUE) == {
        n for n in range(len(graph)) if graph.kind[n] == cfg.CASE}


def test_flow_reads_its_successors_from_the_same_graph():
    code = """
int f(struct dev *d) {
	int i;
	for (i = 0; i < 4; i++) {
		if (d->slot[i])
			break;
		d->empty++;
	}
	d->done = 1;
	return 0;
}
"""
    source, facts, _ = parse(code)
    flow = flow_of(facts, source, "f")
    data = source.data
    statement = flow.statement_of(flow.body.descendant_for_byte_range(data.index(b"d->empty"), data.index(b"d->empty")))
    assert flow.after(statement) == "loop"
    brk = flow.statement_of(flow.body.descendant_for_byte_range(data.index(b"break"), data.index(b"break")))
    assert flow.text(flow._after_jump(brk)) == "d->done = 1;"
    assert flow.reaches(data.index(b"d->empty"), data.index(b"d->done")) and \
        not flow.reaches(data.index(b"d->done"), data.index(b"d->empty"))
    # The driver model's lock dataflow reads the very graph flow built (one per function and file).
    model = driver_of(FolderIndex({"drv.c": facts}))
    assert model.locks(FunctionRef("drv.c", "f")) is not None
    assert list(extractor_of(facts).function_graphs.values()) == [flow.graph]
