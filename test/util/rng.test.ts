import { test } from "node:test";
import assert from "node:assert/strict";
import { Random, createRng, deriveSeed, mulberry32 } from "../../src/util/rng.js";

test("xoshiro128** core matches the reference C code for state {1,2,3,4}", () => {
  // reference values from Vigna's xoshiro128starstar.c compiled with gcc
  const r = new Random(0);
  r.setState({ s: [1, 2, 3, 4], spare: null });
  const out = Array.from({ length: 1000 }, () => r.nextUint32());
  assert.deepEqual(out.slice(0, 5), [11520, 0, 5927040, 70819200, 2031721883]);
  assert.equal(out[999], 3170714187);
});

test("same seed gives the same stream, different seeds differ", () => {
  const a = new Random(42);
  const b = new Random(42);
  const c = new Random(43);
  const xa = Array.from({ length: 20 }, () => a.uniform());
  assert.deepEqual(
    Array.from({ length: 20 }, () => b.uniform()),
    xa,
  );
  assert.notDeepEqual(
    Array.from({ length: 20 }, () => c.uniform()),
    xa,
  );
});

test("uniform, int and normal have the right ranges and moments", () => {
  const r = new Random(1);
  const n = 20000;
  let sum = 0;
  let sq = 0;
  const counts = new Array(7).fill(0);
  for (let i = 0; i < n; i++) {
    const u = r.uniform();
    assert.ok(u >= 0 && u < 1);
    const v = r.uniform(-3, 5);
    assert.ok(v >= -3 && v < 5);
    counts[r.int(7)]++;
    const z = r.normal(2, 3);
    sum += z;
    sq += z * z;
  }
  const mean = sum / n;
  const sd = Math.sqrt(sq / n - mean * mean);
  assert.ok(Math.abs(mean - 2) < 0.1, `mean ${mean}`);
  assert.ok(Math.abs(sd - 3) < 0.1, `sd ${sd}`);
  for (const c of counts) assert.ok(Math.abs(c / n - 1 / 7) < 0.015, `count ${c}`);
  assert.throws(() => r.int(0), /1\.\.2\^32/);
  assert.throws(() => r.int(2.5), /integer/);
});

test("deriveSeed is deterministic, order-sensitive and spreads trial numbers", () => {
  assert.equal(deriveSeed(7, 1, 2), deriveSeed(7, 1, 2));
  assert.notEqual(deriveSeed(7, 1, 2), deriveSeed(7, 2, 1));
  assert.notEqual(deriveSeed(7), deriveSeed(7, 0));
  assert.notEqual(deriveSeed(2 ** 32), deriveSeed(0));
  const seen = new Set<number>();
  for (let t = 0; t < 10000; t++) seen.add(deriveSeed(123, t));
  assert.equal(seen.size, 10000);
  for (const s of seen) assert.ok(Number.isInteger(s) && s >= 0 && s < 2 ** 32);
  assert.throws(() => deriveSeed(1.5), /integer/);
  const a = createRng(5, 3);
  const b = new Random(deriveSeed(5, 3));
  assert.equal(a.uniform(), b.uniform());
});

test("shuffle is a permutation; state round-trips including the spare normal", () => {
  const r = new Random(9);
  const x = Int32Array.from({ length: 100 }, (_, i) => i);
  r.shuffle(x);
  assert.deepEqual(
    Array.from(x).sort((p, q) => p - q),
    Array.from({ length: 100 }, (_, i) => i),
  );
  assert.notDeepEqual(
    Array.from(x),
    Array.from({ length: 100 }, (_, i) => i),
  );
  r.normal();
  const st = r.getState();
  const next = [r.normal(), r.uniform(), r.int(10)];
  const q = new Random(0);
  q.setState(st);
  assert.deepEqual([q.normal(), q.uniform(), q.int(10)], next);
  assert.throws(() => r.choice([]), /empty/);
});

test("mulberry32 gives the draws of learning-curves.md for seed 12345, treats seeds mod 2^32, and stays in [0, 1)", () => {
  const r = mulberry32(12345);
  assert.deepEqual([r(), r(), r(), r()], [0.9797282677609473, 0.3067522644996643, 0.484205421525985, 0.817934412509203]);
  const a = mulberry32(-1);
  const b = mulberry32(2 ** 32 - 1);
  for (let i = 0; i < 1000; i++) {
    const x = a();
    assert.equal(x, b());
    assert.ok(x >= 0 && x < 1, `draw ${i} = ${x}`);
  }
});
