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


if __name__ == "__main__":
    unittest.main(verbosity=2)
