// smoke: {"epochs": 2}
// %% [markdown]
// # 4 · Early stopping (chapter section 18.5.2)
//
// Overfitting happens over time: the baseline was at its best on the validation data after a few
// epochs and only got worse afterwards. **Early stopping** watches a validation metric after each
// epoch and ends training once it stops improving, optionally rolling the weights back to the best
// epoch. It regularizes by limiting how long the model can memorize, and it saves compute, which
// matters most when the epoch budget is large.
//
// The chapter keeps the L2 model of notebook 3 and adds Keras' `EarlyStopping` with
//
// * `monitor = "val_auc"`, `mode = "max"`: validation AUC is the quantity to maximize;
// * `minDelta = 0.01`: an epoch counts as progress only if it beats the best AUC so far by more than 0.01;
// * `patience = 5`: stop after 5 epochs without such progress;
// * `restoreBestWeights = true`: on stopping, put back the weights of the best epoch.
//
// **What you should see:** training ends several epochs before the 20 allowed, because the gains in
// validation AUC shrink below 0.01 after the first few epochs; the weights of an earlier, best epoch
// are restored, and the test AUC is close to the L2 run's, reached in fewer epochs. The chapter's
// run scored 0.780.

// %% tags=["parameters"]
// Maximum number of epochs (the chapter: 20).
let epochs = 20;
// Seed of the initial weights and the batch order; the split always uses the chapter's seed 0.
let seed = 0;
// Epochs without progress before stopping (the chapter: 5).
let patience = 5;

// %%
import {
  chart,
  earlyStopping,
  ensureBackend,
  lossesSpec,
  plotLosses,
  reportMetrics,
  trainingProgress,
  trainModel,
} from "tfjs-tune";
import { buildModel, CHAPTER_SECTIONS, chapterSplit, loadHemolysis } from "tfjs-tune/chapter";

// The fastest TensorFlow.js backend available here (tfjs-node if installed, else WebAssembly with tfjs-tune's training kernels).
const backend = await ensureBackend({ quiet: true });
console.log(`TensorFlow.js backend: ${backend.name}`);
const data = await loadHemolysis();
const splits = chapterSplit(data, { seed: 0 });
console.log(`${data.count} examples: ${splits.train.count} for training, ${splits.val.count} for validation, ${splits.test.count} for testing`);

// %% [markdown]
// The callback is an object with hooks that `trainModel` calls after every epoch. Creating it
// ourselves (instead of `trainModel(…, { earlyStop: true })`, which builds the same one) lets us
// ask it afterwards which epoch was best.

// %%
const stopper = earlyStopping({ monitor: "val_auc", mode: "max", patience, minDelta: 0.01, restoreBestWeights: true });
const model = buildModel({ reg: 0.01, seed });
const history = await trainModel(model, splits, { epochs, seed, callbacks: [stopper, trainingProgress()] });

// %%
const test = await plotLosses(history, splits.test, { title: "Early stopping: loss per epoch" });

// %% [markdown]
// ## When did it stop, and which weights did it keep?

// %%
const h = history.history;
const ran = history.epoch.length;
if (history.stoppedEpoch !== undefined) {
  console.log(`stopped after epoch ${ran} of ${epochs}: no validation AUC gain above 0.01 for ${patience} epochs`);
  console.log(`weights restored from epoch ${stopper.bestEpoch + 1} (validation AUC ${stopper.best.toFixed(3)}); the test evaluation above used them`);
} else {
  console.log(`ran all ${ran} epochs: validation AUC kept improving by more than 0.01 within every ${patience}-epoch window`);
  console.log(`(Keras restores the best weights only when it stops early, so the last epoch's weights were kept)`);
}
console.log(`validation AUC per epoch: ${h.val_auc.map((v) => v.toFixed(3)).join(" ")}`);
await chart(lossesSpec(history, { metric: "auc", yTitle: "AUC", title: "Early stopping: AUC per epoch" }));

// %% [markdown]
// Notice how strict `minDelta = 0.01` is: once validation AUC is near 0.8, gaining another 0.01
// within five epochs is rare, so training stops soon after the fast early progress ends, even if
// the AUC still creeps upward. A smaller `minDelta` or a larger `patience` trades compute for a
// chance at a slightly better model.
//
// ## Compared with the chapter

// %%
const chapterEs = CHAPTER_SECTIONS["early-stopping"].chapter;
const last = h.loss.length - 1;
console.table({
  "this run": {
    epochs: ran,
    "train loss": Number(h.loss[last].toFixed(3)),
    "val loss": Number(h.val_loss[last].toFixed(3)),
    "test AUC": Number(test.auc.toFixed(3)),
    "test accuracy": Number(test.accuracy.toFixed(3)),
  },
  chapter: { epochs: "not printed", "train loss": chapterEs.trainLoss, "val loss": chapterEs.valLoss, "test AUC": chapterEs.testAuc, "test accuracy": chapterEs.testAccuracy },
});
// For `tfjs-tune run`: this run's numbers next to the chapter's in the run summary.
reportMetrics({ "chapter AUC": chapterEs.testAuc, "epochs run": ran });

// %% [markdown]
// Early stopping reaches about the same
// test performance as training for the full 20 epochs, at a fraction of the cost: with a budget of
// hundreds of epochs, that saving is the main reason to use it.
