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
    assert "brl_release() is .release, whose result is dropped" in message
    assert message.endswith("use wait_event()")
    assert "return ret" not in message  # the VFS drops what release() returns


def test_wait_in_an_ioctl_is_told_to_propagate():
    (message,) = messages(FIXTURES / "wait-event-result-ignored" / "bad_killable_ioctl.c",
                          "wait-event-result-ignored")
    assert "`if (ret) return ret;`" in message and ".release handler" not in message


def test_a_helper_s_wrong_errno_names_the_caller_that_lets_it_through():
    (message,) = messages(FIXTURES / "copy-user-wrong-errno" / "bad_helper_caller_passes_on.c", "copy-user-wrong-errno")
    assert message.startswith("copy_from_user() faults but hpsn_get_req() returns -EINVAL")
    assert "hpsn_ioctl() returns it" in message


def test_a_count_returned_from_a_label_names_the_variable_and_the_label():
    (message,) = messages(FIXTURES / "copy-user-wrong-errno" / "bad_count_reaches_label.c", "copy-user-wrong-errno")
    assert "tbuf_read() returns 'ret', copy_to_user()'s count of bytes not copied after goto out" in message


def test_a_statement_macro_argument_names_the_macro():
    found = messages(FIXTURES / "unchecked-copy-user" / "bad_statement_macro_arg.c", "unchecked-copy-user")
    assert len(found) == 3 and all("macro pump_xfer() evaluates it as a statement" in m for m in found)


def test_a_wrapper_macro_use_points_at_every_definition_on_the_way():
    run = invoke("check", "--no-cache", "--format", "json", "--select", "unchecked-copy-user",
                 str(FIXTURES / "unchecked-copy-user" / "wrapper_two_level"))
    (finding,) = json.loads(run.stdout)["findings"]
    assert "macro wl_get_word() is ignored" in finding["message"]
    assert [(Path(r["path"]).name, r["line"]) for r in finding["related"]] == [("wl_api.h", 8), ("wl_regs.h", 6)]


def test_a_call_in_a_define_body_is_reported_at_each_use_with_the_definition():
    run = invoke("check", "--no-cache", "--format", "json", "--select", "unchecked-copy-user",
                 str(FIXTURES / "unchecked-copy-user" / "bad_call_in_define_body.c"))
    inside = [f for f in json.loads(run.stdout)["findings"] if "inside macro stat_push()" in f["message"]]
    assert [f["line"] for f in inside] == [29, 30]
    assert all(f["related"][0]["line"] == 12 for f in inside)


def test_wait_with_a_mutex_held_is_told_to_leave_through_the_unlock():
    (message,) = messages(FIXTURES / "wait-event-result-ignored" / "bad_mutex_held.c", "wait-event-result-ignored")
    assert "dev->io_lock is held: `if (ret) goto out_unlock;` releases it" in message
    assert "return ret" not in message  # returning here would keep the mutex


def test_wait_for_a_request_the_device_still_owns_is_not_told_to_return():
    found = messages(FIXTURES / "wait-event-result-ignored" / "bad_request_with_device.c", "wait-event-result-ignored")
    assert len(found) == 2
    for message in found:  # leaving, even through the unlock label, frees or abandons rq under the firmware
        assert "return ret" not in message and "goto" not in message
    assert "rq was handed on before it: after a signal, free or read it only once the device is done" in found[0]
    assert found[1].endswith("the loop around it spins on a signal until rq is done: use wait_event()")


def test_wait_before_a_teardown_names_what_is_freed():
    (message,) = messages(FIXTURES / "wait-event-result-ignored" / "bad_teardown_after.c", "wait-event-result-ignored")
    assert message.endswith("pq->reqs is freed after it, signal or not: use wait_event()")


def test_wait_in_a_teardown_method_is_told_to_complete_and_elsewhere_to_return():
    stop, pullup = messages(FIXTURES / "wait-event-result-ignored" / "bad_teardown_method.c", "wait-event-result-ignored")
    assert stop.endswith("tdm_udc_stop() is .udc_stop, a teardown: use wait_event() if it must complete")
    assert pullup.endswith("check it: `if (ret) return ret;`")


def test_wait_in_a_cm_handler_is_not_told_to_return_the_error():
    (message,) = messages(FIXTURES / "wait-event-result-ignored" / "bad_cm_handler.c", "wait-event-result-ignored")
    assert "CM handler cmh_cma_handler() destroys the id: use wait_event()" in message
    assert "return ret" not in message


def test_a_sleep_written_as_a_wait_is_told_to_sleep():
    (message,) = messages(FIXTURES / "wait-event-result-ignored" / "bad_sleep_as_wait.c", "wait-event-result-ignored")
    assert message.endswith("use msleep()") and "return ret" not in message


def test_handler_lock_is_named_with_the_function_that_must_take_it():
    found = messages(FIXTURES / "unlocked-shared-flag", "unlocked-shared-flag")
    (message,) = [m for m in found if "'hln_bytes'" in m]
    assert "updated under hln_lock in IRQ handler hln_isr(); hln_read() reads then resets it" in message
    assert message.endswith(": take hln_lock there")


def test_a_helper_also_run_elsewhere_is_reported_on_request_with_the_saving_lock(tmp_path):
    source = FIXTURES / "spin-lock-irq-in-handler" / "bad_shared_helper_option" / "bad_shared_helper_irq.c"
    (tmp_path / "shb.c").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    assert messages(tmp_path, "spin-lock-irq-in-handler") == []  # off by default
    (tmp_path / ".kmodlint.toml").write_text("[rule-options.spin-lock-irq-in-handler]\nshared-helpers = true\n",
                                             encoding="utf-8")
    (message,) = messages(tmp_path, "spin-lock-irq-in-handler")
    # the plain lock would deadlock the worker against the handler: the saving form is right in both
    assert message.endswith("use spin_lock_irqsave()") and "spin_lock(" not in message
    assert "shb_find_buf() (called from IRQ handler shb_intr() and elsewhere)" in message


def test_irq_messages_name_the_handler_and_stay_short():
    found = messages(FIXTURES / "spin-lock-irq-in-handler" / "bad_ops_table_hook.c", "spin-lock-irq-in-handler")
    assert found == ["spin_lock_irq(&chip->fifo_lock) in fqc_v3_clear_fifo() (called from IRQ handler fqc_irq()): "
                     "its unlock re-enables interrupts; use spin_lock(&chip->fifo_lock)"]
    for rule in ("unlocked-shared-flag", "wait-event-result-ignored", "spin-lock-irq-in-handler"):
        assert all(len(m) <= 160 for m in messages(FIXTURES / rule, rule)), rule
