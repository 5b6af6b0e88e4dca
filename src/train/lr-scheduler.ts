// A callback that sets the learning rate from a schedule (Keras' LearningRateScheduler, or a schedule
// object handed to the optimizer), in trainModel and in tfjs's own model.fit / fitDataset.
// It composes with other rate changers (ReduceLROnPlateau, the batch-size ramp): a change it did not
// make is kept as a factor on top of the schedule, instead of being overwritten at the next step.
import * as tfl from "@tensorflow/tfjs-layers";
import type { Logs, TrainContext } from "./callback.js";
import { formatFloat32 } from "./format.js";
import { checkLrSchedule, learningRateAt, type LrScheduleSpec } from "./lr-schedule.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** A schedule as a function: step (0-based) and the initial rate → the rate of that step. */
export type LrScheduleFunction = (step: number, initialLr: number) => number;

/** Options of {@link LearningRateScheduler}. */
export interface LearningRateSchedulerOptions {
  /** The schedule: a JSON spec (see `LrScheduleSpec`) or a function of (step, initialLr). */
  schedule: LrScheduleSpec | LrScheduleFunction;
  /** The rate at step 0. @default the optimizer's rate when training begins */
  initialLr?: number;
  /** What a step counts; a spec's own `unit` wins. @default "epoch" */
  unit?: "epoch" | "batch";
  /** Print a line whenever the rate is set at an epoch's start. @default false */
  verbose?: boolean;
}

const KEYS = optionKeys<LearningRateSchedulerOptions>({ schedule: true, initialLr: true, unit: true, verbose: true });

type RateHolder = { learningRate: number };

/** Sets the optimizer's learning rate at the start of each epoch (or before each update) from a schedule. */
export class LearningRateScheduler extends tfl.Callback {
  /** The schedule as given. */
  readonly schedule: LrScheduleSpec | LrScheduleFunction;
  /** "epoch" or "batch". */
  readonly unit: "epoch" | "batch";
  readonly verbose: boolean;
  /** The rate at step 0 (fixed at construction or at the first training start). */
  initialLr: number | undefined;
  /** Product of the rate changes made by others since step 0 (e.g. ReduceLROnPlateau's reductions). */
  scale = 1;
  /** Updates counted so far (unit "batch"). */
  private updates = 0;
  private lastSet: number | undefined;
  private readonly fn: LrScheduleFunction;

  constructor(options: LearningRateSchedulerOptions) {
    super();
    checkOptions("learningRateScheduler", options, KEYS);
    if (options === undefined || options.schedule === undefined)
      throw new TypeError("learningRateScheduler: schedule is required (a {kind, …} spec or a function (step, initialLr) => lr)");
    const s = options.schedule;
    if (typeof s === "function") this.fn = s;
    else {
      checkLrSchedule(s, "learningRateScheduler: schedule");
      this.fn = (step, lr0) => learningRateAt(s, step, lr0);
    }
    this.schedule = s;
    const unit = (typeof s === "object" ? s.unit : undefined) ?? options.unit ?? "epoch";
    if (unit !== "epoch" && unit !== "batch") throw new RangeError(`learningRateScheduler: unit must be "epoch" or "batch", got ${JSON.stringify(unit)}`);
    this.unit = unit;
    if (options.initialLr !== undefined && !(options.initialLr > 0 && Number.isFinite(options.initialLr))) {
      throw new RangeError(`learningRateScheduler: initialLr must be a positive number, got ${options.initialLr}`);
    }
    this.initialLr = options.initialLr;
    this.verbose = options.verbose ?? false;
  }

  /** The scheduled rate at `step`, before other callbacks' factors. */
  rateAt(step: number): number {
    if (this.initialLr === undefined) throw new Error("learningRateScheduler: initialLr is not known before training starts");
    const lr = this.fn(step, this.initialLr);
    if (!(lr >= 0 && Number.isFinite(lr))) throw new RangeError(`learningRateScheduler: the schedule gave ${lr} at step ${step}; rates must be finite and ≥ 0`);
    return lr;
  }

  private holder(context: TrainContext | undefined): RateHolder {
    if (context) return context;
    const opt = (this.model as tfl.LayersModel | undefined)?.optimizer as unknown as Partial<RateHolder> | undefined;
    if (!opt || typeof opt.learningRate !== "number")
      throw new TypeError(
        "learningRateScheduler: the model's optimizer has no numeric learningRate (compile the model with an optimizer such as tf.train.adam)",
      );
    return opt as RateHolder;
  }

  private apply(step: number, holder: RateHolder): number {
    // Someone else changed the rate since we set it: keep their change as a factor.
    if (this.lastSet !== undefined && this.lastSet > 0 && holder.learningRate !== this.lastSet) this.scale *= holder.learningRate / this.lastSet;
    const lr = this.rateAt(step) * this.scale;
    holder.learningRate = lr;
    this.lastSet = holder.learningRate;
    return lr;
  }

  override async onTrainBegin(_logs?: Logs | tfl.Logs, context?: TrainContext): Promise<void> {
    this.initialLr ??= this.holder(context).learningRate;
  }

  override async onEpochBegin(epoch: number, _logs?: Logs | tfl.Logs, context?: TrainContext): Promise<void> {
    if (epoch === 0) {
      // A new run from the start: forget the previous run's factors and counts.
      this.scale = 1;
      this.updates = 0;
      this.lastSet = undefined;
    }
    if (this.unit !== "epoch") return;
    const lr = this.apply(epoch, this.holder(context));
    if (this.verbose) (context?.log ?? console.log)(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${formatFloat32(lr)}.`);
  }

  override async onBatchBegin(_batch: number, _logs?: Logs | tfl.Logs, context?: TrainContext): Promise<void> {
    if (this.unit !== "batch") return;
    this.apply(this.updates, this.holder(context));
    this.updates++;
  }
}

/** Creates a {@link LearningRateScheduler}: `trainModel(m, d, {callbacks: [learningRateScheduler({schedule: {kind: "cosine", decaySteps: 20}})]})`. */
export function learningRateScheduler(options: LearningRateSchedulerOptions): LearningRateScheduler {
  return new LearningRateScheduler(options);
}
