// The committed modules are what wasm/build.sh makes from wasm/*.c (when clang is here).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

test("wasm/build.sh reproduces the committed modules in src/backend/wasm byte for byte", (t) => {
  if (spawnSync("clang", ["--version"]).status !== 0 || spawnSync("sh", ["-c", "command -v wasm-ld"]).status !== 0) {
    t.skip("clang/lld not installed (apt-get install clang lld)");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-wasm-"));
  try {
    const r = spawnSync("sh", ["wasm/build.sh"], { env: { ...process.env, OUT_DIR: dir }, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    for (const f of ["train-kernels-wasm.ts", "fused-engine-wasm.ts"]) {
      assert.equal(
        readFileSync(join(dir, f), "utf8"),
        readFileSync(`src/backend/wasm/${f}`, "utf8"),
        `the committed ${f} differs from a fresh build: run sh wasm/build.sh and commit the result`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
