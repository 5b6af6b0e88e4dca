import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { progress } from "../../src/notebook/progress.js";
import { KERNEL_HOOK } from "../../src/notebook/kernel-hook.js";
import { fakeKernel } from "./fake-kernel.js";

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[KERNEL_HOOK];
});

test("outside a kernel progress prints throttled lines and a final one", () => {
  let now = 0;
  const lines: string[] = [];
  const p = progress(4, "epochs", { now: () => now, write: (s) => void lines.push(s), logIntervalMs: 1000, width: 4 });
  now = 500;
  p.tick(1, { loss: 0.123456 }); // within 1 s of the first line: not printed
  now = 1500;
  p.tick(1, { loss: 0.1 });
  now = 2000;
  p.done({ loss: 0.05 });
  p.tick(); // after done: ignored
  assert.deepEqual(lines, [
    "epochs  [░░░░]  0/4  0%  0.0s<?\n",
    "epochs  [██░░]  2/4  50%  1.5s<1.5s  loss=0.1\n",
    "epochs  [██░░]  2/4  50%  2.0s  loss=0.05  done\n",
  ]);
});

test("in a kernel progress is one output updated in place, throttled, with the final state always sent", () => {
  const k = fakeKernel();
  let now = 0;
  const p = progress(undefined, "steps", { now: () => now, minIntervalMs: 100 });
  now = 10;
  p.tick(); // throttled: a trailing timer would draw it later
  now = 200;
  p.tick(5);
  p.done();
  const ids = new Set(k.sent.map((s) => s.content.transient.display_id));
  assert.equal(ids.size, 1);
  assert.deepEqual(
    k.sent.map((s) => s.update),
    [false, true, true],
  );
  assert.deepEqual(
    k.sent.map((s) => s.content.data["text/plain"]),
    ["steps  0 steps  0.0s", "steps  6 steps  0.2s", "steps  6 steps  0.2s  done"],
  );
});

test("progress rejects a bad total", () => {
  assert.throws(() => progress(-1), /total must be a non-negative number/);
});
