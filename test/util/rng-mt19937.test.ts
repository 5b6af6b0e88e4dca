import { test } from "node:test";
import assert from "node:assert/strict";
import { MT19937, numpyShuffledIndices } from "../../src/util/rng-mt19937.js";

// Expected values below were printed by numpy 2.4.6 (pyenv python3), e.g.
// np.random.RandomState(0).randint(0, 2**32, size=3, dtype=np.uint32) and .random_sample(3).

test("seed(0) raw outputs equal numpy's RandomState(0)", () => {
  const r = new MT19937(0);
  assert.deepEqual([r.nextUint32(), r.nextUint32(), r.nextUint32()], [2357136044, 2546248239, 3071714933]);
});

test("default seed 5489 gives the reference MT19937 first output", () => {
  // Matsumoto & Nishimura's mt19937ar.c: init_genrand(5489) first genrand_int32() = 3499211612
  assert.equal(new MT19937().nextUint32(), 3499211612);
});

test("init_by_array matches the reference mt19937ar.c output", () => {
  // mt19937ar.c main(): init_by_array({0x123, 0x234, 0x345, 0x456}) -> 1067595299 955945823 477289528 ...
  const r = new MT19937([0x123, 0x234, 0x345, 0x456]);
  assert.deepEqual([r.nextUint32(), r.nextUint32(), r.nextUint32()], [1067595299, 955945823, 477289528]);
});

test("randomSample equals numpy's random_sample", () => {
  const r = new MT19937(0);
  assert.deepEqual([r.randomSample(), r.randomSample(), r.randomSample()], [0.5488135039273248, 0.7151893663724195, 0.6027633760716439]);
});

test("shuffle equals numpy's legacy shuffle", () => {
  const small = Array.from({ length: 10 }, (_, i) => i);
  new MT19937(12345).shuffle(small);
  assert.deepEqual(small, [0, 7, 3, 9, 6, 4, 1, 8, 5, 2]);
  assert.deepEqual(Array.from(new MT19937(4294967295).permutation(1000).subarray(0, 8)), [94, 405, 819, 632, 217, 169, 449, 275]);
  const chapter = numpyShuffledIndices(9316, 0);
  assert.deepEqual(Array.from(chapter.subarray(0, 6)), [33, 2006, 628, 1051, 8006, 5692]);
  assert.deepEqual(Array.from(chapter.subarray(-3)), [4859, 3264, 2732]);
});

test("interval stays within [0, max] and handles 0 and 2^32-1", () => {
  const r = new MT19937(7);
  assert.equal(r.interval(0), 0);
  for (const max of [1, 2, 3, 5, 100, 1023, 1024, 0xffffffff]) {
    for (let k = 0; k < 200; k++) {
      const v = r.interval(max);
      assert.ok(Number.isInteger(v) && v >= 0 && v <= max, `${v} not in [0, ${max}]`);
    }
  }
});

test("state round-trips and bad seeds are refused", () => {
  const r = new MT19937(3);
  for (let i = 0; i < 700; i++) r.nextUint32();
  const st = r.getState();
  const a = [r.nextUint32(), r.nextUint32()];
  const q = new MT19937(0);
  q.setState(st);
  assert.deepEqual([q.nextUint32(), q.nextUint32()], a);
  assert.throws(() => new MT19937(-1), /0\.\.2\^32-1/);
  assert.throws(() => new MT19937(1.5), /integer/);
  assert.throws(() => new MT19937(2 ** 32), /0\.\.2\^32-1/);
});
