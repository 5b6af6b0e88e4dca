// The four experiments of the chapter's section 18.5, as data (settings and the chapter's printed results).
import type { BuildModelOptions } from "./build-model.js";
import type { TrainModelOptions } from "../train/train-model.js";

/** Names of the chapter's experiments. */
export const CHAPTER_SECTION_NAMES = Object.freeze(["baseline", "l2", "early-stopping", "dropout-reduced-lr"] as const);

/** One of the chapter's experiments. */
export type ChapterSection = (typeof CHAPTER_SECTION_NAMES)[number];

/** What the chapter ran and printed for one experiment (Keras, single run; AUC is Keras' approximation). */
export interface ChapterSectionSpec {
  /** Section number and title in the chapter. */
  readonly title: string;
  /** Arguments of `build_model`. */
  readonly model: Readonly<BuildModelOptions>;
  /** Arguments of `train_model`. */
  readonly train: Readonly<Pick<TrainModelOptions, "reducedLR" | "earlyStop" | "epochs">>;
  /** What the chapter printed. */
  readonly chapter: { readonly trainLoss: number; readonly valLoss: number; readonly testAuc: number; readonly testAccuracy: number };
}

/** The chapter's experiments by name. */
export const CHAPTER_SECTIONS: Readonly<Record<ChapterSection, ChapterSectionSpec>> = Object.freeze({
  baseline: {
    title: "18.5.1 Baseline model",
    model: { reg: 0, addDropout: false },
    train: { reducedLR: false, earlyStop: false, epochs: 20 },
    chapter: { trainLoss: 0.289, valLoss: 0.453, testAuc: 0.798, testAccuracy: 0.825 },
  },
  l2: {
    title: "18.5.1 L2 regularization",
    model: { reg: 0.01, addDropout: false },
    train: { reducedLR: false, earlyStop: false, epochs: 20 },
    chapter: { trainLoss: 0.352, valLoss: 0.433, testAuc: 0.797, testAccuracy: 0.832 },
  },
  "early-stopping": {
    title: "18.5.2 Early stopping",
    model: { reg: 0.01, addDropout: false },
    train: { reducedLR: false, earlyStop: true, epochs: 20 },
    chapter: { trainLoss: 0.357, valLoss: 0.451, testAuc: 0.78, testAccuracy: 0.823 },
  },
  "dropout-reduced-lr": {
    title: "18.5.3 Reduced learning rate on plateau and dropout",
    model: { reg: 0.01, addDropout: true },
    train: { reducedLR: true, earlyStop: false, epochs: 20 },
    chapter: { trainLoss: 0.372, valLoss: 0.446, testAuc: 0.802, testAccuracy: 0.82 },
  },
});
