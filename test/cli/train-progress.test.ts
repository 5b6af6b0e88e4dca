import { test } from "node:test";
import assert from "node:assert/strict";
import { trainProgressLines } from "../../src/cli/train-progress.js";
import type { TrainContext } from "../../src/train/callback.js";

test("trainProgressLines: a line at most every everyMs with epoch, batch of batches, loss and ETA; one at the end", async () => {
  let t = 0;
  const lines: string[] = [];
  const cb = trainProgressLines({ everyMs: 5000, now: () => t, write: (l) => lines.push(l) });
  const context = { epochs: 2 } as TrainContext;
  await cb.onTrainBegin!({}, context);
  for (let epoch = 0; epoch < 2; epoch++) {
    await cb.onEpochBegin!(epoch, {}, context);
    for (let b = 0; b < 10; b++) {
      t += 1000; // one batch per second: 20 s in all
      await cb.onBatchEnd!(b, { loss: 0.5 }, context);
    }
    await cb.onEpochEnd!(epoch, { loss: 0.5, val_auc: 0.75 }, context);
  }
  await cb.onTrainEnd!({}, context);
  assert.equal(lines.length, 4 + 1, lines.join(""));
  assert.match(lines[0]!, /^training: epoch 1\/2, batch 5, loss 0\.500, 5 s, ETA \?/);
  // after the first epoch the batch count is known: 15 of 20 batches in 15 s → 5 s left
  assert.match(lines[2]!, /^training: epoch 2\/2, batch 5\/10, loss 0\.500, val_auc 0\.750, 15 s, ETA 5 s\n$/);
  assert.match(lines.at(-1)!, /^trained: epoch 2\/2, loss 0\.500, val_auc 0\.750, 20 s\n$/);
});
