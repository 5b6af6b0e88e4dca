// Grid search: the Cartesian product of a few values per parameter (conditional parameters only
// where active), each configuration tried exactly once. Which configurations were tried is read
// from the trials (any state, running ones included), so the sampler stays a pure function.
import type { ParamValue, Space } from "../space.js";
import { contains, isActive } from "../space.js";
import { cardinality, fromUnit, gridValue } from "../transform.js";
import type { Sample, SampleContext, Sampler, TrialRecord } from "../types.js";
import { SAMPLER_SEED_HINT } from "./seed-hint.js";
import { checkOptions, optionKeys } from "../../util/options.js";

/** Options of `gridSampler`. */
export interface GridOptions {
  /** Explicit values per parameter (must lie in its distribution). @default {} (derived from the space) */
  values?: Readonly<Record<string, readonly ParamValue[]>>;
  /** Points per continuous axis, evenly spaced in unit coordinates (log-aware) with both ends included; also the cap for discrete axes with more values. @default 5 */
  points?: number;
  /** Visit order: "random" (a uniformly chosen untried point, like Optuna) or "sequential" (grid order). @default "random" */
  order?: "random" | "sequential";
  /** Refuse grids larger than this. @default 1_000_000 */
  maxSize?: number;
}

const GRID_KEYS = optionKeys<GridOptions>({ values: true, points: true, order: true, maxSize: true });

/** The values a grid uses for one parameter. */
export function axisValues(space: Space, name: string, options: GridOptions = {}): ParamValue[] {
  const d = space.spec[name];
  const given = options.values?.[name];
  if (given !== undefined) {
    if (given.length === 0) throw new RangeError(`gridSampler: values of "${name}" are empty`);
    for (const v of given) if (!contains(d, v)) throw new RangeError(`gridSampler: value ${JSON.stringify(v)} of "${name}" is outside its distribution`);
    return [...new Set(given)];
  }
  const points = options.points ?? 5;
  if (d.kind === "categorical") return [...d.choices];
  const n = cardinality(d);
  if (n <= points) return Array.from({ length: n }, (_, k) => gridValue(d, k));
  const out: ParamValue[] = [];
  for (let i = 0; i < points; i++) out.push(fromUnit(d, points === 1 ? 0.5 : i / (points - 1)));
  return [...new Set(out)];
}

/** All grid configurations in grid order (later parameters vary fastest), conditional ones only where active. */
export function gridConfigurations(space: Space, options: GridOptions = {}): Record<string, ParamValue>[] {
  const points = options.points ?? 5;
  if (!(Number.isInteger(points) && points >= 1)) throw new RangeError(`gridSampler: points must be a positive integer, got ${points}`);
  for (const key of Object.keys(options.values ?? {})) {
    if (!(key in space.spec)) throw new RangeError(`gridSampler: "${key}" is not a parameter of this space`);
  }
  const maxSize = options.maxSize ?? 1_000_000;
  const axes = new Map(space.names.map((n) => [n, axisValues(space, n, options)] as const));
  let configs: Record<string, ParamValue>[] = [{}];
  for (const name of space.names) {
    const next: Record<string, ParamValue>[] = [];
    for (const c of configs) {
      if (!isActive(space, name, c)) {
        next.push(c);
        continue;
      }
      for (const v of axes.get(name)!) next.push({ ...c, [name]: v });
    }
    if (next.length > maxSize)
      throw new RangeError(
        `gridSampler: the grid has more than ${maxSize} points (axis sizes ${space.names.map((n) => `${n}: ${axes.get(n)!.length}`).join(", ")}); use fewer points or values`,
      );
    configs = next;
  }
  return configs;
}

/** Canonical key of params (order of the space's names) for "already tried" checks. */
function keyOf(space: Space, params: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(space.names.map((n) => (n in params ? params[n] : null)));
}

/** Exhaustive grid search, each configuration exactly once (failed trials count as tried). */
export class GridSampler implements Sampler {
  readonly name = "grid";
  /** It ignores the objective, so it serves multi-objective studies as well. */
  readonly multiObjective = true;
  private readonly options: GridOptions;
  private cache: { space: Space; configs: Record<string, ParamValue>[]; keys: string[] } | undefined;

  /** Creates a grid sampler. */
  constructor(options: GridOptions = {}) {
    checkOptions("gridSampler", options, GRID_KEYS, { ...SAMPLER_SEED_HINT, searchSpace: "give the values per parameter as values: { name: [...] }" });
    if (options.order !== undefined && options.order !== "random" && options.order !== "sequential") {
      throw new RangeError(`gridSampler: order must be "random" or "sequential", got ${JSON.stringify(options.order)}`);
    }
    this.options = options;
  }

  /** The grid of a space (memoized per space object; the grid depends only on space and options). */
  grid(space: Space): readonly Record<string, ParamValue>[] {
    return this.prepared(space).configs;
  }

  private prepared(space: Space): { configs: Record<string, ParamValue>[]; keys: string[] } {
    if (this.cache?.space !== space) {
      const configs = gridConfigurations(space, this.options);
      this.cache = { space, configs, keys: configs.map((c) => keyOf(space, c)) };
    }
    return this.cache;
  }

  private untried(space: Space, trials: readonly TrialRecord[]): number[] {
    const { keys } = this.prepared(space);
    const tried = new Set(trials.map((t) => keyOf(space, t.params)));
    const out: number[] = [];
    keys.forEach((k, i) => {
      if (!tried.has(k)) out.push(i);
    });
    return out;
  }

  /** True when every grid point has a trial. */
  exhausted(context: { readonly space: Space; readonly trials: readonly TrialRecord[] }): boolean {
    return this.untried(context.space, context.trials).length === 0;
  }

  /** The next untried grid point, or null when all were tried. */
  sample(context: SampleContext): Sample | null {
    const { configs } = this.prepared(context.space);
    const left = this.untried(context.space, context.trials);
    if (left.length === 0) return null;
    const pick = this.options.order === "sequential" ? left[0] : left[context.rng.int(left.length)];
    return { params: { ...configs[pick] }, why: `grid: point ${pick + 1} of ${configs.length} (${left.length - 1} left after this)` };
  }
}

/** Creates a grid sampler. */
export function gridSampler(options: GridOptions = {}): GridSampler {
  return new GridSampler(options);
}
