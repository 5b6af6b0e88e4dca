// Runs Debian's jupyter_kernel_test suite (kernel_conformance.py) against our kernel.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PYTHON, ROOT, jupyterEnv, requireJupyter } from "./jupyter-env.js";

test(
  "jupyter_kernel_test + extras: kernel_info, streams, execute_result, error, display_data, clear_output, history, is_complete, completion, inspect, interrupt, late errors, comm_info, restart",
  { timeout: 120_000 },
  () => {
    requireJupyter();
    const r = spawnSync(PYTHON, ["-m", "unittest", "-v", "kernel_conformance"], {
      cwd: join(ROOT, "test", "kernel"),
      env: jupyterEnv(),
      encoding: "utf8",
      timeout: 110_000,
    });
    const report = `${r.stdout}\n${r.stderr}`.replace(/\[tfjs-tune kernel\][^\n]*\n/g, "");
    assert.equal(r.status, 0, `jupyter_kernel_test failed:\n${report}`);
    const ran = /Ran (\d+) tests/.exec(report);
    assert.ok(ran && Number(ran[1]) >= 17, `expected the 17 kernel tests to run:\n${report}`);
    // Only the pager test may be skipped (no pager payloads in this kernel).
    for (const name of [
      "kernel_info",
      "execute_stdout",
      "execute_stderr",
      "execute_result",
      "error",
      "display_data",
      "clear_output",
      "history",
      "is_complete",
      "completion",
      "inspect",
      "interrupt_async_and_sync",
      "late_timer_error_fails_next_cell",
      "unhandled_rejection_during_cell",
      "comm_info",
      "zz_restart_clears_state",
    ]) {
      assert.match(report, new RegExp(`test_${name} \\(.*\\) \\.\\.\\. ok`), `test_${name} did not pass:\n${report}`);
    }
  },
);
