"""The copy_*_user family shared by three rules: which calls, and what they return."""
from __future__ import annotations

# Return the number of bytes NOT copied: 0 on success, never negative.
COUNT_RETURNING = frozenset({
    "copy_from_user", "copy_to_user", "__copy_from_user", "__copy_to_user",
    "copy_from_user_inatomic", "__copy_from_user_inatomic", "__copy_to_user_inatomic",
    "clear_user", "__clear_user",
})
# Return 0 or -EFAULT.
ERRNO_RETURNING = frozenset({"get_user", "put_user", "__get_user", "__put_user"})
# Returns the length of the string copied, or a negative errno.
LENGTH_RETURNING = frozenset({"strncpy_from_user"})
ALL = COUNT_RETURNING | ERRNO_RETURNING | LENGTH_RETURNING
# Every name of ALL ends with one of these words, or with one and `_inatomic`
# (`__copy_from_user_inatomic`): the rules fire only on calls of ALL. Not b"_user": every
# `__user` pointer holds that. Each word is narrowed to a call (`get_user_pages(` holds the
# word and is none; a macro's body that calls one is text like any other); the regex starts
# with the word itself, a literal the regex engine skips ahead to.
_WORDS = (b"copy_from_user", b"copy_to_user", b"clear_user", b"get_user", b"put_user", b"strncpy_from_user")
assert all(any(name.encode().removesuffix(b"_inatomic").endswith(word) for word in _WORDS) for name in ALL)
TRIGGERS = tuple((word, word + rb"(?:_inatomic)?\s*(?:(?s:/\*.{0,400}?\*/)\s*)*\(") for word in _WORDS)


def is_kernel_call(call, facts) -> bool:
    """A file that defines its own `copy_from_user` is not calling the kernel's."""
    return call.callee not in facts.macros and facts.function(call.callee) is None


def what_it_returns(callee: str) -> str:
    if callee in COUNT_RETURNING:
        return f"{callee}() returns the number of bytes not copied"
    if callee in ERRNO_RETURNING:
        return f"{callee}() returns -EFAULT when the user address is bad"
    return f"{callee}() returns the length copied or a negative errno"


def callers_told(facts) -> set[str]:
    """Rule.folder_callers of copy-user-wrong-errno: the functions of the file that reach a static
    function copying from or to userspace. A wrong errno such a helper returns is judged by what
    its callers make of it, up to the first non-static one, whose callers may be in a sibling."""
    from kmodlint.driver.admission import calling

    static = {f.name for f in facts.functions if f.static}
    return calling(facts, {c.function for c in facts.calls_to(*COUNT_RETURNING, *ERRNO_RETURNING)
                           if c.function in static})
