// Every options object of the public API rejects unknown keys (docs/architecture.md, rule 8). The list of
// option-taking functions is read from the built entries' declarations (a parameter named options/opts/o,
// or typed *Options): every one must have a case below that passes `{ bogusKey: 1 }` and gets an
// UnknownOptionError naming the key, so a new public function cannot forget its checkOptions call.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import * as lib from "../src/index.js";
import * as hpo from "../src/hpo/index.js";
import * as chapter from "../src/chapter/index.js";
import * as sqlite from "../src/sqlite.js";
import * as postgres from "../src/postgres.js";
import { UnknownOptionError } from "../src/util/options.js";
import type { Dataset } from "../src/data/types.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DTS = ["dist/index.d.ts", "dist/hpo/index.d.ts", "dist/chapter/index.d.ts", "dist/sqlite.d.ts", "dist/postgres.d.ts"].map((f) => join(root, f));

/**
 * Names of the public functions, constructors (`new X`), static helpers (`f.g`) and public methods (`X#m`)
 * that take an options object, from the declarations of the five entries.
 */
function optionTakingSignatures(): string[] {
  const program = ts.createProgram(DTS, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const found = new Set<string>();
  const isOptions = (p: ts.Symbol): boolean => {
    if (/^(options|opts|o)$/.test(p.name)) return true;
    const d = p.valueDeclaration;
    return d !== undefined && ts.isParameter(d) && d.type !== undefined && ts.isTypeReferenceNode(d.type) && /Options$/.test(d.type.typeName.getText());
  };
  const scan = (name: string, sigs: readonly ts.Signature[]) => {
    if (sigs.some((s) => s.parameters.some(isOptions))) found.add(name);
  };
  for (const file of DTS) {
    const mod = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
    for (const alias of checker.getExportsOfModule(mod)) {
      const s = alias.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(alias) : alias;
      if (!(s.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class)) || s.valueDeclaration === undefined) continue;
      if (/Error$/.test(alias.name)) continue; // Error subclasses take the standard ErrorOptions ({cause})
      const type = checker.getTypeOfSymbolAtLocation(s, s.valueDeclaration);
      scan(alias.name, type.getCallSignatures());
      scan(`new ${alias.name}`, type.getConstructSignatures());
      for (const p of type.getProperties()) if (p.name !== "prototype") scan(`${alias.name}.${p.name}`, checker.getTypeOfSymbol(p).getCallSignatures());
      if (s.flags & ts.SymbolFlags.Class) {
        for (const m of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(s))) {
          const d = m.valueDeclaration;
          if (
            m.name.startsWith("_") ||
            (d !== undefined && ts.getCombinedModifierFlags(d as ts.Declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected))
          )
            continue;
          scan(`${alias.name}#${m.name}`, checker.getTypeOfSymbol(m).getCallSignatures());
        }
      }
    }
  }
  return [...found].sort();
}

type Bogus = Record<string, unknown>;
const any = <T>(v: T): never => v as never;

const dataset = (n: number, length = 8): Dataset => ({
  features: Int32Array.from({ length: n * length }, (_, i) => 1 + (i % 20)),
  labels: Float32Array.from({ length: n }, (_, i) => i % 2),
  count: n,
  length,
});
const splits = { train: dataset(8), val: dataset(4), test: dataset(4) };
const space = { x: hpo.float(0, 1) };
const trials = async () => {
  const study = await hpo.createStudy({ space, sampler: hpo.randomSampler() });
  await study.optimize((p) => p.x, { nTrials: 3 });
  return study;
};
const fakeTrial = { report: () => undefined, shouldStop: () => false };
const checkpoints = hpo.memoryCheckpoints();
const training = { init: () => 0, epoch: () => 0 };
const storageFile = (): string => join(tmpdir(), `tfjs-tune-options-${process.pid}.db`);

/** One call per signature, with the bogus key merged into its options object (required keys given where needed). */
const CASES: Record<string, (bogus: Bogus) => unknown> = {
  // data
  loadNpzPair: (b) => lib.loadNpzPair(new Uint8Array(), new Uint8Array(), any(b)),
  ensureCachedFiles: (b) => lib.ensureCachedFiles("test", [], any(b)),
  downloadFile: (b) => lib.downloadFile("http://127.0.0.1:9/x", join(tmpdir(), "x"), "0".repeat(64), any(b)),
  groupedSplit: (b) => lib.groupedSplit(dataset(10), any(b)),
  "new ShuffleBatcher": (b) => new lib.ShuffleBatcher(dataset(4), any(b)),
  // backend, model, training
  ensureBackend: (b) => lib.ensureBackend(any(b)),
  "new SeededDropout": (b) => new lib.SeededDropout(any({ rate: 0.1, ...b })),
  trainModel: (b) => lib.trainModel(any(null), splits, any(b)),
  evaluate: (b) => lib.evaluate(any(null), dataset(4), any(b)),
  predictScores: (b) => lib.predictScores(any(null), dataset(4), 256, any(b)),
  earlyStopping: (b) => lib.earlyStopping(any(b)),
  "new EarlyStopping": (b) => new lib.EarlyStopping(any(b)),
  reduceLROnPlateau: (b) => lib.reduceLROnPlateau(any(b)),
  "new ReduceLROnPlateau": (b) => new lib.ReduceLROnPlateau(any(b)),
  pruningCallback: (b) => lib.pruningCallback(fakeTrial, any(b)),
  "new PruningCallback": (b) => new lib.PruningCallback(fakeTrial, any(b)),
  learningRateScheduler: (b) => lib.learningRateScheduler(any({ schedule: () => 1e-3, ...b })),
  "new LearningRateScheduler": (b) => new lib.LearningRateScheduler(any({ schedule: () => 1e-3, ...b })),
  mannWhitneyU: (b) => lib.mannWhitneyU([1, 2, 3], [4, 5, 6], any(b)),
  // search spaces, studies
  float: (b) => hpo.float(0, 1, any(b)),
  int: (b) => hpo.int(0, 9, any(b)),
  createStudy: (b) => hpo.createStudy(any({ space, ...b })),
  loadStudy: (b) => hpo.loadStudy("s", any({ space, storage: hpo.memoryStorage(), ...b })),
  "Study#optimize": async (b) => (await hpo.createStudy({ space })).optimize(() => 0, any({ nTrials: 1, ...b })),
  "Study#enqueue": async (b) => (await hpo.createStudy({ space })).enqueue({ x: 0.5 }, any(b)),
  // samplers
  randomSampler: (b) => hpo.randomSampler(any(b)),
  gridSampler: (b) => hpo.gridSampler(any(b)),
  "new GridSampler": (b) => new hpo.GridSampler(any(b)),
  qmcSampler: (b) => hpo.qmcSampler(any(b)),
  "new QmcSampler": (b) => new hpo.QmcSampler(any(b)),
  tpeSampler: (b) => hpo.tpeSampler(any(b)),
  "new TpeSampler": (b) => new hpo.TpeSampler(any(b)),
  gpSampler: (b) => hpo.gpSampler(any(b)),
  "new GpSampler": (b) => new hpo.GpSampler(any(b)),
  autoSampler: (b) => hpo.autoSampler(any(b)),
  "new AutoSampler": (b) => new hpo.AutoSampler(any(b)),
  nsga2Sampler: (b) => hpo.nsga2Sampler(any(b)),
  "new Nsga2Sampler": (b) => new hpo.Nsga2Sampler(any(b)),
  gpSlice: async (b) => {
    const s = await trials();
    return hpo.gpSlice(s.space, s.trials, s.direction, "x", any(b));
  },
  gpSliceOf: async (b) => hpo.gpSliceOf(await trials(), "x", any(b)),
  // schedulers
  medianStopping: (b) => hpo.medianStopping(any(b)),
  "new MedianStopping": (b) => new hpo.MedianStopping(any(b)),
  "medianStopping.optuna": (b) => hpo.medianStopping.optuna(any(b)),
  "medianStopping.ray": (b) => hpo.medianStopping.ray(any(b)),
  "medianStopping.vizier": (b) => hpo.medianStopping.vizier(any(b)),
  asha: (b) => hpo.asha(any({ maxStep: 9, ...b })),
  "new Asha": (b) => new hpo.Asha(any({ maxStep: 9, ...b })),
  "asha.hyperband": (b) => hpo.asha.hyperband(any({ maxStep: 9, ...b })),
  "asha.optunaHyperband": (b) => hpo.asha.optunaHyperband(any({ maxStep: 9, ...b })),
  "asha.optunaSuccessiveHalving": (b) => hpo.asha.optunaSuccessiveHalving(any({ maxStep: 9, ...b })),
  successiveHalving: (b) => hpo.successiveHalving(any(b)),
  "new SynchronousHalving": (b) => new hpo.SynchronousHalving(any(b)),
  "SynchronousHalving#run": async (b) => {
    const sh = hpo.successiveHalving();
    const study = await hpo.createStudy({ space, scheduler: sh });
    return sh.run(any(study), training, [{ configs: 2, step: 1, keep: 1 }], any({ checkpoints, ...b }));
  },
  "SynchronousHalving#runSuccessiveHalving": async (b) => {
    const sh = hpo.successiveHalving();
    return sh.runSuccessiveHalving(any(await hpo.createStudy({ space, scheduler: sh })), training, 4, 8, any({ checkpoints, ...b }));
  },
  "SynchronousHalving#runHyperband": async (b) => {
    const sh = hpo.successiveHalving();
    return sh.runHyperband(any(await hpo.createStudy({ space, scheduler: sh })), training, 4, any({ checkpoints, ...b }));
  },
  learningCurveStopping: (b) => hpo.learningCurveStopping(any({ maxStep: 9, ...b })),
  "new LearningCurveStopping": (b) => new hpo.LearningCurveStopping(any({ maxStep: 9, ...b })),
  extrapolate: async (b) => hpo.extrapolate((await trials()).trials[0], any({ maxStep: 9, ...b })),
  fitLearningCurve: (b) => hpo.fitLearningCurve([1, 2, 3, 4, 5], [5, 4, 3, 2, 1], any(b)),
  simulateCurves: (b) => hpo.simulateCurves(any({ scheduler: hpo.medianStopping(), curves: [[1, 2]], ...b })),
  resumableObjective: (b) => hpo.resumableObjective(training, any({ maxStep: 9, checkpoints, ...b })),
  memoryCheckpoints: (b) => hpo.memoryCheckpoints(any(b)),
  fileCheckpoints: (b) => hpo.fileCheckpoints(tmpdir(), any(b)),
  // storages, workers
  memoryStorage: (b) => hpo.memoryStorage(any(b)),
  "new MemoryStorage": (b) => new hpo.MemoryStorage(any(b)),
  recoverStaleTrials: (b) => hpo.recoverStaleTrials(hpo.memoryStorage(), "s", any({ timeoutMs: 1000, ...b })),
  importStudyJsonl: (b) => hpo.importStudyJsonl(hpo.memoryStorage(), { study: any({}), trials: [] }, any(b)),
  runWorker: (b) => hpo.runWorker(any({ storage: hpo.memoryStorage(), study: "s", objective: { module: "x" }, ...b })),
  sqliteStorage: (b) => sqlite.sqliteStorage(storageFile(), any(b)),
  "new SqliteStorage": (b) => new sqlite.SqliteStorage(storageFile(), any(b)),
  "SqliteStorage#recoverStaleTrials": (b) => sqlite.sqliteStorage(":memory:").recoverStaleTrials("s", any({ timeoutMs: 1000, ...b })),
  postgresStorage: (b) => postgres.postgresStorage("postgres://127.0.0.1:9/none", any(b)),
  "new PostgresStorage": (b) => new postgres.PostgresStorage("postgres://127.0.0.1:9/none", any(b)),
  "PostgresStorage#recoverStaleTrials": (b) => postgres.postgresStorage("postgres://127.0.0.1:9/none").recoverStaleTrials("s", any({ timeoutMs: 1000, ...b })),
  // charts and display
  renderPng: (b) => lib.renderPng(any({}), any(b)),
  paretoFrontSpec: (b) => lib.paretoFrontSpec({ trials: [], bestTrials: [], directions: ["minimize", "minimize"] }, any(b)),
  lossesSpec: (b) => lib.lossesSpec({ history: { loss: [1], val_loss: [1] } }, any(b)),
  optimizationHistorySpec: (b) => lib.optimizationHistorySpec([], any(b)),
  paramSlicesSpec: (b) => lib.paramSlicesSpec([], any(b)),
  parallelCoordinatesSpec: (b) => lib.parallelCoordinatesSpec([], any(b)),
  coverageSpec: (b) => lib.coverageSpec({}, "x", "y", any(b)),
  gpSliceSpec: (b) => lib.gpSliceSpec(any({}), any(b)),
  learningCurvesSpec: (b) => lib.learningCurvesSpec([], any(b)),
  hyperbandBracketsSpec: (b) => lib.hyperbandBracketsSpec(hpo.hyperbandBrackets(9), any(b)),
  rungDiagramSpec: (b) => lib.rungDiagramSpec([], any(b)),
  histogramSpec: (b) => lib.histogramSpec({ a: [1] }, any(b)),
  errorBarsSpec: (b) => lib.errorBarsSpec([], [], any(b)),
  display: (b) => lib.display({ "text/plain": "x" }, any(b)),
  chart: (b) => lib.chart(any({}), any(b)),
  progress: (b) => lib.progress(3, "x", any(b)),
  "new Progress": (b) => new lib.Progress(3, "x", any(b)),
  plotLosses: (b) => lib.plotLosses(any({ model: {} }), dataset(4), any(b)),
  trainingProgress: (b) => lib.trainingProgress(any(b)),
  // the chapter
  loadHemolysis: (b) => chapter.loadHemolysis(any(b)),
  chapterSplit: (b) => chapter.chapterSplit(dataset(10), any(b)),
  buildModel: (b) => chapter.buildModel(any(b)),
  resolveStructure: (b) => chapter.resolveStructure(any(b)),
  hemolysisObjective: (b) => chapter.hemolysisObjective(splits, any(b)),
  hemolysisTraining: (b) => chapter.hemolysisTraining(splits, any(b)),
  hemolysisConfig: (b) => chapter.hemolysisConfig({}, any(b)),
  retrainAndTest: (b) => chapter.retrainAndTest(splits, {}, any(b)),
  retrainOverSeeds: (b) => chapter.retrainOverSeeds(splits, chapter.BASELINE_CONFIG, any(b)),
  compareOverSeeds: (b) => chapter.compareOverSeeds(splits, chapter.BASELINE_CONFIG, any(b)),
  oneEpochScreening: (b) => chapter.oneEpochScreening(splits, [{}], any(b)),
};

/** What the message names where it is not the function's own name (a constructor says its factory's name). */
const WHERE: Record<string, string> = {
  "new SynchronousHalving": "successiveHalving",
  "SynchronousHalving#runHyperband": "SynchronousHalving.run",
  "SynchronousHalving#runSuccessiveHalving": "SynchronousHalving.run",
  "SynchronousHalving#run": "SynchronousHalving.run",
  gpSliceOf: "gpSlice",
};

/** Runs `call` and returns what it threw or rejected with (undefined when it succeeded). */
async function failure(call: () => unknown): Promise<unknown> {
  try {
    await call();
    return undefined;
  } catch (e) {
    return e;
  }
}

test("every public function, constructor and method taking an options object has a case here", (t) => {
  if (DTS.some((f) => !existsSync(f))) {
    t.skip("dist/ not built (npm run build; npm test builds first)");
    return;
  }
  const signatures = optionTakingSignatures();
  assert.ok(signatures.length > 80, `expected the option-taking API, found only ${signatures.length}: ${signatures.join(", ")}`);
  const missing = signatures.filter((s) => !(s in CASES));
  const stale = Object.keys(CASES).filter((s) => !signatures.includes(s));
  assert.deepEqual(
    { missing, stale },
    { missing: [], stale: [] },
    "add a case for each new option-taking function (and call checkOptions in it); drop cases of removed ones",
  );
});

test("each of them rejects { bogusKey: 1 } with an UnknownOptionError naming the function and the key", async () => {
  const wrong: string[] = [];
  for (const [name, call] of Object.entries(CASES)) {
    const e = await failure(() => call({ bogusKey: 1 }));
    const where = (WHERE[name] ?? name.replace(/^new /, "").replace(/^.*#/, "")).toLowerCase();
    if (!(e instanceof UnknownOptionError) || e.key !== "bogusKey" || !/: unknown option bogusKey$/.test(e.message))
      wrong.push(`${name}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    else if (!e.message.split(": unknown option")[0].toLowerCase().includes(where)) wrong.push(`${name}: the message does not name ${where}: ${e.message}`);
  }
  assert.deepEqual(wrong, []);
});

test("old and peers' budget names are refused with our name: maxResource, maxEpochs, budget → maxStep", async () => {
  for (const old of ["maxResource", "maxEpochs", "budget", "max_t"]) {
    const calls: [string, () => unknown][] = [
      ["asha", () => hpo.asha(any({ [old]: 9 }))],
      ["asha.hyperband", () => hpo.asha.hyperband(any({ [old]: 9 }))],
      ["learningCurveStopping", () => hpo.learningCurveStopping(any({ [old]: 9 }))],
      ["medianStopping", () => hpo.medianStopping(any({ [old]: 9 }))],
      ["resumableObjective", () => hpo.resumableObjective(training, any({ checkpoints, [old]: 9 }))],
    ];
    for (const [name, call] of calls) {
      const e = await failure(call);
      assert.match(String(e), new RegExp(`${name.replace(".", "\\.")}: unknown option ${old}; did you mean maxStep\\?`), `${name}({${old}})`);
    }
  }
  assert.throws(() => hpo.asha(any({ minResource: 1, maxStep: 9 })), /unknown option minResource; did you mean minStep\?/);
  assert.throws(() => hpo.asha(any({ gracePeriod: 1, maxStep: 9 })), /unknown option gracePeriod; did you mean minStep\?/);
  assert.throws(() => hpo.asha(any({ reductionFactor: 3, maxStep: 9 })), /unknown option reductionFactor; did you mean eta\?/);
  // successive halving takes its budget as an argument of the run: the message says where it goes
  assert.throws(
    () => hpo.successiveHalving(any({ budget: 27 })),
    /successiveHalving: unknown option budget \(successiveHalving takes only eta and name; .*runSuccessiveHalving\(study, training, n, budget, options\)/,
  );
  assert.throws(() => hpo.successiveHalving(any({ maxStep: 27 })), /unknown option maxStep \(.*runHyperband\(study, training, maxStep, options\)/);
});

test("typos get a suggestion and a sampler's seed says where the seed goes", async () => {
  assert.throws(() => hpo.tpeSampler(any({ nStartupTrial: 5 })), /tpeSampler: unknown option nStartupTrial; did you mean nStartupTrials\?/);
  assert.throws(
    () => hpo.tpeSampler(any({ seed: 1 })),
    /tpeSampler: unknown option seed \(samplers draw from the study's seeded rng: set the seed with createStudy\(\{ seed \}\)\)/,
  );
  assert.throws(() => hpo.randomSampler(any({ seed: 1 })), /randomSampler: unknown option seed \(.*createStudy\(\{ seed \}\)/);
  await assert.rejects(hpo.createStudy(any({ space, directon: "maximize" })), /createStudy: unknown option directon; did you mean direction\?/);
  await assert.rejects(hpo.createStudy(any({ space, staleTrials: { timeout: 1000 } })), /staleTrials: unknown option timeout; did you mean timeoutMs\?/);
  const study = await hpo.createStudy({ space });
  await assert.rejects(
    study.optimize(() => 0, any({ n_trials: 3 })),
    /optimize: unknown option n_trials; did you mean nTrials\?/,
  );
  await assert.rejects(
    study.optimize(() => 0, any({ nTrials: 1, callback: [] })),
    /optimize: unknown option callback; did you mean callbacks\?/,
  );
  assert.throws(() => hpo.float(1e-4, 1, any({ logscale: true })), /float: unknown option logscale; did you mean log\?/);
  assert.throws(
    () => hpo.learningCurveStopping(any({ maxStep: 9, posterior: "mcmc", mcmc: { walker: 8 } })),
    /learningCurveStopping \(mcmc\): unknown option walker; did you mean walkers\?/i,
  );
});

test("a model with SeededDropout still reloads from its JSON (tfjs hands the layer config, with customObjects, to the constructor)", async () => {
  const tf = await import("@tensorflow/tfjs");
  await lib.ensureBackend({ backend: "cpu", quiet: true });
  const model = chapter.buildModel({
    sequenceLength: 12,
    embeddingSize: 2,
    filters: 2,
    kernelSizes: [3],
    poolSizes: [2],
    denseUnits: [4],
    addDropout: true,
    seed: 1,
  });
  const again = await tf.models.modelFromJSON(model.toJSON(null, false) as never);
  assert.equal(
    again.layers.filter((l) => l.getClassName() === "SeededDropout").length,
    model.layers.filter((l) => l.getClassName() === "SeededDropout").length,
  );
  model.dispose();
  again.dispose();
});
