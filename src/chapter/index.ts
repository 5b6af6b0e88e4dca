// `tfjs-tune/chapter`: the textbook's specifics: the hemolysis data, the chapter's split and CNN, its
// sections' settings and the objective its tuning sections optimize. Generic code never imports this folder.
export { loadHemolysis, seedCacheFrom } from "./load-hemolysis.js";
export type { LoadHemolysisOptions } from "./load-hemolysis.js";
export { HEMOLYSIS_FILES, HEMOLYSIS_POSITIVE, HEMOLYSIS_NEGATIVE, HEMOLYSIS_BASE_URL } from "./hemolysis-files.js";
export { chapterSplit } from "./chapter-split.js";
export type { ChapterSplitOptions } from "./chapter-split.js";
export { ALPHABET, SEQUENCE_LENGTH, encodePeptide, encodePeptides, decodePeptide, decodePeptideRow } from "./peptide.js";
export { buildModel, resolveStructure, CHAPTER_STRUCTURE } from "./build-model.js";
export type { BuildModelOptions, ModelStructure, ResolvedStructure, DenseActivation } from "./build-model.js";
export { CHAPTER_SECTIONS, CHAPTER_SECTION_NAMES } from "./chapter-sections.js";
export type { ChapterSection, ChapterSectionSpec } from "./chapter-sections.js";
export { CHAPTER_EARLY_STOPPING, CHAPTER_REDUCE_LR } from "../train/train-model.js";
export {
  hemolysisObjective,
  hemolysisTraining,
  hemolysisModelOptions,
  hemolysisConfig,
  hemolysisLrSchedule,
  HEMOLYSIS_LR_SCHEDULES,
} from "./hemolysis-objective.js";
export type {
  HemolysisParams,
  HemolysisObjectiveOptions,
  HemolysisTrainingState,
  HemolysisTrainingOptions,
  ObjectiveTrial,
  HemolysisConfig,
  HemolysisConfigOptions,
  HemolysisLrSchedule,
} from "./hemolysis-objective.js";
export { HEMOLYSIS_SPACE, SCHEDULE_SPACE, TWO_KNOB_SPACE } from "./search-spaces.js";
export { retrainOverSeeds, compareOverSeeds, comparisonRows, comparisonTable, BASELINE_CONFIG } from "./retrain-over-seeds.js";
export { oneEpochScreening } from "./one-epoch-screening.js";
export type { OneEpochScreeningOptions, OneEpochScreeningResult, ScreenedConfig } from "./one-epoch-screening.js";
export type { RetrainOverSeedsOptions, SeedRun, SeedsComparison, ComparisonTableRow } from "./retrain-over-seeds.js";
export { retrainAndTest } from "./retrain-and-test.js";
export type { RetrainAndTestOptions, RetrainAndTestResult } from "./retrain-and-test.js";
