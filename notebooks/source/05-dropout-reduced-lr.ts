// smoke: {"epochs": 2}
// %% [markdown]
// # 5 · Dropout and a learning rate that drops on plateaus (chapter section 18.5.3)
//
// The chapter's last experiment combines two more ideas with the L2 model:
//
// * **Dropout** (rate 0.3) before each hidden dense layer and before the output. During training,
//   each of those inputs is zeroed with probability 0.3 (and the rest scaled up by 1/0.7), so no
//   unit can rely on a particular partner being present; the network learns redundant, more general
//   features. At evaluation time dropout is off.
// * **ReduceLROnPlateau** on the validation loss: if it has not improved for 5 epochs, multiply the
//   learning rate by 0.9 (never below 1e-5). A smaller step late in training lets Adam settle into a
//   minimum instead of bouncing around it.
//
// Early stopping is left out, as in the chapter, so that all 20 epochs run. `trainModel` prints the
// learning rate at the start of every epoch, like the chapter's `LambdaCallback`.
//
// **What you should see:** twenty `lr = …` lines; the training loss falls more slowly than without
// dropout and stays closer to the validation loss; the test AUC lands near 0.80 (the chapter: 0.802).
// The chapter's learning rate never moved (its validation loss kept improving often enough); ours
// may be cut once or twice near the end, depending on the seed.

// %% tags=["parameters"]
// Epochs to train (the chapter: 20).
let epochs = 20;
// Seed of the initial weights, batch order and dropout masks; the split always uses the chapter's seed 0.
let seed = 0;

// %%
import { ensureBackend, plotLosses, reportMetrics, trainingProgress, trainModel } from "tfjs-tune";
import { buildModel, CHAPTER_REDUCE_LR, CHAPTER_SECTIONS, chapterSplit, loadHemolysis } from "tfjs-tune/chapter";

// The fastest TensorFlow.js backend available here (tfjs-node if installed, else WebAssembly with tfjs-tune's training kernels).
const backend = await ensureBackend({ quiet: true });
console.log(`TensorFlow.js backend: ${backend.name}`);
const data = await loadHemolysis();
const splits = chapterSplit(data, { seed: 0 });
console.log(`${data.count} examples: ${splits.train.count} for training, ${splits.val.count} for validation, ${splits.test.count} for testing`);
console.log("ReduceLROnPlateau settings:", CHAPTER_REDUCE_LR);

// %% [markdown]
// `buildModel({ reg: 0.01, addDropout: true })` inserts the three dropout layers; `reducedLR: true`
// adds the plateau schedule and the per-epoch `lr = …` line.

// %%
const model = buildModel({ reg: 0.01, addDropout: true, seed });
const history = await trainModel(model, splits, { epochs, seed, reducedLR: true, callbacks: [trainingProgress()] });

// %%
const test = await plotLosses(history, splits.test, { title: "Dropout + reduced LR: loss per epoch" });

// %% [markdown]
// ## Did the learning rate move?

// %%
const h = history.history;
const rates = h.lr;
const cuts: string[] = [];
const short = (x: number) => Number(x.toPrecision(6)); // float32 noise off: 0.0009000000427 → 0.0009
for (let e = 1; e < rates.length; e++) if (rates[e] < rates[e - 1]) cuts.push(`from epoch ${e + 1} on: ${short(rates[e - 1])} → ${short(rates[e])}`);
console.log(cuts.length ? `learning rate reduced ${cuts.length} time(s):\n  ${cuts.join("\n  ")}` : `learning rate stayed at ${short(rates[0])} for all ${rates.length} epochs`);
const bestEpoch = h.val_loss.indexOf(Math.min(...h.val_loss));
console.log(`lowest validation loss ${h.val_loss[bestEpoch].toFixed(3)} after epoch ${bestEpoch + 1}`);

// %% [markdown]
// A factor of 0.9 is a gentle cut: even three reductions leave 73 % of the original rate. The
// schedule matters more in long runs, where many small cuts add up.
//
// ## Compared with the chapter

// %%
const chapterDrop = CHAPTER_SECTIONS["dropout-reduced-lr"].chapter;
const last = h.loss.length - 1;
console.table({
  "this run": {
    "train loss": Number(h.loss[last].toFixed(3)),
    "val loss": Number(h.val_loss[last].toFixed(3)),
    "test AUC": Number(test.auc.toFixed(3)),
    "test accuracy": Number(test.accuracy.toFixed(3)),
  },
  chapter: { "train loss": chapterDrop.trainLoss, "val loss": chapterDrop.valLoss, "test AUC": chapterDrop.testAuc, "test accuracy": chapterDrop.testAccuracy },
});
// For `tfjs-tune run`: this run's numbers next to the chapter's in the run summary.
reportMetrics({ "chapter AUC": chapterDrop.testAuc });

// %% [markdown]
// Dropout makes the training loss a noisier, higher estimate (it is measured with units switched
// off), so a smaller train–validation gap here is partly by construction. The honest comparison
// of all four set-ups is on the test split, over several seeds: that is notebook 6.
