import { test } from "node:test";
import assert from "node:assert/strict";
import { checkOptions, editDistance, optionKeys, suggest, UnknownOptionError } from "../../src/util/options.js";

test("editDistance counts single-letter edits, ignoring case", () => {
  assert.equal(editDistance("epoch", "epochs"), 1);
  assert.equal(editDistance("dropuot", "dropout"), 2);
  assert.equal(editDistance("LR", "lr"), 0);
  assert.equal(editDistance("", "abc"), 3);
});

test("suggest: typos and prefixes find their option, known renames map to our name, far names get nothing", () => {
  assert.equal(suggest("epoch", ["epochs", "seed"]), "epochs");
  assert.equal(suggest("batchsize", ["batchSize", "epochs"]), "batchSize");
  assert.equal(suggest("maxResource", ["minStep", "maxStep", "eta"]), "maxStep");
  assert.equal(suggest("maxEpochs", ["maxStep", "checkpoints"]), "maxStep");
  assert.equal(suggest("learning_rate", ["lr", "epochs"]), "lr");
  assert.equal(suggest("colour", ["epochs", "seed"]), undefined);
  // a typo of an option's first word, a longer spelling of a short option, peers' budget names
  assert.equal(suggest("dropuot", ["dropoutRate", "reg", "seed"]), "dropoutRate");
  assert.equal(suggest("logscale", ["log", "step"]), "log");
  assert.equal(suggest("budget", ["minStep", "maxStep", "eta"]), "maxStep");
  assert.equal(suggest("gracePeriod", ["minStep", "maxStep", "eta"]), "minStep");
  assert.equal(suggest("bogusKey", ["maxStep", "bracketHash", "brackets", "name"]), undefined);
});

test("checkOptions: unknown keys throw naming the function, the key and the suggestion", () => {
  const keys = optionKeys<{ epochs?: number; seed?: number }>({ epochs: true, seed: true });
  assert.deepEqual(keys, ["epochs", "seed"]);
  checkOptions("trainModel", undefined, keys);
  checkOptions("trainModel", { epochs: 3 }, keys);
  assert.throws(
    () => checkOptions("trainModel", { epoch: 3 }, keys),
    (e: unknown) => e instanceof UnknownOptionError && e.message === "trainModel: unknown option epoch; did you mean epochs?" && e.key === "epoch",
  );
  assert.throws(() => checkOptions("trainModel", { epoch: undefined }, keys), /unknown option epoch/);
  assert.throws(() => checkOptions("trainModel", { colour: "red" }, keys), /^UnknownOptionError: trainModel: unknown option colour$/);
  assert.throws(() => checkOptions("trainModel", 3, keys), /trainModel: expected an options object, got number/);
  assert.throws(() => checkOptions("trainModel", null, keys), /got null/);
  assert.throws(() => checkOptions("trainModel", [1], keys), /got an array/);
});
