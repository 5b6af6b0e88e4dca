// Scheduler diagrams: Hyperband's brackets (configurations n_i at resource r_i per round, Li et al. 2018,
// Table 1) and a rung diagram of a run (each trial as a bar over the steps it trained, by bracket, with
// the rung steps as rules), so that stops, pauses and promotions are visible.
import type { TrialRecord } from "../hpo/types.js";
import type { HyperbandBracket } from "../hpo/schedulers/rungs.js";
import { VEGA_LITE_V5_SCHEMA, type VegaLiteSpec } from "./vega-lite-spec.js";
import { checkOptions } from "../util/options.js";

/** Vega-Lite spec of Hyperband's brackets: one bar per round, configurations vs resource, one row per bracket. */
export function hyperbandBracketsSpec(brackets: readonly HyperbandBracket[], options: { title?: string; width?: number } = {}): VegaLiteSpec {
  checkOptions("hyperbandBracketsSpec", options, ["title", "width"]);
  if (!(brackets instanceof Array) || brackets.length === 0) throw new TypeError("hyperbandBracketsSpec: expected the brackets of hyperbandBrackets(R, η)");
  const rows = brackets.flatMap((b) =>
    b.rounds.map((r, i) => ({ bracket: `s = ${b.s}`, s: b.s, round: i, n: r.n, r: r.r, label: `${r.n} × ${Number(r.r.toPrecision(4))}` })),
  );
  return {
    $schema: VEGA_LITE_V5_SCHEMA,
    title: options.title ?? "Hyperband brackets: configurations n_i trained to resource r_i",
    data: { values: rows },
    facet: { row: { field: "bracket", type: "nominal", sort: { field: "s", order: "descending" }, title: null } },
    spec: {
      width: options.width ?? 360,
      height: 60,
      layer: [
        {
          mark: { type: "bar", color: "#4C78A8" },
          encoding: {
            x: { field: "r", type: "ordinal", title: "resource per configuration r_i (epochs)", sort: "ascending" },
            y: { field: "n", type: "quantitative", title: "n_i", scale: { type: "sqrt" } },
            tooltip: [
              { field: "bracket" },
              { field: "round", type: "quantitative" },
              { field: "n", type: "quantitative" },
              { field: "r", type: "quantitative" },
            ],
          },
        },
        {
          mark: { type: "text", dy: -6, fontSize: 10 },
          encoding: { x: { field: "r", type: "ordinal", sort: "ascending" }, y: { field: "n", type: "quantitative" }, text: { field: "label" } },
        },
      ],
    },
  };
}

/** One bar of the rung diagram: the steps a trial trained. */
export interface RungBarRow {
  trial: number;
  bracket: number;
  from: number;
  to: number;
  state: string;
  promoted: boolean;
  note: string;
}

/** Bars of the rung diagram: trial, bracket (system attribute `bracket`, else 0), first and last step, state. */
export function rungBarRows(trials: readonly TrialRecord[]): RungBarRow[] {
  return trials
    .filter((t) => t.intermediate.length > 0)
    .map((t) => ({
      trial: t.number,
      bracket: typeof t.systemAttrs.bracket === "number" ? t.systemAttrs.bracket : 0,
      from: t.intermediate[0].step - 1,
      to: t.intermediate[t.intermediate.length - 1].step,
      state: t.state,
      promoted: typeof t.systemAttrs.resumeReason === "string",
      note: t.note ?? "",
    }));
}

/** Vega-Lite spec of a run: each trial a bar over its steps (colour = final state), rung steps as rules, one row per bracket. */
export function rungDiagramSpec(
  trials: readonly TrialRecord[],
  options: {
    /** Rung steps drawn as rules: one list for all brackets, or a list per bracket index. @default none */
    rungs?: readonly number[] | Readonly<Record<number, readonly number[]>>;
    /** @default "Trials by steps trained (dashed: rungs)" */
    title?: string;
    /** @default 420 */
    width?: number;
  } = {},
): VegaLiteSpec {
  checkOptions("rungDiagramSpec", options, ["rungs", "title", "width"]);
  if (!Array.isArray(trials)) throw new TypeError("rungDiagramSpec: expected an array of trial records");
  const bars = rungBarRows(trials);
  const rungsOf = (b: number): readonly number[] => {
    const r = options.rungs;
    if (r === undefined) return [];
    return r instanceof Array ? r : (r[b] ?? []);
  };
  const ruleLayer = (b: number): unknown[] => {
    const rules = rungsOf(b).map((step) => ({ step }));
    return rules.length === 0
      ? []
      : [{ data: { values: rules }, mark: { type: "rule", strokeDash: [3, 3], color: "#666" }, encoding: { x: { field: "step", type: "quantitative" } } }];
  };
  const states = ["complete", "paused", "pruned", "running", "failed"];
  const bar = {
    data: { values: bars },
    mark: { type: "bar", height: { band: 0.8 } },
    encoding: {
      y: { field: "trial", type: "ordinal", title: "trial", axis: bars.length > 40 ? { labels: false, ticks: false } : {} },
      x: { field: "from", type: "quantitative", title: "step (epochs trained)" },
      x2: { field: "to" },
      color: { field: "state", type: "nominal", scale: { domain: states, range: ["#4C78A8", "#F58518", "#BAB0AC", "#54A24B", "#B279A2"] } },
      stroke: { condition: { test: "datum.promoted", value: "#222" }, value: null },
      tooltip: [
        { field: "trial", type: "quantitative" },
        { field: "state" },
        { field: "to", type: "quantitative", title: "last step" },
        { field: "note", title: "why" },
      ],
    },
  };
  const several = new Set(bars.map((b) => b.bracket)).size > 1;
  const width = options.width ?? 420;
  const title = options.title ?? "Trials by steps trained (dashed: rungs)";
  if (!several)
    return {
      $schema: VEGA_LITE_V5_SCHEMA,
      title,
      width,
      height: Math.max(120, Math.min(600, 8 * bars.length)),
      layer: [bar, ...ruleLayer(bars[0]?.bracket ?? 0)],
    };
  return {
    $schema: VEGA_LITE_V5_SCHEMA,
    title,
    vconcat: [...new Set(bars.map((b) => b.bracket))]
      .sort((a, b) => a - b)
      .map((b) => {
        const sub = bars.filter((x) => x.bracket === b);
        return {
          title: `bracket ${b}`,
          width,
          height: Math.max(60, Math.min(300, 8 * sub.length)),
          layer: [{ ...bar, data: { values: sub } }, ...ruleLayer(b)],
        };
      }),
    resolve: { scale: { x: "shared", color: "shared" } },
  };
}
