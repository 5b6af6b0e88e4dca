/**
 * A live progress display for loops and training epochs. In a kernel it is one output updated in place
 * (`update_display_data`, throttled); in plain Node it prints a line now and then, and one when done.
 */
import { display, newDisplayId } from "./display.js";
import { kernelHook } from "./kernel-hook.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Options of {@link progress}. */
export interface ProgressOptions {
  /** Minimum time between two in-place updates in a kernel, in ms (each is a message to the front end). @default 250 */
  minIntervalMs?: number;
  /** Minimum time between two printed lines outside a kernel, in ms. @default 2000 */
  logIntervalMs?: number;
  /** Width of the bar in characters. @default 24 */
  width?: number;
  /** Clock in ms (injectable for tests). @default Date.now */
  now?: () => number;
  /** Where text lines go outside a kernel. @default process.stdout.write */
  write?: (line: string) => void;
}

/** Extra values shown after the bar, e.g. `{loss: 0.31, val_auc: 0.82}`. */
export type ProgressInfo = Record<string, number | string>;

/** Formats a duration in seconds as `12.3s`, `4m05s` or `1h02m`. */
function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${s.toFixed(1)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.floor(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** Formats info values: numbers to 4 significant digits. */
function formatInfo(info: ProgressInfo): string {
  return Object.entries(info)
    .map(([k, v]) => `${k}=${typeof v === "number" ? (Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString()) : v}`)
    .join(" ");
}

/** A progress display; create it with {@link progress}. */
export class Progress {
  /** Current count (steps done). */
  value = 0;
  /** Last info passed to update/tick/done. */
  info: ProgressInfo = {};
  private readonly started: number;
  private readonly displayId = newDisplayId();
  private readonly inKernel: boolean;
  private shown = false;
  private finished = false;
  private lastSent = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly opts: Required<ProgressOptions>;

  constructor(
    /** Total number of steps, or undefined when unknown. */
    readonly total: number | undefined,
    /** Text before the bar. */
    readonly label: string,
    options: ProgressOptions = {},
  ) {
    checkOptions("progress", options, optionKeys<ProgressOptions>({ minIntervalMs: true, logIntervalMs: true, width: true, now: true, write: true }));
    if (total !== undefined && !(Number.isFinite(total) && total >= 0)) {
      throw new RangeError(`progress: total must be a non-negative number or undefined, got ${total}`);
    }
    this.opts = {
      minIntervalMs: options.minIntervalMs ?? 250,
      logIntervalMs: options.logIntervalMs ?? 2000,
      width: options.width ?? 24,
      now: options.now ?? Date.now,
      write: options.write ?? ((line: string) => void process.stdout.write(line)),
    };
    this.started = this.opts.now();
    this.inKernel = kernelHook() !== undefined;
  }

  /** The current text form: label, bar, count, percent, elapsed<remaining, info. */
  text(): string {
    const elapsed = (this.opts.now() - this.started) / 1000;
    const parts: string[] = [];
    if (this.label) parts.push(this.label);
    if (this.total !== undefined && this.total > 0) {
      const frac = Math.min(1, Math.max(0, this.value / this.total));
      const full = Math.round(frac * this.opts.width);
      parts.push(`[${"█".repeat(full)}${"░".repeat(this.opts.width - full)}]`);
      parts.push(`${this.value}/${this.total}`, `${Math.floor(frac * 100)}%`);
      const remaining = this.value > 0 ? (elapsed * (this.total - this.value)) / this.value : NaN;
      parts.push(this.finished ? formatSeconds(elapsed) : `${formatSeconds(elapsed)}<${formatSeconds(remaining)}`);
    } else {
      parts.push(`${this.value} step${this.value === 1 ? "" : "s"}`, formatSeconds(elapsed));
    }
    const info = formatInfo(this.info);
    if (info) parts.push(info);
    if (this.finished) parts.push("done");
    return parts.join("  ");
  }

  /** Sets the count to `value` (and the info shown after the bar), redrawing at most every minIntervalMs. */
  update(value: number, info?: ProgressInfo): this {
    if (this.finished) return this;
    if (!Number.isFinite(value)) throw new RangeError(`progress.update: value must be a finite number, got ${value}`);
    this.value = value;
    if (info) this.info = info;
    this.render(false);
    return this;
  }

  /** Adds `steps` to the count. */
  tick(steps = 1, info?: ProgressInfo): this {
    return this.update(this.value + steps, info);
  }

  /** Marks the display finished and draws its final state (always shown). */
  done(info?: ProgressInfo): void {
    if (this.finished) return;
    if (info) this.info = info;
    this.finished = true;
    this.render(true);
  }

  private render(force: boolean): void {
    const now = this.opts.now();
    if (this.inKernel) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
      if (force || !this.shown || now - this.lastSent >= this.opts.minIntervalMs) {
        this.send(now);
      } else {
        // Draw the latest state later, so the bar never stays behind when updates pause.
        this.timer = setTimeout(
          () => {
            this.timer = undefined;
            this.send(this.opts.now());
          },
          this.opts.minIntervalMs - (now - this.lastSent),
        );
        this.timer.unref?.();
      }
    } else if (force || !this.shown || now - this.lastSent >= this.opts.logIntervalMs) {
      this.shown = true;
      this.lastSent = now;
      this.opts.write(this.text() + "\n");
    }
  }

  private send(now: number): void {
    display({ "text/plain": this.text() }, { displayId: this.displayId, update: this.shown });
    this.shown = true;
    this.lastSent = now;
  }
}

/** Starts a progress display over `total` steps (undefined: unknown total) labelled `label`. */
export function progress(total?: number, label = "", options: ProgressOptions = {}): Progress {
  const p = new Progress(total, label, options);
  p.update(0);
  return p;
}
