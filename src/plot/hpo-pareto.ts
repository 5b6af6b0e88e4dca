// The Pareto front of a multi-objective study (Optuna's plot_pareto_front): every complete trial as a
// point in the plane of two objectives, the front highlighted and joined by the staircase that bounds
// the region it dominates, infeasible trials (constraints > 0) greyed out.
import type { Direction, TrialRecord } from "../hpo/types.js";
import { VEGA_LITE_V5_SCHEMA, type VegaLiteSpec } from "./vega-lite-spec.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** The system attribute where a study keeps a trial's constraint values (hpo's CONSTRAINTS_ATTR; a test checks they match). */
export const CONSTRAINTS_KEY = "constraints";

/** What {@link paretoFrontSpec} needs: a `Study` fits as is. */
export interface ParetoSource {
  /** All trials; complete ones with `values` are drawn. */
  readonly trials: readonly TrialRecord[];
  /** One direction per objective. */
  readonly directions: readonly Direction[];
  /** The Pareto front (`study.bestTrials`). */
  readonly bestTrials: readonly TrialRecord[];
  /** Names of the objectives (axis titles). @default undefined (objective 0, objective 1, …) */
  readonly objectiveNames?: readonly string[];
}

/** Options of {@link paretoFrontSpec}. */
export interface ParetoFrontOptions {
  /** The two objectives on the x and y axes (indices). @default [0, 1] */
  objectives?: readonly [number, number];
  /** Chart title. @default "Pareto front" */
  title?: string;
  /** Plot width in pixels. @default 420 */
  width?: number;
  /** Plot height in pixels. @default 300 */
  height?: number;
  /** Log-scaled axes (values must be positive). @default [false, false] */
  log?: readonly [boolean, boolean];
}

/** One point of the chart. */
export interface ParetoRow {
  number: number;
  x: number;
  y: number;
  status: "Pareto front" | "dominated" | "infeasible";
  params: string;
}

const STATUS_COLORS = { "Pareto front": "#E45756", dominated: "#4C78A8", infeasible: "#BAB0AC" } as const;

/** Rows of the chart: complete trials with values, their status, and their params as one line. */
export function paretoRows(source: ParetoSource, objectives: readonly [number, number] = [0, 1]): ParetoRow[] {
  const front = new Set(source.bestTrials.map((t) => t.number));
  const [i, j] = objectives;
  const rows: ParetoRow[] = [];
  for (const t of source.trials) {
    if (t.state !== "complete" || t.values === undefined) continue;
    const c = t.systemAttrs[CONSTRAINTS_KEY];
    const infeasible = Array.isArray(c) && c.some((v) => typeof v === "number" && v > 0);
    const params = Object.entries(t.params)
      .map(([k, v]) => `${k}=${typeof v === "number" ? Number(v.toPrecision(4)) : JSON.stringify(v)}`)
      .join(", ");
    rows.push({
      number: t.number,
      x: t.values[i],
      y: t.values[j],
      status: infeasible ? "infeasible" : front.has(t.number) ? "Pareto front" : "dominated",
      params,
    });
  }
  return rows;
}

/**
 * Vega-Lite spec of a multi-objective study's trials in the plane of two objectives: the Pareto front in
 * red, joined by the staircase bounding what it dominates (with two objectives), dominated trials in blue,
 * infeasible ones in grey; tooltips give the trial number and params. `paretoFrontSpec(study)`.
 */
export function paretoFrontSpec(source: ParetoSource, options: ParetoFrontOptions = {}): VegaLiteSpec {
  checkOptions("paretoFrontSpec", options, optionKeys<ParetoFrontOptions>({ objectives: true, title: true, width: true, height: true, log: true }));
  const { objectives = [0, 1], title = "Pareto front", width = 420, height = 300, log = [false, false] } = options;
  const m = source.directions.length;
  if (m < 2)
    throw new RangeError(
      `paretoFrontSpec: the study has ${m} objective${m === 1 ? "" : "s"}; a Pareto front needs at least 2 (use optimizationHistorySpec for one)`,
    );
  const [i, j] = objectives;
  for (const k of [i, j])
    if (!(Number.isInteger(k) && k >= 0 && k < m))
      throw new RangeError(`paretoFrontSpec: objectives must be two indices in 0…${m - 1}, got ${JSON.stringify(objectives)}`);
  if (i === j) throw new RangeError(`paretoFrontSpec: objectives must be two different indices, got ${JSON.stringify(objectives)}`);
  const rows = paretoRows(source, [i, j]);
  const name = (k: number): string => source.objectiveNames?.[k] ?? `objective ${k}`;
  const axis = (k: number, logged: boolean) => ({
    type: "quantitative",
    title: `${name(k)} (${source.directions[k]})`,
    scale: logged ? { type: "log" } : { zero: false },
  });
  // with x minimized the dominated region lies to the right of each front point, so the boundary holds y until the next point
  const interpolate = source.directions[i] === "minimize" ? "step-after" : "step-before";
  const front = rows.filter((r) => r.status === "Pareto front").length;
  const layers: unknown[] = [];
  if (m === 2) {
    layers.push({
      transform: [{ filter: "datum.status === 'Pareto front'" }],
      mark: { type: "line", interpolate, strokeWidth: 1.5, color: STATUS_COLORS["Pareto front"], opacity: 0.7 },
      encoding: { x: { field: "x", ...axis(i, log[0]) }, y: { field: "y", ...axis(j, log[1]) }, order: { field: "x", type: "quantitative" } },
    });
  }
  layers.push({
    mark: { type: "point", filled: true, size: 40 },
    encoding: {
      x: { field: "x", ...axis(i, log[0]) },
      y: { field: "y", ...axis(j, log[1]) },
      color: { field: "status", type: "nominal", title: null, scale: { domain: Object.keys(STATUS_COLORS), range: Object.values(STATUS_COLORS) } },
      opacity: { condition: { test: "datum.status === 'Pareto front'", value: 0.95 }, value: 0.45 },
      tooltip: [
        { field: "number", type: "quantitative", title: "trial" },
        { field: "x", type: "quantitative", title: name(i), format: ".4g" },
        { field: "y", type: "quantitative", title: name(j), format: ".4g" },
        { field: "params", type: "nominal" },
      ],
    },
  });
  return {
    $schema: VEGA_LITE_V5_SCHEMA,
    title: { text: title, subtitle: `${rows.length} complete trials, ${front} on the front${m > 2 ? ` (of all ${m} objectives)` : ""}` },
    width,
    height,
    data: { values: rows },
    layer: layers,
  };
}
