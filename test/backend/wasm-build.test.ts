// The committed train-kernels module is what wasm/build.sh makes from wasm/train-kernels.c (when clang is here).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

test("wasm/build.sh reproduces src/backend/wasm/train-kernels-wasm.ts byte for byte", (t) => {
  if (spawnSync("clang", ["--version"]).status !== 0 || spawnSync("sh", ["-c", "command -v wasm-ld"]).status !== 0) {
    t.skip("clang/lld not installed (apt-get install clang lld)");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-wasm-"));
  try {
    const r = spawnSync("sh", ["wasm/build.sh"], { env: { ...process.env, OUT_DIR: dir }, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(dir, "train-kernels-wasm.ts"), "utf8"), readFileSync("src/backend/wasm/train-kernels-wasm.ts", "utf8"),
      "the committed module differs from a fresh build: run sh wasm/build.sh and commit the result");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
