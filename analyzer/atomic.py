"""Writing a file so that readers see the old content or the new, never half of it."""
from __future__ import annotations

import os


def replace_atomically(path: str, text: str | bytes, *, mode: int | None = None, prefix: str = ".kmodlint-") -> None:
    """Write `text` to a temporary file beside `path`, then rename it over `path`.

    `str` is written as UTF-8 with "\n" newlines; `bytes` exactly as given (fixed
    source files, whose every other byte must stay as it was)."""
    import tempfile  # here, not at module top: it adds to every run's start-up

    descriptor, temporary = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=os.path.dirname(path) or ".")
    try:
        if mode is not None:
            os.fchmod(descriptor, mode)  # mkstemp creates the file 0600
        if isinstance(text, bytes):
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(text)
        else:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
