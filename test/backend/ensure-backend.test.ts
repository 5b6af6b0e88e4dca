// ensureBackend: idempotent, honours a forced choice, and fails clearly when the forced backend cannot load.
import * as tf from "@tensorflow/tfjs";
import { test } from "node:test";
import assert from "node:assert/strict";
import { ensureBackend } from "../../src/backend/index.js";

test("ensureBackend picks wasm here (no tfjs-node) and is idempotent", async () => {
  const a = await ensureBackend({ quiet: true });
  const b = await ensureBackend({ quiet: true });
  assert.equal(a, b);
  assert.ok(a.name === "wasm" || a.name === "node", `unexpected ${a.name}`);
  assert.equal(tf.getBackend(), a.tfBackend);
  if (a.name === "wasm") assert.ok(a.kernels.includes("Conv2DBackpropFilter") && a.kernels.includes("UnsortedSegmentSum"));
});

test("a forced backend is used, and an unknown name is rejected", async () => {
  const c = await ensureBackend({ backend: "cpu", quiet: true });
  assert.equal(c.name, "cpu");
  assert.equal(tf.getBackend(), "cpu");
  assert.throws(() => ensureBackend({ backend: "gpu" as "cpu" }), /options\.backend must be one of node, wasm, cpu/);
  const w = await ensureBackend({ backend: "wasm", quiet: true });
  assert.equal(tf.getBackend(), "wasm");
  assert.equal(w.forced, true);
});

test("forcing node without tfjs-node installed fails with a clear error", async (t) => {
  try {
    await import("@tensorflow/tfjs-node" as string);
    t.skip("tfjs-node is installed here");
    return;
  } catch {
    /* expected on this machine */
  }
  await assert.rejects(ensureBackend({ backend: "node", quiet: true }), /forced backend "node".*could not load/);
  await ensureBackend({ backend: "wasm", quiet: true });
});
