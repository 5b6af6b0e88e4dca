"""Conformance of the tfjs-tune kernel, checked with Debian's jupyter_kernel_test (run by kernel.test.ts)."""
import unittest

import jupyter_kernel_test as jkt

VL = ('{"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "mark": "point", '
      '"data": {"values": [{"x": 1, "y": 2}, {"x": 2, "y": 3}]}, '
      '"encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}}}')


class TfjsTuneKernelTests(jkt.KernelTests):
    kernel_name = "tfjs-tune"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("oops")'
    completion_samples = [{"text": "Math.ma", "matches": {"max"}}]
    complete_code_samples = ["1 + 1", "const x = 1;", "function f() { return 1; }"]
    incomplete_code_samples = ["function f() {", "if (true) {", "const a = ["]
    invalid_code_samples = ["1 +* 2", "const = ;"]
    code_generate_error = 'throw new Error("boom")'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "Promise.resolve(40 + 2)", "result": "42"},
        {"code": '({[Symbol.for("Jupyter.display")]() { return {"text/markdown": "**hi**"}; }})',
         "mime": "text/markdown", "result": "**hi**"},
    ]
    code_history_pattern = "6 *"
    supported_history_operations = ("tail", "range", "search")
    code_display_data = [
        {"code": 'import { chart } from "tfjs-tune"; await chart(' + VL + ');',
         "mime": "application/vnd.vegalite.v5+json"},
        {"code": 'import { chart } from "tfjs-tune"; await chart(' + VL + ');', "mime": "image/svg+xml"},
        {"code": 'import { chart } from "tfjs-tune"; await chart(' + VL + ');', "mime": "image/png"},
        {"code": 'import { display } from "tfjs-tune"; display({"text/html": "<b>x</b>", "text/plain": "x"});',
         "mime": "text/html"},
    ]
    code_clear_output = 'import { clearOutput } from "tfjs-tune"; console.log("a"); clearOutput(true);'
    code_inspect_sample = "Math.max"

    # Behaviour beyond jupyter_kernel_test: interrupts, late errors, comm_info, restart (runs last: test_zz).

    def run_cell(self, code, interrupt_after=None, timeout=30):
        import time
        self.flush_channels()
        msg_id = self.kc.execute(code)
        if interrupt_after is not None:
            time.sleep(interrupt_after)
            self.km.interrupt_kernel()
        while True:
            reply = self.kc.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]

    def test_interrupt_async_and_sync(self):
        c = self.run_cell("await new Promise((r) => setTimeout(r, 60000))", interrupt_after=1.5)
        self.assertEqual((c["status"], c["ename"]), ("error", "KeyboardInterrupt"))
        c = self.run_cell("let spins = 0; while (true) { spins++; }", interrupt_after=1.5)
        self.assertEqual((c["status"], c["ename"]), ("error", "KeyboardInterrupt"))
        self.assertEqual(self.run_cell("1 + 1")["status"], "ok")

    def test_late_timer_error_fails_next_cell(self):
        import time
        self.assertEqual(self.run_cell('setTimeout(() => { throw new Error("late boom"); }, 10); 1')["status"], "ok")
        time.sleep(0.5)
        c = self.run_cell("2")
        self.assertEqual((c["status"], c["evalue"]), ("error", "late boom"))
        self.assertIn("after cell", c["traceback"][0])
        self.assertEqual(self.run_cell("3")["status"], "ok")

    def test_unhandled_rejection_during_cell(self):
        c = self.run_cell('Promise.reject(new RangeError("nobody awaits me")); await new Promise((r) => setTimeout(r, 50));')
        self.assertEqual((c["status"], c["ename"], c["evalue"]), ("error", "RangeError", "nobody awaits me"))

    def test_comm_info(self):
        self.flush_channels()
        msg_id = self.kc.comm_info()
        reply = self.get_non_kernel_info_reply(timeout=15)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["header"]["msg_type"], "comm_info_reply")
        self.assertEqual(reply["content"], {"status": "ok", "comms": {}})

    def test_zz_restart_clears_state(self):
        self.assertEqual(self.run_cell("const kept = 1;")["status"], "ok")
        self.km.restart_kernel(now=False)
        self.kc.wait_for_ready(timeout=60)
        c = self.run_cell("typeof kept")
        self.assertEqual((c["status"], c["ename"]), ("error", "TSError"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
