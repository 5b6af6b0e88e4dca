import { test } from "node:test";
import assert from "node:assert/strict";
import { JUPYTER_DISPLAY, plainText, richValue } from "../../src/kernel/rich-value.js";

test("a value's Symbol.for('Jupyter.display') bundle becomes the execute_result, with text/plain added", async () => {
  const value = { [JUPYTER_DISPLAY]: () => ({ "text/markdown": "**x**", "image/png": new Uint8Array([1, 2, 3]) }) };
  const { data } = await richValue(value);
  assert.equal(data["text/markdown"], "**x**");
  assert.equal(data["image/png"], "AQID");
  assert.equal(typeof data["text/plain"], "string");
  const asyncValue = { [JUPYTER_DISPLAY]: async () => ({ "text/plain": "later" }) };
  assert.deepEqual((await richValue(asyncValue)).data, { "text/plain": "later" });
});

test("plain values are shown like Node's REPL; a bad display method is a clear error", async () => {
  assert.deepEqual((await richValue(42)).data, { "text/plain": "42" });
  assert.equal(plainText("s"), "'s'");
  assert.equal(plainText({ a: [1, 2] }), "{ a: [ 1, 2 ] }");
  await assert.rejects(richValue({ [JUPYTER_DISPLAY]: () => "nope" }), /must return a MIME bundle object, got string/);
});
