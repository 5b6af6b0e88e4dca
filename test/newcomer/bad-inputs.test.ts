// A newcomer's wrong inputs, in one table (issue 13): loaders, model and training options, study options
// and search spaces, the runner's flags and paths. Each answer must name the input AND say what was
// expected; a raw ENOENT/EISDIR line or a stack-trace-only error does not count. The runner's checks
// are called in-process (no kernel starts: every one of them runs before the first kernel).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync } from "fflate";
import { Command } from "commander";
import { ensureBackend } from "../../src/backend/index.js";
import { readNpz } from "../../src/data/npz.js";
import { loadNpzPair } from "../../src/data/npz-pair.js";
import type { Dataset } from "../../src/data/types.js";
import { buildModel } from "../../src/chapter/build-model.js";
import { trainModel } from "../../src/train/train-model.js";
import { earlyStopping } from "../../src/train/early-stopping.js";
import { categorical, createStudy, float, int, when, type SpaceSpec } from "../../src/hpo/index.js";
import { kernelEnv, listNotebooks, parseParam, registerRunCommand, runNotebooks } from "../../packages/kernel/src/runner/run-command.js";
import { makeNpy } from "../data/npy-writer.js";
import { SMALL, syntheticDataset } from "../train/synthetic.js";

await ensureBackend({ backend: "cpu", quiet: true });

// ---- fixtures: small files in one temporary folder -------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-bad-inputs-"));
const file = (name: string, bytes: Uint8Array | string): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const npz = (members: Record<string, Uint8Array>): Uint8Array => zipSync(Object.fromEntries(Object.entries(members).map(([k, v]) => [k, [v, { level: 0 }]])));
const ints = (rows: number, length: number, dtype: "int32" | "float64" | "float32" = "int32", at?: [number, number]): Uint8Array =>
  makeNpy(
    dtype,
    [rows, length],
    Array.from({ length: rows * length }, (_, i) => (at !== undefined && i === at[0] ? at[1] : 1 + (i % 20))),
  );
const pos = file("pos.npz", npz({ "arr_0.npy": ints(3, 5) }));
const neg = file("neg.npz", npz({ "arr_0.npy": ints(4, 5) }));
const notZip = file("notes.npz", "these are my notes, not an archive\n");
const emptyZip = file("empty.npz", zipSync({}));
const truncated = file("truncated.npz", npz({ "arr_0.npy": ints(3, 5) }).slice(0, 40));
const foreignMember = file("foreign.npz", npz({ "readme.txt": new TextEncoder().encode("hello") }));
const fractional = file("fractional.npz", npz({ "arr_0.npy": ints(3, 5, "float64", [7, 2.5]) }));
const withNaN = file("nan.npz", npz({ "arr_0.npy": ints(3, 5, "float32", [2, NaN]) }));
const floats = file("floats.npz", npz({ "arr_0.npy": ints(4, 5, "float64") }));
const oneD = file("one-d.npz", npz({ "arr_0.npy": makeNpy("int32", [5], [1, 2, 3, 4, 5]) }));
const longer = file("longer.npz", npz({ "arr_0.npy": ints(4, 7) }));
const bools = file("bools.npz", npz({ "arr_0.npy": makeNpy("bool", [2, 5], [1, 0, 1, 0, 1, 0, 1, 0, 1, 0]) }));
const weighted = file("weighted.npz", npz({ "x.npy": ints(3, 5), "w.npy": makeNpy("float32", [2], [1, 1]) }));
const negWeight = file("neg-weight.npz", npz({ "x.npy": ints(3, 5), "w.npy": makeNpy("float32", [3], [1, -2, 1]) }));
const subdir = join(dir, "a-folder");
mkdirSync(subdir);

const notebook = (source: string[], extra: object = {}) =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [{ cell_type: "code", id: "p", metadata: { tags: ["parameters"] }, source, outputs: [], execution_count: null }],
    ...extra,
  });
const nb = file("train.ipynb", notebook(["let epochs = 3;\n", 'let section = "4.1";\n']));
const brokenNb = file("broken.ipynb", '{"nbformat": 4, "cells": [');
const oldNb = file("old.ipynb", JSON.stringify({ nbformat: 3, worksheets: [] }));
const txt = file("notes.txt", "not a notebook");
const emptyFolder = join(dir, "no-notebooks");
mkdirSync(emptyFolder);
const aFile = file("out-is-a-file", "");
const runWith = (paths: string[], o: { params?: Record<string, unknown>; out?: string } = {}) =>
  runNotebooks(paths, { out: o.out ?? join(dir, "out"), params: o.params ?? {}, timeout: 60, verbose: false, smoke: false, keepGoing: false });
/** `tfjs-tune run ARGS` parsed by the real command definition (its option parsers run; no kernel starts: every case fails first). */
const cli = (...args: string[]) => {
  const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerRunCommand(program);
  return program.parseAsync(["node", "tfjs-tune", "run", ...args]);
};

const train = syntheticDataset(32, SMALL.sequenceLength, 1);
const val = syntheticDataset(16, SMALL.sequenceLength, 2);
const small = () => buildModel({ ...SMALL, seed: 1 });
/** trainModel on a fresh small model, disposed afterwards. */
const fit = async (data: unknown, options: object = {}) => {
  const model = small();
  try {
    return await trainModel(model, data as never, { epochs: 1, verbose: 0, ...options } as never);
  } finally {
    model.dispose();
  }
};
const study = (space: unknown, options: object = {}) => createStudy({ space: space as SpaceSpec, ...options } as never);
const optimize = async (options: object) => (await createStudy({ space: { x: float(0, 1) } })).optimize(() => 0, options as never);
const withLabels = (d: Dataset, f: (i: number) => number): Dataset => ({ ...d, labels: Float32Array.from({ length: d.count }, (_, i) => f(i)) });

interface Case {
  readonly name: string;
  readonly run: () => unknown;
  /** Each must match the message: the input it names, then what was expected. */
  readonly expect: readonly RegExp[];
}

const CASES: readonly Case[] = [
  // ---- loaders ---------------------------------------------------------------------------------------
  { name: "readNpz: a path that does not exist", run: () => readNpz(join(dir, "nope.npz")), expect: [/nope\.npz/, /no such file/, /expected an? \.npz/] },
  { name: "readNpz: a folder", run: () => readNpz(subdir), expect: [/a-folder/, /is a folder/, /expected an? \.npz file/] },
  { name: "readNpz: a text file", run: () => readNpz(notZip), expect: [/notes\.npz/, /not a ZIP|not an? \.npz|no ZIP/i, /expected an? \.npz|np\.savez/] },
  { name: "readNpz: a truncated archive", run: () => readNpz(truncated), expect: [/truncated\.npz/, /truncated|corrupt|not a ZIP/i, /expected|np\.savez/] },
  { name: "readNpz: an empty archive", run: () => readNpz(emptyZip), expect: [/empty\.npz/, /holds no arrays/, /expected .*\.npy/] },
  { name: "readNpz: a member that is not .npy", run: () => readNpz(foreignMember), expect: [/foreign\.npz/, /readme\.txt/, /expected|not an? \.npy|magic/i] },
  { name: "readNpz: a number instead of a path", run: () => readNpz(42 as never), expect: [/readNpz/, /expected a Uint8Array or a file path/, /Number/] },
  {
    name: "loadNpzPair: float64 with a non-integer value names file, array, index and value",
    run: () => loadNpzPair(fractional, neg, { log: false }),
    expect: [/fractional\.npz/, /arr_0/, /element 7/, /2\.5/, /expected integer residue indices/],
  },
  {
    name: "loadNpzPair: float32 holding NaN",
    run: () => loadNpzPair(withNaN, neg, { log: false }),
    expect: [/nan\.npz/, /element 2 is NaN/, /expected integer/],
  },
  {
    name: "loadNpzPair: an array name the file does not hold",
    run: () => loadNpzPair(pos, neg, { array: "sequences", log: false }),
    expect: [/pos\.npz/, /no array "sequences"/, /holds arr_0/],
  },
  {
    name: "loadNpzPair: a 1-D array",
    run: () => loadNpzPair(oneD, neg, { log: false }),
    expect: [/one-d\.npz/, /must be 2-D \[rows, length\]/, /got shape \(5\)/],
  },
  {
    name: "loadNpzPair: positives and negatives of different lengths",
    run: () => loadNpzPair(pos, longer, { log: false }),
    expect: [/pos\.npz: 5/, /longer\.npz: 7/, /differ in length/],
  },
  {
    name: "loadNpzPair: a bool array",
    run: () => loadNpzPair(bools, neg, { log: false }),
    expect: [/bools\.npz/, /must hold integer residue indices/, /got dtype bool/],
  },
  {
    name: "loadNpzPair: weights of the wrong length",
    run: () => loadNpzPair(weighted, weighted, { array: "x", weights: "w", log: false }),
    expect: [/weighted\.npz/, /weights w has 2 values/, /for 3 rows/],
  },
  {
    name: "loadNpzPair: a negative weight",
    run: () => loadNpzPair(negWeight, negWeight, { array: "x", weights: "w", log: false }),
    expect: [/neg-weight\.npz/, /element 1 is -2/, /expected a finite weight ≥ 0/],
  },
  {
    name: "loadNpzPair: a weights array that does not exist",
    run: () => loadNpzPair(pos, neg, { weights: "w", log: false }),
    expect: [/pos\.npz/, /no array "w"/, /holds arr_0/],
  },
  {
    name: "loadNpzPair: a number instead of a file",
    run: () => loadNpzPair(3 as never, neg),
    expect: [/positive/, /must be a file path, npz bytes or a decoded array/, /Number/],
  },
  {
    name: "loadNpzPair: an options typo",
    run: () => loadNpzPair(floats, neg, { arrays: "arr_0" } as never),
    expect: [/unknown option arrays/, /did you mean array\?/],
  },

  // ---- model and training options ----------------------------------------------------------------------
  { name: "buildModel: dropoutRate out of range", run: () => buildModel({ ...SMALL, dropoutRate: 1.5 }), expect: [/dropoutRate/, /\[0, 1\)/, /1\.5/] },
  {
    name: "buildModel: kernelSizes and poolSizes of different lengths",
    run: () => buildModel({ ...SMALL, kernelSizes: [3, 3], poolSizes: [2] }),
    expect: [/poolSizes/, /kernelSizes/, /2|1/],
  },
  {
    name: "buildModel: sequenceLength as a string",
    run: () => buildModel({ ...SMALL, sequenceLength: "24" as never }),
    expect: [/sequenceLength/, /positive integer/, /"24"|24/],
  },
  { name: "buildModel: a negative reg", run: () => buildModel({ ...SMALL, reg: -1 }), expect: [/reg/, /≥ 0/, /-1/] },
  { name: "buildModel: a fractional seed", run: () => buildModel({ ...SMALL, seed: 1.5 }), expect: [/seed/, /integer/, /1\.5/] },
  { name: "buildModel: filters of zero", run: () => buildModel({ ...SMALL, filters: 0 }), expect: [/filters/, /positive integer/, /0/] },
  {
    name: "buildModel: an unknown dense activation",
    run: () => buildModel({ ...SMALL, denseActivations: ["swish"] as never }),
    expect: [/denseActivations/, /swish/, /relu|tanh|expected/],
  },
  {
    name: "buildModel: sequenceLength disagrees with the data",
    run: () => buildModel({ ...SMALL, data: syntheticDataset(4, 40) }),
    expect: [/sequenceLength 24/, /data\.length 40/, /give one of them/],
  },
  { name: "buildModel: a misspelt option", run: () => buildModel({ dropuot: 0.2 } as never), expect: [/unknown option dropuot/, /did you mean/] },
  { name: "trainModel: negative epochs", run: () => fit({ train, val }, { epochs: -1 }), expect: [/epochs/, /integer ≥ 0/, /got -1/] },
  { name: "trainModel: fractional epochs", run: () => fit({ train, val }, { epochs: 2.5 }), expect: [/epochs/, /integer ≥ 0/, /2\.5/] },
  { name: "trainModel: a negative lr", run: () => fit({ train, val }, { lr: -1 }), expect: [/lr/, /positive number/, /-1/] },
  { name: "trainModel: batchSize as a string", run: () => fit({ train, val }, { batchSize: "32" }), expect: [/batchSize/, /integer ≥ 1/, /32/] },
  { name: "trainModel: verbose 3", run: () => fit({ train, val }, { verbose: 3 }), expect: [/verbose/, /0, 1 or 2/, /3/] },
  { name: "trainModel: auc 'roc'", run: () => fit({ train, val }, { auc: "roc" }), expect: [/auc/, /"exact" or "keras"/, /roc/] },
  {
    name: "trainModel: the validation split under another name",
    run: () => fit({ train, validation: val }),
    expect: [/no val split/, /validation split must be named val/],
  },
  { name: "trainModel: no train split", run: () => fit({ val }), expect: [/data\.train is missing/, /expected a Dataset \{features, labels, count, length\}/] },
  {
    name: "trainModel: data of another sequence length",
    run: () => fit({ train: syntheticDataset(8, 40), val: syntheticDataset(8, 40) }),
    expect: [/length 40/, /expects length 24/, /buildModel\(\{sequenceLength: 40\}\)/],
  },
  {
    name: "trainModel: training data with a single class",
    run: () => fit({ train: withLabels(train, () => 1), val }),
    expect: [/data\.train/, /only one class/, /both labels/],
  },
  {
    name: "trainModel: validation data with a single class",
    run: () => fit({ train, val: withLabels(val, () => 0) }),
    expect: [/data\.val/, /only one class/, /val_auc\) is undefined/],
  },
  {
    name: "trainModel: a label of 2",
    run: () => fit({ train: withLabels(train, (i) => (i === 3 ? 2 : i % 2)), val }),
    expect: [/labels\[3\] is 2/, /must be 0 or 1/],
  },
  {
    name: "trainModel: a token outside the vocabulary",
    run: () => fit({ train: { ...train, features: train.features.map((v, i) => (i === 5 ? 99 : v)) }, val }),
    expect: [/row 0 column 5 is 99/, /tokens must be in \[0, 21\)/],
  },
  {
    name: "trainModel: features as a Float32Array",
    run: () => fit({ train: { ...train, features: Float32Array.from(train.features) }, val }),
    expect: [/features/, /must be an Int32Array/, /Float32Array/],
  },
  {
    name: "trainModel: sampleWeight of the wrong length",
    run: () => fit({ train: { ...train, sampleWeight: new Float32Array(3) }, val }),
    expect: [/sampleWeight/, /3/, /32|count/],
  },
  {
    name: "trainModel: earlyStop as a number",
    run: () => fit({ train, val }, { earlyStop: 3 }),
    expect: [/earlyStop/, /true, false or an options object/, /number/],
  },
  { name: "earlyStopping: a negative patience", run: () => earlyStopping({ patience: -1 }), expect: [/patience/, /≥ 0|non-negative/, /-1/] },
  {
    name: "trainModel: an unknown lrSchedule kind",
    run: () => fit({ train, val }, { lrSchedule: { kind: "warmup" } }),
    expect: [/lrSchedule/, /warmup/, /expected|one of/],
  },

  // ---- study options and search spaces ---------------------------------------------------------------
  {
    name: "createStudy: direction 'max'",
    run: () => study({ x: float(0, 1) }, { direction: "max" }),
    expect: [/direction/, /"minimize" or "maximize"/, /"max"/],
  },
  { name: "createStudy: no space", run: () => createStudy({} as never), expect: [/createStudy/, /space/, /expected|required/] },
  { name: "createStudy: a fractional seed", run: () => study({ x: float(0, 1) }, { seed: 0.5 }), expect: [/seed/, /integer/, /0\.5/] },
  { name: "optimize: nTrials -1", run: () => optimize({ nTrials: -1 }), expect: [/nTrials/, /non-negative integer/, /-1/] },
  { name: "optimize: nTrials 2.5", run: () => optimize({ nTrials: 2.5 }), expect: [/nTrials/, /non-negative integer/, /2\.5/] },
  { name: "optimize: timeout as a string", run: () => optimize({ timeout: "10s" }), expect: [/timeout/, /number of (ms|milliseconds)/, /"10s"/] },
  { name: "optimize: a negative timeout", run: () => optimize({ timeout: -5 }), expect: [/timeout/, /≥ 0/, /-5/] },
  { name: "optimize: nothing that ends it", run: () => optimize({}), expect: [/nTrials, timeout, signal/, /never ends/] },
  { name: "optimize: concurrency 0", run: () => optimize({ nTrials: 1, concurrency: 0 }), expect: [/concurrency/, /positive integer/, /0/] },
  { name: "space: low > high", run: () => study({ lr: float(1, 0.1) }), expect: [/lr/, /low must be < high/, /low=1, high=0\.1/] },
  { name: "space: log scale with low 0", run: () => study({ lr: float(0, 1, { log: true }) }), expect: [/lr/, /log scale needs low > 0/, /low=0/] },
  { name: "space: an int with fractional bounds", run: () => study({ units: int(1, 10.5) }), expect: [/units/, /must be integers/, /10\.5/] },
  { name: "space: an empty categorical", run: () => study({ act: categorical([]) }), expect: [/act/, /at least one choice/] },
  {
    name: "space: an unknown parameter kind",
    run: () => study({ lr: { kind: "loguniform", low: 1e-4, high: 1 } }),
    expect: [/lr/, /unknown distribution kind "loguniform"/, /expected float\(low, high\), int\(low, high\) or categorical/],
  },
  {
    name: "space: a bare number instead of a distribution",
    run: () => study({ lr: 0.1 }),
    expect: [/lr/, /expected a distribution \(float, int or categorical\)/, /0\.1/],
  },
  {
    name: "space: a step that does not divide the range",
    run: () => study({ x: float(0, 1, { step: 0.3 }) }),
    expect: [/x/, /step 0\.3 does not divide/, /\[0, 1\]/],
  },
  {
    name: "space: a condition on an unknown parameter",
    run: () => study({ x: when("optimizer", "sgd", float(0, 1)) }),
    expect: [/x/, /unknown parameter "optimizer"/],
  },
  {
    name: "space: float options misspelt",
    run: () => study({ lr: float(1e-4, 1, { logscale: true } as never) }),
    expect: [/float/, /unknown option logscale/, /did you mean log\?/],
  },

  // ---- the runner: flags and paths (checked before any kernel starts) --------------------------------------
  {
    name: "run: a path that does not exist",
    run: () => listNotebooks([join(dir, "missing.ipynb")]),
    expect: [/missing\.ipynb/, /no such file or folder/, /expected a notebook \(\.ipynb\)/],
  },
  { name: "run: a file that is not a notebook", run: () => listNotebooks([txt]), expect: [/notes\.txt/, /not a notebook/, /expected a \.ipynb file/] },
  { name: "run: a folder without notebooks", run: () => listNotebooks([emptyFolder]), expect: [/no-notebooks/, /holds no notebooks/] },
  { name: "run: a .ipynb that is not JSON", run: () => runWith([brokenNb]), expect: [/broken\.ipynb/, /not a readable notebook/, /expected .*JSON/] },
  { name: "run: an nbformat 3 notebook", run: () => runWith([oldNb]), expect: [/old\.ipynb/, /expected an nbformat 4 notebook/, /got nbformat 3/] },
  {
    name: "run: --param epochs=abc",
    run: () => runWith([nb], { params: parseParam("epochs=abc") }),
    expect: [/epochs/, /declares epochs as number/, /expected a number/, /"abc"/],
  },
  { name: "run: --param without =", run: () => parseParam("epochs"), expect: [/--param/, /expects name=value/, /"epochs"/] },
  { name: "run: --param with a name that is not an identifier", run: () => parseParam("1st=3"), expect: [/"1st"/, /not a valid TypeScript identifier/] },
  {
    name: "run: --param the notebook does not declare",
    run: () => runWith([nb], { params: parseParam("epoch=3") }),
    expect: [/epoch\b/, /parameters cell|not a parameter|declares/, /epochs/],
  },
  { name: "run: --timeout abc", run: () => cli(nb, "--timeout", "abc"), expect: [/--timeout/, /positive number of seconds/, /"abc"/] },
  { name: "run: --timeout -5", run: () => cli(nb, "--timeout", "-5"), expect: [/--timeout/, /positive number of seconds/, /-5/] },
  { name: "run: --out is a file", run: () => runWith([nb], { out: aFile }), expect: [/--out .*out-is-a-file/, /not a folder/, /expected a folder/] },
  {
    name: "run: --out under a file",
    run: () => runWith([nb], { out: join(aFile, "sub") }),
    expect: [/--out .*out-is-a-file/, /cannot be created/, /not a folder/],
  },
  {
    name: "run: TFJS_TUNE_DATA pointing at a file",
    run: () => kernelEnv({ TFJS_TUNE_DATA: aFile }),
    expect: [/TFJS_TUNE_DATA=.*out-is-a-file/, /is a file/, /expected the folder/],
  },
  {
    name: "run: --kernel-cmd that is not a JSON array",
    run: () => cli(nb, "--kernel-cmd", "node kernel.js"),
    expect: [/--kernel-cmd/, /JSON array of strings/, /node kernel\.js/],
  },
];

/** Node's raw file-system error text ("ENOENT: no such file or directory, open '/x'"): never shown as is. */
const RAW_FS_ERROR = /\bE[A-Z]{3,}: [a-z ,]+, (open|stat|lstat|scandir|mkdir|access) '/;

test(`bad inputs: ${CASES.length} cases, each answered with a message naming the input and what was expected`, async () => {
  assert.ok(CASES.length >= 40, `at least 40 cases, have ${CASES.length}`);
  const wrong: string[] = [];
  for (const c of CASES) {
    let error: unknown;
    try {
      await c.run();
    } catch (e) {
      error = e;
    }
    if (!(error instanceof Error)) {
      wrong.push(`${c.name}: ${error === undefined ? "no error" : `threw a non-Error ${String(error)}`}`);
      continue;
    }
    const message = error.message;
    const missed = c.expect.filter((re) => !re.test(message));
    if (missed.length > 0) wrong.push(`${c.name}: "${message}" does not match ${missed.join(", ")}`);
    if (RAW_FS_ERROR.test(error.message)) wrong.push(`${c.name}: shows a raw file-system error: ${error.message}`);
  }
  assert.deepEqual(wrong, []);
});
