"""The advice a finding gives depends on where it is: checked here, beyond the fixture markers."""
from __future__ import annotations

import json
from pathlib import Path

from clirun import invoke

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures-kmod"


def messages(path: Path, rule_id: str) -> list[str]:
    run = invoke("check", "--no-cache", "--format", "json", "--select", rule_id, str(path))
    return [f["message"] for f in json.loads(run.stdout)["findings"]]


def test_wait_in_a_release_handler_is_told_to_wait_uninterruptibly():
    (message,) = messages(FIXTURES / "wait-event-result-ignored" / "bad_release_handler.c",
                          "wait-event-result-ignored")
    assert "blinkm_release() is a .release handler" in message
    assert "use wait_event_timeout()" in message
    assert "return ret" not in message  # the VFS drops what release() returns


def test_wait_in_an_ioctl_is_told_to_propagate():
    (message,) = messages(FIXTURES / "wait-event-result-ignored" / "bad_killable_ioctl.c",
                          "wait-event-result-ignored")
    assert "`if (ret) return ret;`" in message and ".release handler" not in message
