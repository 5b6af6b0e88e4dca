// `tfjs-tune/hpo`: the tuning core alone. It tunes any objective and loads no @tensorflow module
// (test/entries.test.ts checks both, and snapshots this list: a change here is a change of the public API).

// search spaces
export { float, int, categorical, when, defineSpace, isSpace, isActive, validateParams, contains, describe, SpaceError } from "./space.js";
export type {
  Choice,
  ParamValue,
  Condition,
  FloatParam,
  IntParam,
  CategoricalParam,
  Distribution,
  SpaceSpec,
  FloatOptions,
  IntOptions,
  ValueOf,
  Params,
  Space,
} from "./space.js";
export { formatParams } from "./format-params.js";

// studies and trials
export { createStudy, loadStudy, Study, SpaceExhaustedError, isBetter, bestOf } from "./study.js";
export type { StudyOptions, TellResult, TrialCallback, Objective, OptimizeOptions, StopReason, OptimizeResult } from "./study.js";
export { StudyMismatchError } from "./study-signature.js";
export type { StudyDifference } from "./study-signature.js";
export { Trial } from "./trial.js";
export type { PruningHook } from "./trial.js";
export { FINISHED_STATES } from "./types.js";
export type {
  Direction,
  TrialState,
  AttrValue,
  Intermediate,
  TrialRecord,
  SampleContext,
  Sample,
  Sampler,
  SchedulerAction,
  Decision,
  ReportContext,
  ResumeContext,
  Scheduler,
  StudyRecord,
  TrialInit,
  TrialPatch,
  Storage,
} from "./types.js";

// samplers
export { randomSampler, RandomSampler } from "./samplers/random.js";
export { gridSampler, GridSampler } from "./samplers/grid.js";
export type { GridOptions } from "./samplers/grid.js";
export { qmcSampler, QmcSampler } from "./samplers/qmc.js";
export type { QmcOptions } from "./samplers/qmc.js";
export { tpeSampler, TpeSampler } from "./samplers/tpe.js";
export type { TpeOptions } from "./samplers/tpe.js";
export { gpSampler, GpSampler } from "./samplers/gp.js";
export type { GpSamplerOptions } from "./samplers/gp.js";
export { autoSampler, AutoSampler } from "./samplers/auto.js";
export type { AutoSamplerOptions, AutoChoice } from "./samplers/auto.js";
export { nsga2Sampler, Nsga2Sampler } from "./samplers/nsga2.js";
export type { Nsga2Options } from "./samplers/nsga2.js";
export { gpSlice, gpSliceOf } from "./gp/slice.js";
export type { GpSlice, GpSliceOptions, GpSlicePoint, GpSliceObservation, GpSliceSource } from "./gp/slice.js";

// multi-objective studies: the Pareto front and its hypervolume
export { paretoFront } from "./multi-objective/pareto-front.js";
export { hypervolume } from "./multi-objective/hypervolume.js";

// schedulers (stopping, pausing and promoting trials)
export { medianStopping, MedianStopping } from "./schedulers/median-stopping.js";
export type { MedianStoppingOptions, OptunaMedianOptions, RayMedianOptions } from "./schedulers/median-stopping.js";
export { learningCurveStopping, LearningCurveStopping, extrapolate } from "./schedulers/learning-curve.js";
export type { LearningCurveOptions } from "./schedulers/learning-curve.js";
export { fitLearningCurve } from "./schedulers/learning-curve-model.js";
export type { LearningCurveModel, LearningCurveModelOptions, FamilyFit, CurvePrediction } from "./schedulers/learning-curve-model.js";
export type { McmcOptions } from "./schedulers/learning-curve-mcmc.js";
export { defaultCurveFamilies, pow3, pow4, exp3, janoschek, logPower, ilog2 } from "./schedulers/curve-families.js";
export type { CurveFamily } from "./schedulers/curve-families.js";
export { asha, Asha } from "./schedulers/asha.js";
export type { AshaOptions } from "./schedulers/asha.js";
export { successiveHalving, SynchronousHalving } from "./schedulers/successive-halving.js";
export type { SyncRound, SyncRunOptions, SyncRunResult, AskTellStudy } from "./schedulers/successive-halving.js";
export { successiveHalvingRounds, hyperbandBrackets, hyperbandCost, ashaRungSteps } from "./schedulers/rungs.js";
export type { HalvingRound, HyperbandBracket, BracketRound } from "./schedulers/rungs.js";
export { memoryCheckpoints, fileCheckpoints } from "./schedulers/checkpoint.js";
export type { Checkpoint, CheckpointStore, MemoryCheckpointOptions, FileCheckpointOptions } from "./schedulers/checkpoint.js";
export { resumableObjective } from "./schedulers/resumable-objective.js";
export type { ResumableTraining, ResumableTrial, ResumableObjectiveOptions } from "./schedulers/resumable-objective.js";
export { incumbent } from "./schedulers/incumbent.js";
export type { Incumbent } from "./schedulers/incumbent.js";
export { simulateCurves } from "./schedulers/simulate-curves.js";
export { learningCurveBenchmark, benchmarkRank } from "./schedulers/learning-curve-benchmark.js";
export type { LearningCurveBenchmark } from "./schedulers/learning-curve-benchmark.js";
export type { SimulateCurvesOptions, SimulateCurvesResult, SimulatedDecision } from "./schedulers/simulate-curves.js";

// storages (SQLite and PostgreSQL have their own entries, tfjs-tune/sqlite and tfjs-tune/postgres; a path or URL string works here too)
export { memoryStorage, MemoryStorage } from "./storage/memory.js";
export type { MemoryStorageOptions } from "./storage/memory.js";
export { resolveStorage, isStorage } from "./storage/resolve-storage.js";
export type { StorageSpec } from "./storage/resolve-storage.js";
export { MissingDriverError } from "./storage/optional-driver.js";
export { recoverStaleTrials, TrialTakenOverError } from "./storage/stale-trials.js";
export type { StaleTrialAction, StaleTrialOptions } from "./storage/stale-trials.js";
export { exportStudyJsonl, importStudyJsonl, studyToJsonl, parseStudyJsonl, JSONL_FORMAT, JSONL_VERSION } from "./storage/jsonl-study.js";
export type { StudyDump, ImportOptions } from "./storage/jsonl-study.js";
export { exportOptunaJournal, studyToOptunaJournal } from "./storage/jsonl-optuna-journal.js";

// distributed workers (a study shared through SQLite or PostgreSQL)
export { runWorker } from "./parallel/run-worker.js";
export type { WorkerOptions, WorkerSummary } from "./parallel/run-worker.js";
export { TrialBudgetReachedError } from "./parallel/coordinated-storage.js";
export type { ObjectiveRef, ObjectiveModule } from "./parallel/objective-module.js";

// standard test functions (benchmarks, examples)
export { branin, braninSpace, BRANIN_MIN, hartmann6, hartmann6Space, HARTMANN6_MIN } from "./test-functions.js";
