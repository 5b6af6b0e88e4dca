// SeededDropout.trainingMultiplier (what the fused engine multiplies by) equals the mask of the
// layer's own training call, bit for bit, call after call.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "../../src/backend/index.js";
import { SeededDropout } from "../../src/model/seeded-dropout.js";

test("trainingMultiplier is the multiplier of the layer's next training call (tf.dropout with the call's seed)", async () => {
  await ensureBackend({ backend: "cpu", quiet: true });
  for (const rate of [0.3, 0.5, 0.1]) {
    const a = new SeededDropout({ rate, seed: 7 }),
      b = new SeededDropout({ rate, seed: 7 });
    for (let call = 0; call < 3; call++) {
      const m = a.trainingMultiplier([13, 17]);
      const ref = tf.tidy(() => Float32Array.from((b.apply(tf.ones([13, 17]), { training: true }) as tf.Tensor).dataSync()));
      assert.deepEqual(m, ref, `rate ${rate}, call ${call}`);
    }
    a.reseed(3);
    b.reseed(3);
    const ref = tf.tidy(() => Float32Array.from((b.apply(tf.ones([4, 5]), { training: true }) as tf.Tensor).dataSync()));
    assert.deepEqual(a.trainingMultiplier([4, 5]), ref, `rate ${rate} after reseed`);
  }
  assert.deepEqual(new SeededDropout({ rate: 0 }).trainingMultiplier([2, 3]), new Float32Array(6).fill(1));
});
