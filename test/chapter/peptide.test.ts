import { test } from "node:test";
import assert from "node:assert/strict";
import { ALPHABET, decodePeptide, decodePeptideRow, encodePeptide, encodePeptides } from "../../src/chapter/peptide.js";
import { hemolysis } from "../data/shared-data.js";

test("alphabet as upstream: '-' then ARNDCQEGHILKMFPSTWYV", () => {
  assert.equal(ALPHABET, "-ARNDCQEGHILKMFPSTWYV");
  assert.deepEqual(Array.from(encodePeptide("ARV", 5)), [1, 2, 20, 0, 0]);
  assert.deepEqual(Array.from(encodePeptide("gly", 4)), [8, 11, 19, 0]);
  assert.equal(decodePeptide([1, 2, 20, 0, 0]), "ARV");
});

test("every real row round-trips through decode/encode", () => {
  const data = hemolysis();
  for (let r = 0; r < data.count; r += 7) {
    const row = data.features.subarray(r * 190, (r + 1) * 190);
    const s = decodePeptideRow(data.features, 190, r);
    assert.deepEqual(encodePeptide(s), row, `row ${r}`);
  }
  // numpy: np.load("hemo-positive.npz")["arr_0"][0][:26] = [2 20 12 2 20 18 15 11 20 10 2 17 20 10 1 8 19 3 11 19 2 1 10 12 12 12]
  assert.equal(decodePeptideRow(data.features, 190, 0), "RVKRVWPLVIRTVIAGYNLYRAIKKK");
});

test("bad input gives clear errors", () => {
  assert.throws(() => encodePeptide("AXB"), /unknown residue "X" at position 1 of "AXB"/);
  assert.throws(() => encodePeptide("A-B"), /unknown residue "-"/);
  assert.throws(() => encodePeptide("AAAA", 3), /4 residues exceeds length 3/);
  assert.throws(() => decodePeptide([1, 21]), /index 21 at position 1 is outside 0\.\.20/);
  assert.deepEqual(Array.from(encodePeptides(["A", "RR"], 3)), [1, 0, 0, 2, 2, 0]);
});
