"""Rule documentation: the committed pages are what the rules say now, each SARIF rule points
at its own page, and every fullDescription is complete sentences."""
from __future__ import annotations

import json
import re

import pytest

from clirun import invoke
from conftest import REPO
from kmodlint import ruledoc
from kmodlint.__about__ import INFORMATION_URI
from kmodlint.model import RunResult
from kmodlint.report import sarif_report
from kmodlint.rules import all_rules

DOCS = REPO / "docs" / "rules"


def test_committed_rule_pages_are_current():
    """Fails when a rule's help changed and `kmodlint rules --write-docs docs/rules` was not run."""
    wanted = ruledoc.pages(all_rules())
    assert set(wanted) == {f"{rule.id}.md" for rule in all_rules()} | {"README.md"}
    stale = [name for name, text in wanted.items()
             if not (DOCS / name).is_file() or (DOCS / name).read_text(encoding="utf-8") != text]
    generated = {path.name for path in DOCS.glob("*.md")
                 if path.read_text(encoding="utf-8").startswith(ruledoc.GENERATED)}
    gone = sorted(generated - set(wanted))
    assert not stale and not gone, (f"rule pages out of date: {stale}, pages of removed rules: {gone}; "
                                    f"run `kmodlint rules --write-docs docs/rules`")


def test_a_page_carries_the_rules_metadata_help_and_options():
    rule = next(rule for rule in all_rules() if rule.options)
    text = (DOCS / f"{rule.id}.md").read_text(encoding="utf-8")
    assert text.startswith(ruledoc.GENERATED + "\n\n# `" + rule.id + "`: " + rule.title + "\n")
    assert f"| Severity | {rule.severity} |" in text and f"| Precision | {rule.precision} |" in text
    assert rule.help.strip() in text
    assert f"[rule-options.{rule.id}]" in text and all(f"\n{key} = " in text for key in rule.options)
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    assert all(f"[`{r.id}`]({r.id}.md)" in index for r in all_rules())
    opt_in = next(rule for rule in all_rules() if rule.opt_in)
    assert "(opt-in)" in (DOCS / f"{opt_in.id}.md").read_text(encoding="utf-8")


def test_write_docs_writes_updates_and_removes_only_generated_pages(tmp_path):
    folder = tmp_path / "rules"
    result = invoke("rules", "--write-docs", str(folder))
    assert result.exit_code == 0, result.stderr
    count = len(all_rules()) + 1
    assert f"{count} written, 0 removed" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted(ruledoc.pages(all_rules()))
    (folder / "gone-rule.md").write_text(ruledoc.GENERATED + "\n\n# old\n", encoding="utf-8")
    (folder / "notes.md").write_text("# written by hand\n", encoding="utf-8")
    some = folder / f"{all_rules()[0].id}.md"
    some.write_text("edited\n", encoding="utf-8")
    result = invoke("rules", "--write-docs", str(folder))
    assert "1 written, 1 removed" in result.stderr
    assert not (folder / "gone-rule.md").exists() and (folder / "notes.md").exists()
    assert some.read_text(encoding="utf-8") == ruledoc.page(all_rules()[0])


def test_help_uri_is_each_rules_own_page_and_configurable(sarif_validator):
    infos = [rule.info for rule in all_rules()]
    doc = json.loads(sarif_report.render(RunResult(root="/x", rules=infos)))
    sarif_validator.validate(doc)
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    uris = [rule["helpUri"] for rule in rules]
    assert uris == [f"{INFORMATION_URI}/blob/main/docs/rules/{info.id}.md" for info in infos]
    for uri in uris:  # the default points at a page the repository holds
        assert (REPO / uri.removeprefix(f"{INFORMATION_URI}/blob/main/")).is_file()
    for base, expected in (("https://docs.example.org/kmodlint/", "https://docs.example.org/kmodlint/{}.md"),
                           ("https://docs.example.org/r/{id}.html", "https://docs.example.org/r/{}.html")):
        doc = json.loads(sarif_report.render(RunResult(root="/x", rules=infos), rule_docs_url=base))
        sarif_validator.validate(doc)
        assert [r["helpUri"] for r in doc["runs"][0]["tool"]["driver"]["rules"]] == \
            [expected.format(info.id) for info in infos]


def test_cli_passes_the_docs_url_to_sarif(project):
    (project / "a.c").write_text("int x;\n", encoding="utf-8")
    result = invoke("check", "--format", "sarif", "--no-cache", "--rule-docs-url", "https://d.example/{id}", "a.c")
    rules = json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert rules and all(rule["helpUri"] == f"https://d.example/{rule['id']}" for rule in rules)


def _complete(sentence: str) -> bool:
    code_free = re.sub(r"`[^`]*`", "code", sentence)
    return (sentence[:1].isupper() and sentence.endswith((".", "!", "?")) and not sentence.rstrip(".").endswith(":")
            and sentence.count("`") % 2 == 0 and code_free.count("(") == code_free.count(")")
            and "\n" not in sentence and "  " not in sentence)


def test_every_full_description_is_complete_sentences():
    infos = [rule.info for rule in all_rules()]
    doc = json.loads(sarif_report.render(RunResult(root="/x", rules=infos)))
    for rule, info in zip(doc["runs"][0]["tool"]["driver"]["rules"], infos):
        text = rule["fullDescription"]["text"]
        assert _complete(text), (info.id, text)
        # taken from the help's opening, not invented: every word of it is in the help
        words = " ".join(info.help.split())
        assert text.rstrip(".") in words or text[:-1].rstrip() + ":" in words, (info.id, text)


@pytest.mark.parametrize("help_text, expected", [
    ("Finds the registrations that\nare never undone:\n\n- a\n- b", "Finds the registrations that are never undone."),
    ("Finds uses of removed APIs. The table (in `x.py`) includes:\n\n| a | b |",
     "Finds uses of removed APIs."),
    ("Finds `a.b()` calls. Then `c`:\n\n- x", "Finds `a.b()` calls."),  # a `.` in code ends no sentence
    ("finds a thing\n\nMore.", "Finds a thing."),
    ("- a list first\n- item", "The title."),
    ("", "The title."),
])
def test_description_derivation(help_text, expected):
    assert ruledoc.description(help_text, "The title") == expected
    assert _complete(ruledoc.description(help_text, "The title"))
