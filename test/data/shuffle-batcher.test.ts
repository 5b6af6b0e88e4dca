import { test } from "node:test";
import assert from "node:assert/strict";
import { ShuffleBatcher, batchRows, gatherRows, shuffleBufferOrder } from "../../src/data/shuffle-batcher.js";
import { chapterSplit } from "../../src/chapter/chapter-split.js";
import { Random } from "../../src/util/rng.js";
import { hemolysis } from "./shared-data.js";

const isPermutation = (a: Int32Array, n: number) => a.length === n && new Set(a).size === n && a.every((x) => x >= 0 && x < n);

test("shuffleBufferOrder is a permutation with tf.data's buffer locality", () => {
  for (const [count, buf] of [
    [0, 5],
    [1, 5],
    [10, 3],
    [7454, 1000],
    [50, 1000],
  ] as const) {
    const o = shuffleBufferOrder(count, buf, new Random(count));
    assert.ok(isPermutation(o, count), `${count}/${buf}`);
    // the k-th output must already have been read into the buffer: out[k] < k + bufferSize
    for (let k = 0; k < count; k++) assert.ok(o[k] < k + buf, `row ${o[k]} emitted at ${k} with buffer ${buf}`);
  }
  // buffer 1 keeps the order
  assert.deepEqual(Array.from(shuffleBufferOrder(5, 1, new Random(0))), [0, 1, 2, 3, 4]);
  assert.throws(() => shuffleBufferOrder(5, 0, new Random(0)), /bufferSize must be a positive integer/);
});

test("a full buffer shuffles uniformly (first position over 20,000 draws)", () => {
  const r = new Random(11);
  const counts = new Array(5).fill(0);
  for (let t = 0; t < 20000; t++) counts[shuffleBufferOrder(5, 5, r)[0]]++;
  for (const c of counts) assert.ok(Math.abs(c / 20000 - 0.2) < 0.015, `counts ${counts}`);
});

test("the chapter's train batches: 117 per epoch of 64 (last 30), reshuffled per epoch, same seed same order", () => {
  const { train } = chapterSplit(hemolysis());
  const b = new ShuffleBatcher(train, { seed: 3 });
  assert.equal(b.batchesPerEpoch, 117);
  const e0 = b.rowBatches(0);
  assert.equal(e0.length, 117);
  assert.ok(e0.slice(0, 116).every((x) => x.length === 64));
  assert.equal(e0[116].length, 30);
  const o0 = b.order(0);
  assert.ok(isPermutation(o0, 7454));
  assert.deepEqual(new ShuffleBatcher(train, { seed: 3 }).order(0), o0);
  assert.notDeepEqual(b.order(1), o0);
  assert.notDeepEqual(new ShuffleBatcher(train, { seed: 4 }).order(0), o0);
  const first = b.batches(0).next().value!;
  assert.equal(first.size, 64);
  assert.equal(first.features.length, 64 * 190);
  const r = first.rows[5];
  assert.deepEqual(Array.from(first.features.subarray(5 * 190, 6 * 190)), Array.from(train.features.subarray(r * 190, (r + 1) * 190)));
  assert.equal(first.labels[5], train.labels[r]);
  const dropped = new ShuffleBatcher(train, { dropRemainder: true });
  assert.equal(dropped.batchesPerEpoch, 116);
  assert.equal([...dropped.batches(2)].length, 116);
});

test("unshuffled batching keeps order (validation/test)", () => {
  const { val } = chapterSplit(hemolysis());
  const b = new ShuffleBatcher(val, { shuffle: false, batchSize: 100 });
  const rows = b.rowBatches(5);
  assert.equal(rows.length, 10);
  assert.deepEqual(
    Array.from(rows[9]),
    Array.from({ length: 31 }, (_, i) => 900 + i),
  );
  assert.deepEqual(
    batchRows(Int32Array.from([1, 2, 3, 4, 5]), 2, true).map((x) => Array.from(x)),
    [
      [1, 2],
      [3, 4],
    ],
  );
  assert.equal(gatherRows(val, Int32Array.from([])).size, 0);
  assert.throws(() => new ShuffleBatcher({ ...val, count: 0, features: new Int32Array(0), labels: new Float32Array(0) }), /empty/);
  assert.throws(() => new ShuffleBatcher(val, { batchSize: 0 }), /batchSize must be a positive integer/);
});
