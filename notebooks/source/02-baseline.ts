// smoke: {"epochs": 2}
// %% [markdown]
// # 2 · The baseline model (chapter section 18.5.1)
//
// Before tuning anything we need a reference point: the chapter's network trained with its
// default settings and **no** regularization. The network reads a peptide as 190 residue indices
// and stacks
//
// * an embedding of each residue into 16 numbers,
// * three blocks of a 1-D convolution (16 filters, widths 5, 3, 3, ReLU) followed by max pooling (4, 2, 2),
// * a flattening step and two dense layers (256 ReLU units, then 64 tanh units),
// * one sigmoid unit: the predicted probability that the peptide is hemolytic.
//
// It is trained with Adam (learning rate 0.001) on binary cross-entropy for 20 epochs in batches of
// 64, on the chapter's split (10 % test, 10 % validation, 80 % training, shuffled with numpy's seed 0).
//
// **What you should see:** the training loss keeps falling while the validation loss bottoms out
// after a few epochs and then climbs: the model memorizes the training peptides. The test AUC still
// lands near the chapter's 0.80.

// %% tags=["parameters"]
// Epochs to train (the chapter: 20).
let epochs = 20;
// Seed of the initial weights and the batch order; the split itself always uses the chapter's seed 0.
let seed = 0;

// %%
import { chart, ensureBackend, lossesSpec, plotLosses, reportMetrics, trainingProgress, trainModel } from "tfjs-tune";
import { buildModel, CHAPTER_SECTIONS, chapterSplit, loadHemolysis } from "tfjs-tune/chapter";

// The fastest TensorFlow.js backend available here (tfjs-node if installed, else WebAssembly with tfjs-tune's training kernels).
const backend = await ensureBackend({ quiet: true });
console.log(`TensorFlow.js backend: ${backend.name}`);
const data = await loadHemolysis();
const splits = chapterSplit(data, { seed: 0 });
console.log(`${data.count} examples: ${splits.train.count} for training, ${splits.val.count} for validation, ${splits.test.count} for testing`);

// %% [markdown]
// `buildModel({ reg: 0 })` is the chapter's `build_model(reg=0, add_dropout=False)`. The summary
// should list 60,929 trainable parameters, most of them in the first dense layer.

// %%
const model = buildModel({ reg: 0, seed });
model.summary();

// %% [markdown]
// `trainModel` is the chapter's `train_model`: it fits on the training split, measures loss, AUC
// and accuracy on the validation split after every epoch, and prints the final training and
// validation loss (the chapter calls the latter "Test Loss"). The bar below updates as epochs finish.

// %%
const history = await trainModel(model, splits, { epochs, seed, callbacks: [trainingProgress()] });

// %% [markdown]
// `plotLosses` draws the two loss curves and evaluates the trained model on the test split.

// %%
const test = await plotLosses(history, splits.test, { title: "Baseline: loss per epoch" });

// %% [markdown]
// ## Is it overfitting?
//
// The gap between the curves is the tell-tale sign. The next cell finds the epoch with the lowest
// validation loss and compares it with the end of training; the AUC curves show the same story
// from the metric's side (training AUC keeps rising, validation AUC levels off).

// %%
const h = history.history;
const bestEpoch = h.val_loss.indexOf(Math.min(...h.val_loss));
const last = h.loss.length - 1;
console.log(`lowest validation loss: ${h.val_loss[bestEpoch].toFixed(3)} after epoch ${bestEpoch + 1} (training loss then ${h.loss[bestEpoch].toFixed(3)})`);
console.log(`after epoch ${last + 1}: validation loss ${h.val_loss[last].toFixed(3)}, training loss ${h.loss[last].toFixed(3)}`);
console.log(`gap between validation and training loss at the end: ${(h.val_loss[last] - h.loss[last]).toFixed(3)}`);
await chart(lossesSpec(history, { metric: "auc", yTitle: "AUC", title: "Baseline: AUC per epoch" }));

// %% [markdown]
// ## Compared with the chapter
//
// The chapter ran Keras once; these numbers come from one seed of a different implementation, so
// expect agreement within a few hundredths rather than to the last digit (notebook 6 measures the
// spread over seeds). The chapter's AUC used Keras' 200-threshold approximation; ours is the
// exact area under the ROC curve.

// %%
const chapterBaseline = CHAPTER_SECTIONS.baseline.chapter;
console.table({
  "this run": {
    "train loss": Number(h.loss[last].toFixed(3)),
    "val loss": Number(h.val_loss[last].toFixed(3)),
    "test AUC": Number(test.auc.toFixed(3)),
    "test accuracy": Number(test.accuracy.toFixed(3)),
  },
  chapter: {
    "train loss": chapterBaseline.trainLoss,
    "val loss": chapterBaseline.valLoss,
    "test AUC": chapterBaseline.testAuc,
    "test accuracy": chapterBaseline.testAccuracy,
  },
});
// For `tfjs-tune run`: this run's numbers next to the chapter's in the run summary.
reportMetrics({ "chapter AUC": chapterBaseline.testAuc });

// %% [markdown]
// The baseline overfits: after a handful of epochs, every further epoch makes it better on the
// training peptides and worse (in loss) on new ones. The next notebooks try three remedies in the
// chapter's order: an L2 penalty on the dense weights, early stopping, and dropout with a
// learning rate that shrinks when progress stalls.
