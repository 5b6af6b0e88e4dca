import { test } from "node:test";
import assert from "node:assert/strict";
import { groupedSplit, groupRows } from "../../src/data/grouped-split.js";
import type { Dataset } from "../../src/data/types.js";
import { hemolysis } from "./shared-data.js";

function keysOf(d: Dataset): Set<string> {
  const out = new Set<string>();
  for (let r = 0; r < d.count; r++) out.add(d.features.subarray(r * d.length, (r + 1) * d.length).join(","));
  return out;
}

test("hemolysis: 6,076 distinct sequences, 465 label conflicts, no sequence in two splits", () => {
  const data = hemolysis();
  const s = groupedSplit(data, { seed: 0 });
  const rep = s.report;
  assert.equal(rep.rows, 9316);
  assert.equal(rep.distinct, 6076);
  assert.equal(rep.duplicateRows, 9316 - 6076);
  assert.equal(rep.labelConflicts, 465);
  assert.ok(rep.conflictRows >= 2 * 465);
  assert.equal(rep.counts.train + rep.counts.val + rep.counts.test, 9316);
  assert.equal(rep.groups.train + rep.groups.val + rep.groups.test, 6076);
  // sizes near the targets (overshoot at most one group)
  assert.ok(rep.counts.test >= 931 && rep.counts.test < 931 + rep.largestGroup, `test ${rep.counts.test}`);
  assert.ok(rep.counts.val >= 931 - rep.largestGroup && rep.counts.val < 931 + 2 * rep.largestGroup, `val ${rep.counts.val}`);
  const [tr, va, te] = [keysOf(s.train), keysOf(s.val), keysOf(s.test)];
  for (const k of te) assert.ok(!tr.has(k) && !va.has(k));
  for (const k of va) assert.ok(!tr.has(k));
  // every row used exactly once
  const all = [...s.indices.train, ...s.indices.val, ...s.indices.test].sort((a, b) => a - b);
  assert.deepEqual(
    all,
    Array.from({ length: 9316 }, (_, i) => i),
  );
  // deterministic by seed
  assert.deepEqual(groupedSplit(data, { seed: 0 }).indices.test, s.indices.test);
  assert.notDeepEqual(groupedSplit(data, { seed: 1 }).indices.test, s.indices.test);
});

test("conflicts: drop and dedupe remove the right rows", () => {
  const data = hemolysis();
  const dropped = groupedSplit(data, { conflicts: "drop" });
  const r = dropped.report;
  assert.equal(r.removedRows, r.conflictRows);
  assert.equal(r.counts.train + r.counts.val + r.counts.test, 9316 - r.conflictRows);
  const deduped = groupedSplit(data, { dedupe: true });
  // one row per (sequence, label): distinct + one extra row for each conflicting sequence
  const n = deduped.report.counts;
  assert.equal(n.train + n.val + n.test, 6076 + 465);
  const both = groupedSplit(data, { dedupe: true, conflicts: "drop", fractions: { train: 0.7, val: 0.15, test: 0.15 } });
  const m = both.report.counts;
  assert.equal(m.train + m.val + m.test, 6076 - 465);
  assert.equal(keysOf(both.train).size, m.train);
});

test("small example: groups, report and validation", () => {
  const rows = [
    [1, 2],
    [3, 4],
    [1, 2],
    [5, 6],
    [3, 4],
    [1, 2],
  ];
  const labels = [1, 0, 1, 0, 1, 1];
  const data: Dataset = { features: Int32Array.from(rows.flat()), labels: Float32Array.from(labels), count: 6, length: 2 };
  assert.deepEqual(groupRows(data), [[0, 2, 5], [1, 4], [3]]);
  const s = groupedSplit(data, { fractions: { train: 0.5, val: 0.25, test: 0.25 } });
  assert.equal(s.report.distinct, 3);
  assert.equal(s.report.duplicatedSequences, 2);
  assert.equal(s.report.labelConflicts, 1);
  assert.equal(s.report.conflictRows, 2);
  assert.equal(s.report.largestGroup, 3);
  assert.throws(() => groupedSplit(data, { fractions: { train: 0.5, val: 0.5, test: 0.5 } }), /sum to 1/);
  assert.throws(() => groupedSplit(data, { conflicts: "x" as "keep" }), /"keep" or "drop"/);
});
