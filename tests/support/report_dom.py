"""report_dom.py — the HTML report as Debian's headless chromium renders it.

Shared by tests/report_browser_test.sh and tests/adoption_test.py:
  run_chromium(args)        chromium with a fresh profile and no network features
  dump_dom(url)             the DOM after the page's script ran (text)
  sections(dom)             [(id, text)] of the report's top-level sections, in order
Command line: report_dom.py chromium ARGS...  (what run_chromium runs).
Without chromium it fails with one line (scripts/bootstrap installs it).
"""
import html.parser
import os
import shutil
import subprocess
import sys
import tempfile


def chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        sys.exit("FAIL: chromium is not installed (run scripts/bootstrap as root: it installs Debian's chromium)")
    return path


def run_chromium(args, timeout=120):
    """Run chromium headless on args; (returncode, stdout, stderr)."""
    with tempfile.TemporaryDirectory(prefix="argsplit-chromium-") as profile:
        cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--user-data-dir=" + profile] + list(args)
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def dump_dom(url):
    return run_chromium(["--dump-dom", url])[1]


class _Sections(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.out, self.depth, self.cur = [], 0, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.depth += 1
            if self.depth == 1 and a.get("id") and a.get("class") != "cls":
                self.cur = [a["id"], ""]
                self.out.append(self.cur)

    def handle_endtag(self, tag):
        if tag == "section":
            self.depth -= 1
            if self.depth == 0:
                self.cur = None

    def handle_data(self, data):
        if self.cur is not None:
            self.cur[1] += data


def sections(dom):
    p = _Sections()
    p.feed(dom)
    return [(i, t) for i, t in p.out]


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] != "chromium":
        sys.exit("usage: report_dom.py chromium ARGS...")
    rc, out, err = run_chromium(sys.argv[2:])
    sys.stdout.write(out)
    sys.stderr.write(err)
    sys.exit(rc)
