"""The HTML report in headless Chromium: the script runs without an error, the filters
work (set from the address), and a 5,000-finding page renders to a screenshot.

Skipped only when no Chromium is installed (Debian: apt-get install chromium). The
screenshots go to $KMODLINT_ARTIFACTS when set (a CI artefact folder), else to the
test's temporary folder.
"""
from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from kmodlint.report import html_report
from test_html_report import load_benchmark, parse

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def chromium(tmp_path: Path, url: str, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--no-first-run", f"--user-data-dir={profile}", "--virtual-time-budget=5000",
               "--enable-logging=stderr", "--v=0", *extra, url]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=True)


def script_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "CONSOLE" in line and "Uncaught" in line]


@pytest.fixture(scope="module")
def benchmark():
    return load_benchmark()


def test_filters_from_the_address_hide_the_other_findings(tmp_path, benchmark):
    result = benchmark.synthetic_result(200)
    page = tmp_path / "report.html"
    page.write_text(html_report.render(result), encoding="utf-8")
    rule = result.findings[0].rule_id
    wanted = [f for f in result.findings if f.rule_id == rule and f.severity in ("error", "warning")]
    assert 0 < len(wanted) < len(result.findings)
    run = chromium(tmp_path, f"{page.as_uri()}?sev=error,warning&rule={rule}", "--dump-dom")
    assert not script_errors(run.stderr), script_errors(run.stderr)
    dom = parse(run.stdout)
    form = next(dom.iter("form", "filters"))
    assert "hidden" not in form.attrs  # the script shows the filters it drives
    assert next(form.iter("span", "count")).text() == f"showing {len(wanted)} of 200 findings"
    cards = list(dom.iter("div", "finding"))
    shown = [c for c in cards if "hidden" not in c.attrs]
    assert len(shown) == len(wanted)
    assert all(c.attrs["data-rule"] == rule and c.attrs["data-sev"] != "note" for c in shown)
    groups = list(dom.iter("details", "group"))
    assert [g.attrs["id"] for g in groups if "hidden" not in g.attrs] == \
        [g for g in (f"g-error-{rule}", f"g-warning-{rule}") if any(x.attrs["id"] == g for x in groups)]
    notes_head = next(h for h in dom.iter("h3", "sev-head") if h.attrs["data-sev"] == "note")
    assert "hidden" in notes_head.attrs  # no note left to show: its heading goes too


def test_five_thousand_findings_screenshot(tmp_path, benchmark):
    out = Path(os.environ.get("KMODLINT_ARTIFACTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    page = out / "report-5000.html"
    page.write_text(html_report.render(benchmark.synthetic_result(5000)), encoding="utf-8")
    png = out / "report-5000.png"
    run = chromium(tmp_path, page.as_uri(), "--hide-scrollbars", f"--screenshot={png}", "--window-size=1400,2000")
    assert not script_errors(run.stderr), script_errors(run.stderr)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1400, 2000)
    # A blank or unstyled page compresses to a few kilobytes; the report's first screen
    # (scope table, cards, per-rule table and chart) is text and colour all over.
    assert len(data) > 60_000, len(data)
    run = chromium(tmp_path, page.as_uri() + "?sev=error", "--dump-dom")
    count = re.search(r'class="count">([^<]*)<', run.stdout)[1]
    assert count == "showing 500 of 5,000 findings"

