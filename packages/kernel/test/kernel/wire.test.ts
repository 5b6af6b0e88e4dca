import { test } from "node:test";
import assert from "node:assert/strict";
import { decode, encode, makeMessage, Signer } from "../../src/kernel/wire.js";

test("encode/decode round-trips a signed message with identities", () => {
  const signer = new Signer("secret");
  const req = makeMessage("execute_request", { code: "1" }, undefined, "s1", { identities: [Buffer.from("id1")] });
  const frames = encode(req, signer).map((f) => (typeof f === "string" ? Buffer.from(f) : f));
  const back = decode(frames, signer);
  assert.deepEqual(back.identities, [Buffer.from("id1")]);
  assert.equal(back.header.msg_type, "execute_request");
  assert.deepEqual(back.content, { code: "1" });
  const reply = makeMessage("execute_reply", {}, back, "s2", { identities: back.identities });
  assert.equal(reply.parent_header.msg_id, req.header.msg_id);
  assert.equal(reply.header.version, "5.3");
});

test("a bad signature or a missing delimiter is rejected", () => {
  const frames = encode(makeMessage("x", {}, undefined, "s"), new Signer("a")).map((f) => Buffer.from(f));
  assert.throws(() => decode(frames, new Signer("b")), /invalid message signature/);
  assert.throws(() => decode([Buffer.from("no delimiter")], new Signer("")), /without <IDS\|MSG> delimiter/);
  assert.doesNotThrow(() => decode(frames, new Signer("")), "an empty key disables checking");
});
