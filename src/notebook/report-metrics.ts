// Key numbers of a notebook for `tfjs-tune run`'s summary table (and a readable line for the reader).
import { display } from "./display.js";

/** The MIME type that carries a notebook's metrics to the headless runner (`tfjs-tune run`). */
export const METRICS_MIME = "application/vnd.tfjs-tune.metrics+json";

/**
 * Shows `metrics` as one output: text for the reader, plus a JSON copy under {@link METRICS_MIME}
 * that `tfjs-tune run` lists in its summary (the last value of a name wins).
 */
export function reportMetrics(metrics: Readonly<Record<string, number>>): void {
  if (metrics === null || typeof metrics !== "object" || Array.isArray(metrics)) {
    throw new TypeError(`reportMetrics: expected {name: number}, got ${Array.isArray(metrics) ? "an array" : typeof metrics}`);
  }
  const entries = Object.entries(metrics);
  if (entries.length === 0) throw new RangeError("reportMetrics: no metrics given");
  for (const [k, v] of entries) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`reportMetrics: "${k}" must be a finite number, got ${String(v)}`);
  }
  const width = Math.max(...entries.map(([k]) => k.length));
  const text = entries.map(([k, v]) => `${k.padEnd(width)}  ${Number.isInteger(v) ? v : Number(v.toPrecision(4))}`).join("\n");
  display({ "text/plain": text, [METRICS_MIME]: { ...metrics } });
}
