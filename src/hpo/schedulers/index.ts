// Public exports of src/hpo/schedulers (re-exported by src/hpo/index.ts).
export { MedianStopping, medianStopping, type MedianStoppingOptions, type OptunaMedianOptions, type RayMedianOptions } from "./median-stopping.js";
export { LearningCurveStopping, learningCurveStopping, extrapolate, type LearningCurveOptions } from "./learning-curve.js";
export { fitLearningCurve, minFitPoints, type LearningCurveModel, type LearningCurveModelOptions, type FamilyFit, type CurvePrediction } from "./learning-curve-model.js";
export { type McmcOptions } from "./learning-curve-mcmc.js";
export { defaultCurveFamilies, pow3, pow4, exp3, janoschek, logPower, ilog2, type CurveFamily } from "./curve-families.js";
export { Asha, asha, type AshaOptions } from "./asha.js";
export { SynchronousHalving, successiveHalving, type SyncRound, type SyncRunOptions, type SyncRunResult, type AskTellStudy } from "./successive-halving.js";
export { successiveHalvingRounds, hyperbandBrackets, hyperbandCost, ashaRungSteps, type HalvingRound, type HyperbandBracket, type BracketRound } from "./rungs.js";
export { memoryCheckpoints, fileCheckpoints, type Checkpoint, type CheckpointStore, type MemoryCheckpointOptions, type FileCheckpointOptions } from "./checkpoint.js";
export { resumableObjective, type ResumableTraining, type ResumableTrial, type ResumableObjectiveOptions } from "./resumable-objective.js";
export { incumbent, type Incumbent } from "./incumbent.js";
export { simulateCurves, type SimulateCurvesOptions, type SimulateCurvesResult, type SimulatedDecision } from "./simulate-curves.js";
export { learningCurveBenchmark, benchmarkRank, mulberry32, type LearningCurveBenchmark } from "./learning-curve-benchmark.js";
