// Port races: the runner picks free ports for a kernel, but another process can bind one before the
// kernel does (CI once lost a notebook run to "Address already in use" this way). The runner starts
// the kernel again on new ports, a bounded number of times, and then says what happened.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePorts } from "../../packages/kernel/src/runner/free-port.js";
import { KernelClient } from "../../packages/kernel/src/runner/jupyter-client.js";

const REPO = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "..");
const KERNEL = join(REPO, "packages", "kernel", "dist", "kernel", "main.js");
const FIXTURE = join(REPO, "test", "faults", "fixtures", "port-taken-kernel.ts");

function startCount(log: string): number {
  return existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean).length : 0;
}

test("freePorts gives distinct ports", async () => {
  const ports = await freePorts(8);
  assert.equal(new Set(ports).size, 8);
  assert.ok(ports.every((p) => Number.isInteger(p) && p > 0));
});

test("runner: a kernel whose port was taken is started again on new ports and then runs cells", { timeout: 120_000 }, async () => {
  assert.ok(existsSync(KERNEL), `${KERNEL} is missing: run \`npm run build\` first (npm test does it)`);
  const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-ports-"));
  const log = join(dir, "starts.log");
  try {
    const client = await KernelClient.start({
      argv: [process.execPath, "--import", "tsx", FIXTURE, "{connection_file}"],
      cwd: REPO,
      env: { PORT_TAKEN_LOG: log, PORT_TAKEN_TIMES: "2" },
    });
    try {
      assert.equal(startCount(log), 3, "two starts found the port taken, the third ran");
      const outcome = await client.execute("console.log(6 * 7)", { timeoutMs: 30_000 });
      assert.equal(outcome.status, "ok", client.stderr);
      const text = outcome.iopub.filter((m) => m.header.msg_type === "stream").map((m) => m.content.text);
      assert.deepEqual(text, ["42\n"]);
    } finally {
      await client.shutdown();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("runner: a port taken on every attempt ends, after a bounded number of starts, with the kernel's own message", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-ports-"));
  const log = join(dir, "starts.log");
  try {
    await assert.rejects(
      KernelClient.start({
        argv: [process.execPath, "--import", "tsx", FIXTURE, "{connection_file}"],
        cwd: REPO,
        env: { PORT_TAKEN_LOG: log, PORT_TAKEN_TIMES: "1000" },
      }),
      (e: Error) => /exited before it answered kernel_info/.test(e.message) && /Address already in use/.test(e.message),
    );
    assert.equal(startCount(log), 5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
