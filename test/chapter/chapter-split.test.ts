import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chapterSplit } from "../../src/chapter/chapter-split.js";
import { subsetRows, withTrainRows } from "../../src/data/subset.js";
import { hemolysis } from "../data/shared-data.js";

// made by scripts/numpy-split-fixture.py (numpy's legacy RandomState, seed 0)
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL("../fixtures/chapter-split-seed0.json", import.meta.url)), "utf8")) as {
  n: number;
  seed: number;
  indices: number[];
};

test("all 9,316 split indices equal numpy's", () => {
  const data = hemolysis();
  assert.equal(fixture.n, data.count);
  const s = chapterSplit(data, { seed: 0 });
  const ours = [...s.indices.test, ...s.indices.val, ...s.indices.train];
  assert.equal(ours.length, 9316);
  let mismatches = 0;
  for (let k = 0; k < 9316; k++) if (ours[k] !== fixture.indices[k]) mismatches++;
  assert.equal(mismatches, 0);
  assert.deepEqual(ours.slice(0, 6), [33, 2006, 628, 1051, 8006, 5692]);
  assert.deepEqual([s.test.count, s.val.count, s.train.count], [931, 931, 7454]);
});

test("split rows carry the original features and labels", () => {
  const data = hemolysis();
  const s = chapterSplit(data);
  for (const k of [0, 100, 930]) {
    const r = s.indices.test[k];
    assert.deepEqual(Array.from(s.test.features.subarray(k * 190, (k + 1) * 190)), Array.from(data.features.subarray(r * 190, (r + 1) * 190)));
    assert.equal(s.test.labels[k], r < 1826 ? 1 : 0);
  }
  const pos = (d: { labels: Float32Array }) => d.labels.reduce((a, b) => a + b, 0);
  assert.equal(pos(s.train) + pos(s.val) + pos(s.test), 1826);
});

test("other seeds differ, the same seed repeats; bad input is refused", () => {
  const data = hemolysis();
  const a = chapterSplit(data, { seed: 1 });
  assert.notDeepEqual(Array.from(a.indices.test.subarray(0, 10)), fixture.indices.slice(0, 10));
  assert.deepEqual(chapterSplit(data, { seed: 1 }).indices.test, a.indices.test);
  assert.throws(() => chapterSplit(data, { fraction: 0.6 }), /fraction must be in \(0, 0.5\)/);
  assert.throws(() => chapterSplit({ ...data, count: 5 }), /inconsistent Dataset/);
  assert.throws(() => subsetRows(data, [0, 9316]), /row 9316 at position 1 is outside 0\.\.9315/);
});

test("withTrainRows keeps the first rows of train and leaves val and test whole", () => {
  const mk = (n: number) => ({ features: Int32Array.from({ length: n * 2 }, (_, i) => i), labels: new Float32Array(n), count: n, length: 2 });
  const splits = { train: mk(5), val: mk(3), test: mk(3) };
  const cut = withTrainRows(splits, 2);
  assert.equal(cut.train.count, 2);
  assert.deepEqual([...cut.train.features], [0, 1, 2, 3]);
  assert.equal(cut.val, splits.val);
  assert.equal(withTrainRows(splits, 0), splits);
  assert.equal(withTrainRows(splits, 99), splits);
  assert.throws(() => withTrainRows(splits, -1), /whole number ≥ 0/);
});
