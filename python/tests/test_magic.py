"""%%typescript against the real tfjs-tune kernel, under a real ipykernel (python3), as a notebook runs it.

nbclient executes small notebooks and the saved outputs are checked (what Colab or JupyterLab would
keep); jupyter_client drives the Python kernel directly where the messages themselves matter (live
progress as update_display_data, Interrupt while a TypeScript loop spins).
"""
import base64
import os
import queue
import time

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT

VEGA_LITE = "application/vnd.vegalite.v5+json"


def run_notebook(sources, kernel_name, cwd=None):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    NotebookClient(nb, kernel_name=kernel_name, timeout=120, allow_errors=True, resources={"metadata": {"path": cwd or ROOT}}).execute()
    return [c.outputs for c in nb.cells]


def streams(outputs, name):
    return "".join(o.text for o in outputs if o.output_type == "stream" and o.name == name)


def only(outputs, output_type):
    found = [o for o in outputs if o.output_type == output_type]
    assert len(found) == 1, "expected one %s output, got %r" % (output_type, outputs)
    return found[0]


def test_cells_streams_values_displays_charts_and_errors(python_kernel_name):
    cells = [
        "%load_ext tfjs_tune",
        '%%typescript\nlet total: number = 40;\nconsole.log("out line");\nconsole.error("err line");\ntotal + 2',
        "%%ts\ntotal += 1;\ntotal",
        '%%ts\nimport { chart, histogramSpec } from "tfjs-tune";\nawait chart(histogramSpec({ a: [1, 2, 2, 3], b: [2, 3, 3, 4] }, { binWidth: 1, title: "two groups" }));',
        '%%ts\nimport { display } from "tfjs-tune";\ndisplay({ "text/markdown": "| n |\\n|---|\\n| 1 |", "text/plain": "n = 1" });',
        "%%ts\nconst fine = 1;\nconst s: string = fine;",
        '%%ts\nfunction boom(): never {\n  throw new RangeError("too big: 7");\n}\nboom();',
        'from tfjs_tune import TypeScriptError\ntry:\n    get_ipython().run_cell_magic("ts", "", "const a = 1;\\nthrow new Error(\'caught me\');")\nexcept TypeScriptError as e:\n    print("caught", e.ename, e.evalue, e.line)',
        "%%ts\ntotal * 2",
        "%tfjs_tune status",
    ]
    out = run_notebook(cells, python_kernel_name)
    assert out[0] == []
    # streams, in their own channel, and the last expression as the cell's result
    assert streams(out[1], "stdout") == "out line\n"
    assert streams(out[1], "stderr") == "err line\n"
    assert only(out[1], "execute_result").data["text/plain"] == "42"
    # variables persist from cell to cell
    assert only(out[2], "execute_result").data["text/plain"] == "41"
    # a chart keeps every MIME type: Vega-Lite for JupyterLab, PNG/SVG for Colab and static viewers
    ch = only(out[3], "display_data")
    assert set(ch.data) == {VEGA_LITE, "image/svg+xml", "image/png", "text/plain"}
    assert ch.data[VEGA_LITE]["title"] == "two groups"
    assert ch.data["image/svg+xml"].startswith("<svg")
    assert base64.b64decode(ch.data["image/png"])[1:4] == b"PNG"
    assert ch.metadata["image/png"]["width"] > 0
    md = only(out[4], "display_data")
    assert md.data == {"text/markdown": "| n |\n|---|\n| 1 |", "text/plain": "n = 1"}
    # a type error: a Python exception carrying the TypeScript message and its line
    err = only(out[5], "error")
    assert err.ename == "TypeScriptError"
    assert "Type 'number' is not assignable to type 'string'" in err.evalue
    assert "(TypeScript line 2)" in err.evalue, err.evalue
    assert any("const s: string = fine;" in line for line in err.traceback), err.traceback
    # a thrown error: its class, message and the line that threw
    err = only(out[6], "error")
    assert err.ename == "TypeScriptError"
    assert err.evalue.startswith("RangeError: too big: 7"), err.evalue
    assert "(TypeScript line 2)" in err.evalue, err.evalue
    # Python code can catch it and read its fields
    assert streams(out[7], "stdout") == "caught Error caught me 2\n"
    # the kernel survived the errors, with its state
    assert only(out[8], "execute_result").data["text/plain"] == "82"
    assert "running: kernelspec tfjs-tune" in streams(out[9], "stdout")


class PythonKernel:
    """ipykernel driven over the protocol, collecting each request's iopub messages."""

    def __init__(self, name):
        from jupyter_client import KernelManager

        self.km = KernelManager(kernel_name=name)
        self.km.start_kernel(cwd=ROOT)
        self.kc = self.km.blocking_client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    def send(self, code):
        return self.kc.execute(code)

    def collect(self, msg_id, timeout=60, on_busy=None):
        msgs = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                m = self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                continue
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            msgs.append(m)
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
        reply = self.kc.get_shell_msg(timeout=10)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=10)
        return msgs, reply["content"]

    def run(self, code, timeout=60):
        return self.collect(self.send(code), timeout)

    def close(self):
        self.kc.stop_channels()
        if self.km.is_alive():
            self.km.shutdown_kernel(now=False)


@pytest.fixture()
def python_kernel(python_kernel_name):
    k = PythonKernel(python_kernel_name)
    yield k
    k.close()


def result_text(msgs):
    return [m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"]


def gone(pid):
    """True when the process has exited (a zombie that nobody reaps counts as gone)."""
    try:
        with open("/proc/%d/status" % pid) as f:
            return any(line.startswith("State:") and "Z" in line.split()[1] for line in f)
    except FileNotFoundError:
        return True


def test_progress_interrupt_a_dead_kernel_and_the_direct_command(python_kernel):
    k = python_kernel
    _, reply = k.run("%load_ext tfjs_tune")
    assert reply["status"] == "ok"
    # live progress: one display, then updates of the same display id
    msgs, reply = k.run(
        '%%ts\nimport { progress } from "tfjs-tune";\nconst kept = "still here";\n'
        'const bar = progress(4, "steps", { minIntervalMs: 0 });\n'
        "for (let i = 0; i < 4; i++) { await new Promise((r) => setTimeout(r, 30)); bar.tick(); }\nbar.done();"
    )
    assert reply["status"] == "ok", reply
    shown = [m for m in msgs if m["msg_type"] == "display_data"]
    updates = [m for m in msgs if m["msg_type"] == "update_display_data"]
    assert len(shown) == 1 and len(updates) >= 2, [m["msg_type"] for m in msgs]
    display_id = shown[0]["content"]["transient"]["display_id"]
    assert display_id and all(m["content"]["transient"]["display_id"] == display_id for m in updates)
    assert "4/4" in updates[-1]["content"]["data"]["text/plain"]

    # Interrupt (the notebook's button: SIGINT to ipykernel) stops a busy TypeScript loop
    msg_id = k.send("%%ts\nlet spins = 0;\nwhile (true) { spins++; }")
    busy_since = time.monotonic()
    time.sleep(1.5)
    k.km.interrupt_kernel()
    msgs, reply = k.collect(msg_id, timeout=30)
    stopped_after = time.monotonic() - busy_since
    assert reply["status"] == "error" and reply["ename"] == "KeyboardInterrupt", reply
    assert stopped_after < 15, stopped_after
    # ... and the same TypeScript kernel goes on, with its variables
    msgs, reply = k.run("%%ts\nkept")
    assert reply["status"] == "ok", reply
    assert [m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"] == ["'still here'"]

    # a TypeScript kernel that dies: a clear error, and the next cell starts a new kernel
    msgs, reply = k.run("%%ts\nprocess.exit(3);")
    assert reply["status"] == "error" and reply["ename"] == "TypeScriptKernelError", reply
    assert "stopped while running the cell" in reply["evalue"]
    msgs, reply = k.run("%%ts\n6 * 7")
    assert reply["status"] == "ok", reply
    assert "a new one started" in "".join(m["content"].get("text", "") for m in msgs if m["msg_type"] == "stream")
    assert result_text(msgs) == ["42"]

    # without the kernelspec, the tfjs-tune-kernel package that Node finds from the folder is started directly
    msgs, reply = k.run(
        "import os\nfrom tfjs_tune import TypeScriptKernel\n"
        "direct = TypeScriptKernel(kernel_name='no-such-kernelspec', cwd=%r)\n"
        "print(direct.execute('[1, 2, 3].map((x) => x * x)')['data']['text/plain'])\nprint(direct.how)\ndirect.shutdown()" % ROOT
    )
    assert reply["status"] == "ok", reply
    printed = "".join(m["content"].get("text", "") for m in msgs if m["msg_type"] == "stream")
    assert printed == "[ 1, 4, 9 ]\nnode %s\n" % os.path.join(ROOT, "packages", "kernel", "dist", "kernel", "main.js"), printed

    # the Python kernel killed outright (no atexit, no shutdown request): the TypeScript kernel ends by itself
    msgs, reply = k.run("%%ts\nprocess.pid")
    ts_pid = int(result_text(msgs)[0])
    assert not gone(ts_pid)
    k.km.shutdown_kernel(now=True)
    deadline = time.monotonic() + 10
    while not gone(ts_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert gone(ts_pid), "the TypeScript kernel %d outlived the Python kernel that started it" % ts_pid
