"""Text from the scanned tree made safe for a terminal and a CI log.

A file name, a message quoting code, or a suppression reason comes from whoever
wrote the tree. Printed raw, a newline in a file name forges a line of its own
(`::error file=...::` is a GitHub workflow command, `##[...]` a legacy one
anywhere in a line), and ESC or 8-bit CSI sequences set window titles or hide
text behind hyperlinks. `one_line` keeps such a field one harmless line.
"""
from __future__ import annotations

import re

# C0 controls (tab and line breaks as a space), DEL, C1 controls, bidirectional overrides and
# isolates (they reorder what a reviewer sees), and undecodable bytes
# (surrogateescape), which no terminal encoding can print.
_DROP = {**{c: None for c in range(32)}, **{c: " " for c in (9, 10, 11, 12, 13)}, 0x7F: None, **{c: None for c in range(0x80, 0xA0)},
         **{c: None for c in (0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                              0x2066, 0x2067, 0x2068, 0x2069)},
         **{c: "\ufffd" for c in range(0xDC80, 0xDD00)}}
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\udc80-\udcff]")


def one_line(text: str) -> str:
    """`text` without control characters, as one line that starts no workflow command."""
    if _UNSAFE.search(text):
        text = text.translate(_DROP)
    if "##[" in text:
        text = text.replace("##[", "#%23[")
    if text.startswith("::"):
        text = "%3A" + text[1:]
    return text
