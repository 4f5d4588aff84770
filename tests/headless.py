"""A headless Chromium for the report's browser test, driven over the DevTools protocol (CDP)
through a pipe: the standard library only, no driver package, no browser download.

Chromium from Debian (``apt-get install chromium``, what ``.ci/run`` installs) is started with
``--headless --remote-debugging-pipe``: it reads commands on its fd 3 and writes answers and
events on its fd 4, each a JSON object ended by a NUL byte. ``open_page`` loads a file in a new
tab with the Page, Runtime, Log and Network domains on and returns a ``Tab``: what the page logged
(console messages, uncaught exceptions, browser log entries such as a blocked resource or a CSP
violation), the JavaScript dialogs it opened (each dismissed, so the page never hangs), the
requests it made, and ``evaluate`` to ask the page a question.

``find_chromium`` says where the browser is (``TASPLUS_CHROMIUM``, else ``chromium`` or
``chromium-browser`` on PATH), or None. Each browser gets a throw-away profile folder and is
closed (then killed if need be) when the ``with`` block ends.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

TIMEOUT = 30.0


def find_chromium() -> str | None:
    return os.environ.get("TASPLUS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    def __init__(self, process: subprocess.Popen, to_browser: int, from_browser: int) -> None:
        self.process, self._out, self._in = process, to_browser, from_browser
        self._buf, self._next = b"", 0
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        """Run one command and return its result (raises on a protocol error); events that arrive
        meanwhile are kept in ``events``."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            answer = self._read(deadline)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self._event(answer)

    def wait_for(self, method: str, session: str) -> dict:
        """The first event ``method`` of ``session`` (already arrived or to come)."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            found = next((e for e in self.events if e.get("method") == method and e.get("sessionId") == session),
                         None)
            if found:
                return found
            self._event(self._read(deadline))

    def _event(self, event: dict) -> None:
        self.events.append(event)
        if event.get("method") == "Page.javascriptDialogOpening":  # answer it, or the page waits forever
            self.send("Page.handleJavaScriptDialog", {"accept": False}, event.get("sessionId"))

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            if select.select([self._in], [], [], left)[0]:
                chunk = os.read(self._in, 1 << 16)
                if not chunk:
                    raise EOFError(f"Chromium closed the pipe (exit {self.process.poll()})")
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)


@dataclass
class Tab:
    browser: Browser
    session: str
    console: list[str] = field(default_factory=list)  # console messages, exceptions, error log entries
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every URL the page asked for

    def evaluate(self, expression: str, wait: bool = False) -> Any:
        """The value of ``expression`` in the page (``wait``: a promise, awaited)."""
        r = self.browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                   "awaitPromise": wait}, self.session)
        if "exceptionDetails" in r:
            raise RuntimeError(r["exceptionDetails"])
        return r["result"].get("value")

    def collect(self) -> Tab:
        """Sort what the page did so far into console, dialogs and requests."""
        for e in self.browser.events:
            if e.get("sessionId") != self.session:
                continue
            method, p = e.get("method"), e.get("params", {})
            if method == "Runtime.consoleAPICalled":
                self.console.append(f"console.{p['type']}: " + " ".join(str(a.get("value", a.get("description")))
                                                                         for a in p.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                self.console.append(f"exception: {p['exceptionDetails'].get('text')}")
            elif method == "Log.entryAdded":
                self.console.append(f"log.{p['entry']['level']}: {p['entry']['text']}")
            elif method == "Page.javascriptDialogOpening":
                self.dialogs.append(f"{p['type']}: {p['message']}")
            elif method == "Network.requestWillBeSent":
                self.requests.append(p["request"]["url"])
        return self


@contextmanager
def chromium(executable: str) -> Iterator[Browser]:
    """A headless Chromium on a pipe, closed when the block ends."""
    to_r, to_w = os.pipe()  # we write, Chromium reads on its fd 3
    from_r, from_w = os.pipe()  # Chromium writes on its fd 4, we read
    profile = tempfile.mkdtemp(prefix="tasplus-chromium-")

    def fds_3_and_4() -> None:  # in the child, before exec: its ends of the pipes as fds 3 and 4
        a, b = os.dup(to_r), os.dup(from_w)
        os.dup2(a, 3)
        os.dup2(b, 4)

    args = [executable, "--headless", "--remote-debugging-pipe", "--no-first-run", "--no-default-browser-check",
            "--disable-gpu", "--disable-extensions", "--disable-background-networking", f"--user-data-dir={profile}"]
    if os.geteuid() == 0:  # Chromium's sandbox refuses root (CI containers)
        args.append("--no-sandbox")
    process = subprocess.Popen(args, pass_fds=(3, 4), preexec_fn=fds_3_and_4, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(to_r)
    os.close(from_w)
    browser = Browser(process, to_w, from_r)
    try:
        yield browser
    finally:
        try:
            browser.send("Browser.close")
            process.wait(10)
        except (OSError, EOFError, TimeoutError, RuntimeError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()
        os.close(to_w)
        os.close(from_r)
        shutil.rmtree(profile, ignore_errors=True)


def open_page(browser: Browser, path: Path) -> Tab:
    """``path`` loaded in a new tab (its load event fired), with what it did so far collected."""
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(f"{domain}.enable", session=session)
    browser.send("Page.navigate", {"url": path.resolve().as_uri()}, session)
    browser.wait_for("Page.loadEventFired", session)
    tab = Tab(browser, session)
    tab.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))", wait=True)  # let late errors in
    return tab.collect()
