// Runs Debian's jupyter_kernel_test suite (kernel_conformance.py) against our kernel.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PYTHON, ROOT, jupyterEnv, requireJupyter } from "./jupyter-env.js";

test("jupyter_kernel_test: kernel_info, streams, execute_result, error, display_data, clear_output, history, is_complete, completion, inspect", { timeout: 120_000 }, () => {
  requireJupyter();
  const r = spawnSync(PYTHON, ["-m", "unittest", "-v", "kernel_conformance"], {
    cwd: join(ROOT, "test", "kernel"),
    env: jupyterEnv(),
    encoding: "utf8",
    timeout: 110_000,
  });
  const report = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, `jupyter_kernel_test failed:\n${report}`);
  const ran = /Ran (\d+) tests/.exec(report);
  assert.ok(ran && Number(ran[1]) >= 12, `expected the 12 kernel tests to run:\n${report}`);
  // Only the pager test may be skipped (no pager payloads in this kernel).
  for (const name of ["kernel_info", "execute_stdout", "execute_stderr", "execute_result", "error", "display_data", "clear_output", "history", "is_complete", "completion", "inspect"]) {
    assert.match(report, new RegExp(`test_${name} \\(.*\\) \\.\\.\\. ok`), `test_${name} did not pass:\n${report}`);
  }
});
