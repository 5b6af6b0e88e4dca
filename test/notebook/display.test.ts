import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { display, clearOutput, bundleText, newDisplayId } from "../../src/notebook/display.js";
import { KERNEL_HOOK } from "../../src/notebook/kernel-hook.js";
import { fakeKernel } from "./fake-kernel.js";

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[KERNEL_HOOK];
});

test("display sends one message with the whole bundle, metadata and display id", () => {
  const k = fakeKernel();
  display(
    { "text/plain": "x", "image/png": new Uint8Array([1, 2, 3]), "application/json": { a: 1 } },
    { metadata: { "image/png": { width: 3 } }, displayId: "abc" },
  );
  display({ "text/plain": "y" }, { displayId: "abc", update: true });
  assert.equal(k.sent.length, 2);
  assert.deepEqual(k.sent[0], {
    content: {
      data: { "text/plain": "x", "image/png": "AQID", "application/json": { a: 1 } },
      metadata: { "image/png": { width: 3 } },
      transient: { display_id: "abc" },
    },
    update: false,
  });
  assert.deepEqual(k.sent[1], { content: { data: { "text/plain": "y" }, metadata: {}, transient: { display_id: "abc" } }, update: true });
  clearOutput(true);
  assert.deepEqual(k.cleared, [true]);
});

test("display rejects bad input with a message naming it", () => {
  fakeKernel();
  assert.throws(() => display("hi" as never), /expected a MIME bundle object/);
  assert.throws(() => display({ "text/plain": "a" }, { update: true }), /update: true needs a displayId/);
  assert.throws(() => display({ "image/png": 42 }), /image\/png must be a Uint8Array or a base64 string/);
});

test("outside a kernel display prints the text form", (t) => {
  const lines: string[] = [];
  t.mock.method(process.stdout, "write", (s: string) => (lines.push(s), true));
  display({ "text/plain": "hello" });
  display({ "image/svg+xml": "<svg/>" });
  t.mock.restoreAll();
  assert.deepEqual(lines, ["hello\n", "<display: image/svg+xml>\n"]);
  assert.equal(bundleText({ "text/markdown": "# t" }), "# t");
  assert.match(newDisplayId(), /^[0-9a-f]{16}$/);
});
