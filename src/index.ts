// `tfjs-tune`: tune TensorFlow.js models. Data, training, evaluation, charts and the study API with its
// samplers, schedulers and in-memory/JSONL storage. The chapter's specifics are in `tfjs-tune/chapter`,
// the tuning core alone in `tfjs-tune/hpo`, durable storages in `tfjs-tune/sqlite` and `tfjs-tune/postgres`.
// Every name is listed on purpose; test/entries.test.ts snapshots the list.

// data (plain typed arrays, no tfjs)
export type { Dataset, Splits, SplitIndices, IndexedSplits } from "./data/types.js";
export { readNpz } from "./data/npz.js";
export { readNpy } from "./data/npy.js";
export type { NpyArray, NpyData, NpyDtype } from "./data/npy.js";
export { loadNpzPair } from "./data/npz-pair.js";
export type { NpzPairOptions } from "./data/npz-pair.js";
export { ensureCachedFiles, seedCachedFiles, DataFileError } from "./data/cached-files.js";
export type { DataFile, CachedFilesOptions } from "./data/cached-files.js";
export { dataCacheDir, DATA_ENV } from "./data/cache-dir.js";
export { downloadFile, DownloadError } from "./data/download.js";
export type { DownloadOptions } from "./data/download.js";
export { subsetRows, checkDataset, withTrainRows } from "./data/subset.js";
export { groupedSplit, groupRows } from "./data/grouped-split.js";
export type { GroupedSplitOptions, GroupedSplits, GroupReport } from "./data/grouped-split.js";
export { ShuffleBatcher } from "./data/shuffle-batcher.js";
export type { Batch, ShuffleBatcherOptions } from "./data/shuffle-batcher.js";

// backends and layers
export { ensureBackend } from "./backend/ensure-backend.js";
export type { BackendChoice, BackendInfo, EnsureBackendOptions } from "./backend/ensure-backend.js";
export { fusedAdam, FusedAdamOptimizer } from "./backend/fused-adam.js";
export type { EngineChoice } from "./backend/fused/engine-for.js";
export { SeededDropout } from "./model/seeded-dropout.js";
export type { SeededDropoutOptions } from "./model/seeded-dropout.js";

// training and evaluation
export { trainModel } from "./train/train-model.js";
export type { TrainData, TrainModelOptions } from "./train/train-model.js";
export { evaluate, predictScores, regularizationLoss } from "./train/evaluate.js";
export type { EvaluateOptions, Evaluation, PredictOptions } from "./train/evaluate.js";
export { rocAuc, kerasAuc, auc, binaryAccuracy } from "./train/metrics.js";
export type { AucMethod } from "./train/metrics.js";
export { Callback } from "./train/callback.js";
export type { Logs, TrainCallback, TrainContext, MonitorMode } from "./train/callback.js";
export { earlyStopping, EarlyStopping } from "./train/early-stopping.js";
export type { EarlyStoppingOptions } from "./train/early-stopping.js";
export { reduceLROnPlateau, ReduceLROnPlateau } from "./train/reduce-lr-on-plateau.js";
export type { ReduceLROnPlateauOptions } from "./train/reduce-lr-on-plateau.js";
export type { History, HistoryRecord } from "./train/history.js";
export { NonFiniteLossError } from "./train/non-finite-loss-error.js";
export { pruningCallback, PruningCallback } from "./train/pruning-callback.js";
export type { PruningTrial, PruningCallbackOptions } from "./train/pruning-callback.js";
export { learningRateScheduler, LearningRateScheduler } from "./train/lr-scheduler.js";
export type { LearningRateSchedulerOptions, LrScheduleFunction } from "./train/lr-scheduler.js";
export { learningRateAt, lrScheduleValues, checkLrSchedule, LR_SCHEDULE_KINDS } from "./train/lr-schedule.js";
export type {
  LrScheduleSpec,
  StepDecaySchedule,
  ExponentialDecaySchedule,
  PolynomialDecaySchedule,
  InverseTimeDecaySchedule,
  PiecewiseConstantSchedule,
  CosineDecaySchedule,
  CyclicalSchedule,
} from "./train/lr-schedule.js";
export { batchSizeAt, checkBatchSizeSchedule } from "./train/batch-size-schedule.js";
export type { BatchSizeSchedule } from "./train/batch-size-schedule.js";

// tuning: spaces, studies, samplers, schedulers, storages
export { float, int, categorical, when, defineSpace, SpaceError, formatParams } from "./hpo/index.js";
export type { ParamValue, SpaceSpec, Params, Space, FloatOptions, IntOptions } from "./hpo/index.js";
export { createStudy, loadStudy, Study, Trial, SpaceExhaustedError, StudyMismatchError } from "./hpo/index.js";
export type { StudyOptions, TellResult, TrialCallback, Objective, OptimizeOptions, StopReason, OptimizeResult } from "./hpo/index.js";
export type {
  Direction,
  TrialState,
  TrialRecord,
  Intermediate,
  AttrValue,
  Sampler,
  Sample,
  SampleContext,
  Scheduler,
  Decision,
  ReportContext,
  ResumeContext,
  Storage,
  StudyRecord,
} from "./hpo/index.js";
export { randomSampler, gridSampler, qmcSampler, tpeSampler, gpSampler, autoSampler, nsga2Sampler, gpSlice, paretoFront, hypervolume } from "./hpo/index.js";
export type { GridOptions, QmcOptions, TpeOptions, GpSamplerOptions, AutoSamplerOptions, Nsga2Options, GpSlice } from "./hpo/index.js";
export { medianStopping, learningCurveStopping, asha, successiveHalving, successiveHalvingRounds, hyperbandBrackets } from "./hpo/index.js";
export type { MedianStoppingOptions, LearningCurveOptions, AshaOptions, HalvingRound, HyperbandBracket } from "./hpo/index.js";
export { resumableObjective, memoryCheckpoints, fileCheckpoints, incumbent, simulateCurves } from "./hpo/index.js";
export type { ResumableTraining, ResumableTrial, ResumableObjectiveOptions, CheckpointStore, Incumbent } from "./hpo/index.js";
export { memoryStorage, exportStudyJsonl, importStudyJsonl, exportOptunaJournal, MissingDriverError } from "./hpo/index.js";
export type { StorageSpec, StaleTrialOptions } from "./hpo/index.js";

// charts: pure Vega-Lite specs, and their SVG/PNG rendering
export type { VegaLiteSpec } from "./plot/vega-lite-spec.js";
export { renderSvg, renderPng } from "./plot/render.js";
export type { RenderPngOptions } from "./plot/render.js";
export { lossesSpec } from "./plot/losses-spec.js";
export type { LossesSpecOptions, HistoryLike } from "./plot/losses-spec.js";
export { optimizationHistorySpec } from "./plot/hpo-history.js";
export type { OptimizationHistoryOptions } from "./plot/hpo-history.js";
export { paramSlicesSpec } from "./plot/hpo-slices.js";
export type { ParamSlicesOptions } from "./plot/hpo-slices.js";
export { parallelCoordinatesSpec } from "./plot/hpo-parallel.js";
export type { ParallelCoordinatesOptions } from "./plot/hpo-parallel.js";
export { coverageSpec } from "./plot/hpo-coverage.js";
export type { CoverageOptions } from "./plot/hpo-coverage.js";
export { paretoFrontSpec } from "./plot/hpo-pareto.js";
export type { ParetoFrontOptions, ParetoSource } from "./plot/hpo-pareto.js";
export { gpSliceSpec } from "./plot/hpo-gp.js";
export type { GpSliceSpecOptions } from "./plot/hpo-gp.js";
export { learningCurvesSpec } from "./plot/hpo-curves.js";
export type { LearningCurvesSpecOptions } from "./plot/hpo-curves.js";
export { hyperbandBracketsSpec, rungDiagramSpec } from "./plot/hpo-schedule.js";
export { histogramSpec } from "./plot/histogram-spec.js";
export type { HistogramSpecOptions } from "./plot/histogram-spec.js";
export { errorBarsSpec } from "./plot/error-bars-spec.js";
export type { ErrorBarsSpecOptions, MeasurementRow, ReferenceRow } from "./plot/error-bars-spec.js";

// notebooks: display in a Jupyter kernel (text elsewhere)
export { display, clearOutput } from "./notebook/display.js";
export type { DisplayOptions } from "./notebook/display.js";
export { chart } from "./notebook/chart.js";
export type { ChartOptions } from "./notebook/chart.js";
export { progress, Progress } from "./notebook/progress.js";
export type { ProgressOptions, ProgressInfo } from "./notebook/progress.js";
export { inKernel, KERNEL_HOOK } from "./notebook/kernel-hook.js";
export type { KernelHook, MimeBundle, DisplayContent } from "./notebook/kernel-hook.js";
export { plotLosses } from "./notebook/plot-losses.js";
export type { PlotLossesOptions } from "./notebook/plot-losses.js";
export { trainingProgress } from "./notebook/training-progress.js";
export type { TrainingProgressOptions } from "./notebook/training-progress.js";
export { reportMetrics, METRICS_MIME } from "./notebook/report-metrics.js";

// small utilities the notebooks use
export { createRng } from "./util/rng.js";
export type { Rng } from "./util/rng.js";
export { mean, median, sampleSd, summarize } from "./util/stats.js";
export type { Summary } from "./util/stats.js";

// comparing repeated runs: rank test, summaries over seeds
export { mannWhitneyU } from "./stats/mann-whitney.js";
export type { MannWhitneyOptions, MannWhitneyResult } from "./stats/mann-whitney.js";
export { summarizeSeeds, compareSeeds, formatSeedSummary, quantile } from "./stats/seed-summary.js";
export type { SeedSummary, SeedComparison } from "./stats/seed-summary.js";
