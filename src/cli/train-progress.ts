// Progress of a command-line training run: a line every few seconds with epoch, batch, loss and ETA,
// so a long run is never silent (the per-epoch lines of -v are a separate, chattier choice).
import type { Logs, TrainCallback } from "../train/callback.js";

/** Options of {@link trainProgressLines}. */
export interface TrainProgressLinesOptions {
  /** Least time between two lines, ms. @default 5000 on a terminal, 30000 in a log */
  everyMs?: number;
  /** Where lines go. @default process.stderr */
  write?: (line: string) => void;
  /** Clock in ms (tests). @default Date.now */
  now?: () => number;
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return "?";
  const r = Math.round(s);
  if (r < 60) return `${r} s`;
  if (r < 3600) return `${Math.floor(r / 60)} min ${String(r % 60).padStart(2, "0")} s`;
  return `${Math.floor(r / 3600)} h ${String(Math.floor((r % 3600) / 60)).padStart(2, "0")} min`;
}

/**
 * A training callback that writes `epoch 3/20, batch 40/117, loss 0.412, val_auc 0.81, 35 s, ETA 3 min 10 s`
 * at most every `everyMs`, and once at the end. The ETA extrapolates the fraction of batches done.
 */
export function trainProgressLines(options: TrainProgressLinesOptions = {}): TrainCallback {
  const now = options.now ?? Date.now;
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const everyMs = options.everyMs ?? (process.stderr.isTTY ? 5_000 : 30_000);
  let started = 0;
  let last = 0;
  let epoch = 0;
  let epochs = 1;
  let batchesPerEpoch: number | undefined;
  let lastEpochLogs: Logs = {};
  let lastBatch = -1;
  const line = (batch: number | undefined, loss: number | undefined, final = false) => {
    const elapsed = (now() - started) / 1000;
    const parts = [`epoch ${epoch + 1}/${epochs}`];
    if (batch !== undefined) parts.push(`batch ${batch + 1}${batchesPerEpoch ? `/${batchesPerEpoch}` : ""}`);
    if (loss !== undefined) parts.push(`loss ${loss.toFixed(3)}`);
    for (const k of ["val_loss", "val_auc"]) if (typeof lastEpochLogs[k] === "number") parts.push(`${k} ${lastEpochLogs[k].toFixed(3)}`);
    parts.push(duration(elapsed));
    if (!final) {
      const done = epoch + (batch !== undefined && batchesPerEpoch ? (batch + 1) / batchesPerEpoch : 0);
      parts.push(`ETA ${done > 0 ? duration((elapsed * (epochs - done)) / done) : "?"}`);
    }
    write(`${final ? "trained: " : "training: "}${parts.join(", ")}\n`);
    last = now();
  };
  return {
    onTrainBegin(_logs, context) {
      started = last = now();
      epochs = context.epochs;
    },
    onEpochBegin(e) {
      epoch = e;
    },
    onBatchEnd(batch, logs) {
      lastBatch = batch;
      if (now() - last >= everyMs) line(batch, logs.loss);
    },
    onEpochEnd(e, logs) {
      // the first epoch tells how many batches an epoch has
      if (e === 0 && lastBatch >= 0) batchesPerEpoch = lastBatch + 1;
      lastEpochLogs = logs;
    },
    onTrainEnd(logs) {
      line(undefined, typeof lastEpochLogs.loss === "number" ? lastEpochLogs.loss : logs.loss, true);
    },
  };
}
