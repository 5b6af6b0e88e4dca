// The search spaces of the tuning notebooks, defined once: what matters for the chapter's CNN (rate,
// batch, embedding and conv width, kernel, depth, dense size, dropout, L2, patience of early stopping,
// the 18.1 schedules).
// Plain SpaceSpec objects: createStudy({space: HEMOLYSIS_SPACE, …}); pick a subset by destructuring.
import { categorical, float, int } from "../hpo/space.js";
import { HEMOLYSIS_LR_SCHEDULES } from "./hemolysis-objective.js";

/**
 * Every knob of the chapter's CNN worth tuning. Ranges keep every model buildable on length-190 input
 * (three blocks of kernel 9 still leave 5 positions). Runs use early stopping with the sampled patience,
 * so the epochs are the objective's upper bound, not a hyperparameter.
 *
 * The ranges come from validation-only probes (docs/tuning-notes.md): a wider embedding (the chapter's
 * 16 is the narrowest that helps; the fused engine folds it into conv1, so width there is nearly free),
 * more filters and some dropout raise validation AUC; rates above 5e-3 and below 3e-4 lose within 30
 * epochs, and L2 above 1e-2 on the dense layers costs AUC.
 */
export const HEMOLYSIS_SPACE = Object.freeze({
  lr: float(3e-4, 5e-3, { log: true }),
  batchSize: categorical([32, 64, 128]),
  embeddingSize: int(16, 64, { log: true }),
  filters: int(16, 96, { log: true }),
  kernelSize: categorical([3, 5, 7, 9]),
  convBlocks: int(1, 3),
  denseUnits: int(32, 512, { log: true }),
  dropout: float(0, 0.5),
  reg: float(1e-6, 1e-2, { log: true }),
  patience: int(4, 10),
  lrSchedule: categorical(HEMOLYSIS_LR_SCHEDULES),
  batchRamp: categorical([false, true]),
});

/** Section 18.1's training knobs alone: the rate, its schedule, the batch size and its ramp (the architecture stays the chapter's). */
export const SCHEDULE_SPACE = Object.freeze({
  lr: HEMOLYSIS_SPACE.lr,
  lrSchedule: HEMOLYSIS_SPACE.lrSchedule,
  batchSize: HEMOLYSIS_SPACE.batchSize,
  batchRamp: HEMOLYSIS_SPACE.batchRamp,
});

/** Two knobs that can be drawn in one picture: the learning rate and the dropout rate (notebooks 07 and 08). */
export const TWO_KNOB_SPACE = Object.freeze({
  lr: HEMOLYSIS_SPACE.lr,
  dropout: HEMOLYSIS_SPACE.dropout,
});
