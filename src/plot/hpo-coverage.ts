// Grid vs random coverage (Bergstra & Bengio 2012, Fig. 1): the configurations each search tried
// in two parameters, side by side, with rug ticks showing how many distinct values each axis got.
import type { TrialRecord } from "../hpo/types.js";
import { VEGA_LITE_V5_SCHEMA, type VegaLiteSpec } from "./vega-lite-spec.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Options of {@link coverageSpec}. */
export interface CoverageOptions {
  /** Chart title. @default "Which configurations each search tried" */
  title?: string;
  /** Panel size in pixels. @default 220 */
  size?: number;
  /** Log-scaled axes per parameter, e.g. `{lr: true}`. @default {} */
  log?: Readonly<Record<string, boolean>>;
}

/** Vega-Lite spec: one panel per search (e.g. `{grid: trials, random: trials}`), parameter `x` against `y`, points coloured by value. */
export function coverageSpec(runs: Readonly<Record<string, readonly TrialRecord[]>>, x: string, y: string, options: CoverageOptions = {}): VegaLiteSpec {
  checkOptions("coverageSpec", options, optionKeys<CoverageOptions>({ title: true, size: true, log: true }));
  if (runs === null || typeof runs !== "object" || Array.isArray(runs))
    throw new TypeError("coverageSpec: expected {label: trials}, e.g. {grid: gridStudy.trials, random: randomStudy.trials}");
  const { title = "Which configurations each search tried", size = 220, log = {} } = options;
  const rows: { search: string; number: number; x: unknown; y: unknown; value: number | null }[] = [];
  const counts: string[] = [];
  for (const [search, trials] of Object.entries(runs)) {
    if (!Array.isArray(trials)) throw new TypeError(`coverageSpec: trials of "${search}" must be an array`);
    const used = trials.filter((t) => x in t.params && y in t.params);
    if (used.length === 0) throw new RangeError(`coverageSpec: no trial of "${search}" has both "${x}" and "${y}"`);
    for (const t of used) {
      const p = t.params as Record<string, unknown>;
      rows.push({ search, number: t.number, x: p[x], y: p[y], value: t.state === "complete" && Number.isFinite(t.value) ? (t.value as number) : null });
    }
    const dx = new Set(used.map((t) => JSON.stringify((t.params as Record<string, unknown>)[x]))).size;
    const dy = new Set(used.map((t) => JSON.stringify((t.params as Record<string, unknown>)[y]))).size;
    counts.push(`${search}: ${used.length} trials, ${dx} distinct ${x}, ${dy} distinct ${y}`);
  }
  const xe = { field: "x", type: "quantitative", title: x, scale: log[x] ? { type: "log", nice: false } : { zero: false, nice: false } };
  const ye = { field: "y", type: "quantitative", title: y, scale: log[y] ? { type: "log", nice: false } : { zero: false, nice: false } };
  return {
    $schema: VEGA_LITE_V5_SCHEMA,
    title: { text: title, subtitle: counts },
    data: { values: rows },
    facet: { column: { field: "search", type: "nominal", title: null, sort: Object.keys(runs) } },
    spec: {
      width: size,
      height: size,
      layer: [
        {
          mark: { type: "point", filled: true, size: 40, opacity: 0.8 },
          encoding: {
            x: xe,
            y: ye,
            color: { field: "value", type: "quantitative", title: "objective", scale: { scheme: "viridis" } },
            tooltip: [
              { field: "number", title: "trial" },
              { field: "x", title: x },
              { field: "y", title: y },
              { field: "value", format: ".4g" },
            ],
          },
        },
        { mark: { type: "tick", orient: "vertical", color: "#333", opacity: 0.5 }, encoding: { x: xe, y: { value: size } } },
        { mark: { type: "tick", orient: "horizontal", color: "#333", opacity: 0.5 }, encoding: { y: ye, x: { value: 0 } } },
      ],
    },
  };
}
