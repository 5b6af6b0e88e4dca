// kernel-setup/install.mjs: writes a kernelspec with absolute paths, and removes it again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { ROOT } from "./jupyter-env.js";

const script = join(ROOT, "setup", "install.mjs");
const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: "utf8" });

test("install --prefix writes kernels/tfjs-tune/kernel.json with absolute paths; --uninstall removes it", () => {
  const prefix = mkdtempSync(join(tmpdir(), "tfjs-tune-prefix-"));
  const r = run("--prefix", prefix, "--display-name", "TS test");
  assert.equal(r.status, 0, r.stderr);
  const file = join(prefix, "share", "jupyter", "kernels", "tfjs-tune", "kernel.json");
  const spec = JSON.parse(readFileSync(file, "utf8")) as { argv: string[]; display_name: string; language: string; interrupt_mode: string };
  assert.equal(spec.display_name, "TS test");
  assert.equal(spec.language, "typescript");
  assert.equal(spec.interrupt_mode, "signal");
  assert.equal(spec.argv[0], process.execPath);
  assert.equal(spec.argv.at(-2), join(ROOT, "dist", "kernel", "main.js"));
  assert.equal(spec.argv.at(-1), "{connection_file}");
  assert.ok(spec.argv.slice(0, -1).every((a) => a.startsWith("--") || isAbsolute(a)));
  assert.match(r.stdout, /JUPYTER_PATH=/);
  const u = run("--uninstall", "--prefix", prefix);
  assert.equal(u.status, 0, u.stderr);
  assert.ok(!existsSync(file));
  assert.match(run("--uninstall", "--prefix", prefix).stdout, /nothing to remove/);
  rmSync(prefix, { recursive: true, force: true });
});

test("install rejects unknown arguments and bad names with a clear message", () => {
  const r = run("--frobnicate");
  assert.equal(r.status, 1);
  assert.match(r.stderr, /unknown argument --frobnicate/);
  assert.match(run("--name", "bad name!", "--jupyter-path", tmpdir()).stderr, /kernel names may only hold/);
});
