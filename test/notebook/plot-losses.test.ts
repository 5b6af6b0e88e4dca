import { test } from "node:test";
import assert from "node:assert/strict";
import { ensureBackend } from "../../src/backend/index.js";
import { buildModel } from "../../src/chapter/build-model.js";
import { plotLosses } from "../../src/notebook/plot-losses.js";
import { evaluate } from "../../src/train/evaluate.js";
import { trainModel } from "../../src/train/train-model.js";
import { SMALL, syntheticDataset } from "../train/synthetic.js";

await ensureBackend({ backend: "cpu", quiet: true });

test("plotLosses shows the chart (text form outside a kernel) and prints the chapter's test line", async () => {
  const model = buildModel({ ...SMALL, seed: 1 });
  const train = syntheticDataset(96, SMALL.sequenceLength, 1);
  const val = syntheticDataset(32, SMALL.sequenceLength, 2);
  const testData = syntheticDataset(40, SMALL.sequenceLength, 3);
  const history = await trainModel(model, { train, val }, { epochs: 2, verbose: 0 });
  const written: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
  const lines: string[] = [];
  let result;
  try {
    result = await plotLosses(history, testData, { log: (l) => lines.push(l) });
  } finally {
    process.stdout.write = write;
  }
  assert.match(written.join(""), /\[chart: line.*4 rows\]/);
  const expected = await evaluate(model, testData);
  assert.deepEqual(result, expected);
  assert.deepEqual(lines, [` Test AUC: ${expected.auc.toFixed(3)} Test Accuracy: ${expected.accuracy.toFixed(3)}`]);
  model.dispose();
});
