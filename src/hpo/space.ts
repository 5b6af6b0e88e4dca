// Search spaces: float / int / categorical distributions, conditional parameters, validation,
// and the `Params<typeof space>` type that the objective receives.
import { checkOptions } from "../util/options.js";

/** A value a categorical parameter may take (JSON-serializable scalars only). */
export type Choice = string | number | boolean | null;

/** Any parameter value: numbers for float/int, a `Choice` for categorical. */
export type ParamValue = Choice;

/** Activation rule of a conditional parameter: present only when `param` takes one of `values`. */
export interface Condition {
  /** Name of the parent parameter (must be declared in the same space). */
  readonly param: string;
  /** Parent values for which this parameter is active. */
  readonly values: readonly Choice[];
}

/** A real-valued parameter in [low, high], optionally log-scaled or discretized by `step`. */
export interface FloatParam {
  readonly kind: "float";
  readonly low: number;
  readonly high: number;
  /** Sample uniformly in log space (requires low > 0, no step). */
  readonly log: boolean;
  /** Grid spacing: values are low + k·step; undefined for a continuous parameter. */
  readonly step: number | undefined;
  /** Set by `when(...)`: the parameter is conditional. */
  readonly when?: Condition;
}

/** An integer parameter in [low, high] (both included), optionally log-scaled, spaced by `step`. */
export interface IntParam {
  readonly kind: "int";
  readonly low: number;
  readonly high: number;
  /** Sample uniformly in log space (requires low ≥ 1 and step 1). */
  readonly log: boolean;
  /** Spacing between allowed integers: values are low + k·step. */
  readonly step: number;
  /** Set by `when(...)`: the parameter is conditional. */
  readonly when?: Condition;
}

/** A parameter taking one of a fixed list of unordered `choices`. */
export interface CategoricalParam<T extends Choice = Choice> {
  readonly kind: "categorical";
  readonly choices: readonly T[];
  /** Set by `when(...)`: the parameter is conditional. */
  readonly when?: Condition;
}

/** Any parameter distribution of a space. */
export type Distribution = FloatParam | IntParam | CategoricalParam;

/** A search space as written by the user: parameter name → distribution. */
export type SpaceSpec = { readonly [name: string]: Distribution };

/** Options of `float(...)`. */
export interface FloatOptions {
  /** Sample log-uniformly. @default false */
  log?: boolean;
  /** Discretize to low + k·step (must divide high − low). @default undefined (continuous) */
  step?: number;
}

/** Options of `int(...)`. */
export interface IntOptions {
  /** Sample log-uniformly (needs step 1). @default false */
  log?: boolean;
  /** Spacing between allowed integers (must divide high − low). @default 1 */
  step?: number;
}

/** A float parameter in [low, high]; validated (with its name) when the space is defined. */
export function float(low: number, high: number, options: FloatOptions = {}): FloatParam {
  checkOptions("float", options, ["log", "step"], { q: "the spacing of a discretized float is step" });
  return { kind: "float", low, high, log: options.log ?? false, step: options.step };
}

/** An integer parameter in [low, high]; validated (with its name) when the space is defined. */
export function int(low: number, high: number, options: IntOptions = {}): IntParam {
  checkOptions("int", options, ["log", "step"], { q: "the spacing of an int is step" });
  return { kind: "int", low, high, log: options.log ?? false, step: options.step ?? 1 };
}

/** A categorical parameter; literal choices are kept in the type (`categorical(["relu", "tanh"])`). */
export function categorical<const T extends readonly Choice[]>(choices: T): CategoricalParam<T[number]> {
  return { kind: "categorical", choices: [...choices] as T[number][] };
}

/** Makes `dist` conditional: present only when parameter `param` equals `value` (or one of an array of values). */
export function when<D extends Distribution>(param: string, value: Choice | readonly Choice[], dist: D): D & { readonly when: Condition } {
  const values: Choice[] = Array.isArray(value) ? [...(value as readonly Choice[])] : [value as Choice];
  return { ...dist, when: { param, values } };
}

/** The value type of one distribution. */
export type ValueOf<D> = D extends CategoricalParam<infer T> ? T : number;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type ParamsOfSpec<S> = Simplify<
  {
    -readonly [K in keyof S as S[K] extends { readonly when: Condition } ? never : K]: ValueOf<S[K]>;
  } & {
    -readonly [K in keyof S as S[K] extends { readonly when: Condition } ? K : never]?: ValueOf<S[K]>;
  }
>;

/** The params object of a space (a `SpaceSpec` or a defined `Space`); conditional parameters are optional. */
export type Params<S> = S extends Space<infer T> ? ParamsOfSpec<T> : ParamsOfSpec<S>;

/** A validated, frozen search space; parameters are ordered so that parents precede children. */
export interface Space<S extends SpaceSpec = SpaceSpec> {
  /** The distributions as given. */
  readonly spec: S;
  /** Parameter names, parents before their conditional children (otherwise declaration order). */
  readonly names: readonly string[];
}

/** Error thrown for an invalid space or params; `param` names the offending parameter. */
export class SpaceError extends Error {
  /** The parameter at fault. */
  readonly param: string;
  constructor(param: string, message: string) {
    super(`parameter "${param}": ${message}`);
    this.name = "SpaceError";
    this.param = param;
  }
}

const EPS = 1e-9;

/** True when `(high − low) / step` is (numerically) a whole number. */
function divides(low: number, high: number, step: number): boolean {
  const k = (high - low) / step;
  return Math.abs(k - Math.round(k)) <= EPS * Math.max(1, Math.abs(k));
}

function isChoice(x: unknown): x is Choice {
  return x === null || typeof x === "string" || typeof x === "boolean" || (typeof x === "number" && Number.isFinite(x));
}

function validateDistribution(name: string, d: Distribution): void {
  if (d === null || typeof d !== "object") throw new SpaceError(name, `expected a distribution (float, int or categorical), got ${String(d)}`);
  switch (d.kind) {
    case "float": {
      if (!Number.isFinite(d.low) || !Number.isFinite(d.high))
        throw new SpaceError(name, `low and high must be finite numbers, got low=${d.low}, high=${d.high}`);
      if (!(d.low < d.high)) throw new SpaceError(name, `low must be < high, got low=${d.low}, high=${d.high}`);
      if (d.log && d.low <= 0) throw new SpaceError(name, `log scale needs low > 0, got low=${d.low}`);
      if (d.step !== undefined) {
        if (d.log) throw new SpaceError(name, `step and log cannot be combined`);
        if (!(Number.isFinite(d.step) && d.step > 0)) throw new SpaceError(name, `step must be a positive number, got ${d.step}`);
        if (!divides(d.low, d.high, d.step)) throw new SpaceError(name, `step ${d.step} does not divide the range [${d.low}, ${d.high}]`);
      }
      return;
    }
    case "int": {
      if (!Number.isSafeInteger(d.low) || !Number.isSafeInteger(d.high))
        throw new SpaceError(name, `low and high must be integers, got low=${d.low}, high=${d.high}`);
      if (!(d.low < d.high)) throw new SpaceError(name, `low must be < high, got low=${d.low}, high=${d.high}`);
      if (!(Number.isSafeInteger(d.step) && d.step >= 1)) throw new SpaceError(name, `step must be a positive integer, got ${d.step}`);
      if (d.log && d.low <= 0) throw new SpaceError(name, `log scale needs low > 0, got low=${d.low}`);
      if (d.log && d.step !== 1) throw new SpaceError(name, `log scale needs step 1, got step=${d.step}`);
      if ((d.high - d.low) % d.step !== 0) throw new SpaceError(name, `step ${d.step} does not divide the range [${d.low}, ${d.high}]`);
      return;
    }
    case "categorical": {
      if (!Array.isArray(d.choices) || d.choices.length === 0) throw new SpaceError(name, `categorical needs at least one choice`);
      const seen = new Set<Choice>();
      for (const c of d.choices) {
        if (!isChoice(c)) throw new SpaceError(name, `choices must be strings, finite numbers, booleans or null, got ${String(c)}`);
        if (seen.has(c)) throw new SpaceError(name, `duplicate choice ${JSON.stringify(c)}`);
        seen.add(c);
      }
      return;
    }
    default:
      throw new SpaceError(
        name,
        `unknown distribution kind ${JSON.stringify((d as { kind?: unknown }).kind)}; expected float(low, high), int(low, high) or categorical([...])`,
      );
  }
}

/** Is `value` a legal value of `d` (in range, on the step grid, one of the choices)? */
export function contains(d: Distribution, value: unknown): boolean {
  switch (d.kind) {
    case "float": {
      if (typeof value !== "number" || !Number.isFinite(value)) return false;
      if (value < d.low - EPS * Math.abs(d.low) || value > d.high + EPS * Math.abs(d.high)) return false;
      return d.step === undefined || divides(d.low, value, d.step) || value === d.low;
    }
    case "int":
      return typeof value === "number" && Number.isSafeInteger(value) && value >= d.low && value <= d.high && (value - d.low) % d.step === 0;
    case "categorical":
      return d.choices.includes(value as Choice);
  }
}

/** Validates `spec` and returns a frozen `Space`; throws `SpaceError` naming the bad parameter. Idempotent on a `Space`. */
export function defineSpace<S extends SpaceSpec>(spec: S | Space<S>): Space<S> {
  if (isSpace(spec)) return spec as Space<S>;
  if (spec === null || typeof spec !== "object") throw new TypeError(`defineSpace: expected an object of parameters, got ${String(spec)}`);
  const declared = Object.keys(spec);
  if (declared.length === 0) throw new TypeError("defineSpace: the space has no parameters");
  for (const name of declared) {
    if (name.length === 0) throw new SpaceError(name, "parameter names must be non-empty");
    const d = spec[name];
    validateDistribution(name, d);
    if (d.when !== undefined) {
      const { param, values } = d.when;
      if (param === name) throw new SpaceError(name, "a parameter cannot be conditional on itself");
      const parent = (spec as SpaceSpec)[param];
      if (parent === undefined) throw new SpaceError(name, `condition refers to unknown parameter "${param}"`);
      if (!Array.isArray(values) || values.length === 0) throw new SpaceError(name, `condition on "${param}" needs at least one value`);
      for (const v of values) {
        if (!isChoice(v)) throw new SpaceError(name, `condition value ${String(v)} is not a scalar`);
        validateDistribution(param, parent);
        if (!contains(parent, v)) throw new SpaceError(name, `condition value ${JSON.stringify(v)} is not a possible value of "${param}"`);
      }
    }
  }
  // order parents before children (depth-first, declaration order otherwise); detect cycles
  const names: string[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (name: string, path: string[]): void => {
    const s = state.get(name);
    if (s === 2) return;
    if (s === 1) throw new SpaceError(name, `conditions form a cycle: ${[...path, name].join(" → ")}`);
    state.set(name, 1);
    const w = spec[name].when;
    if (w !== undefined) visit(w.param, [...path, name]);
    state.set(name, 2);
    names.push(name);
  };
  for (const name of declared) visit(name, []);
  const frozen: SpaceSpec = {};
  for (const name of declared) {
    const d = spec[name];
    const copy =
      d.kind === "categorical"
        ? { ...d, choices: Object.freeze([...d.choices]), ...(d.when ? { when: Object.freeze({ ...d.when, values: Object.freeze([...d.when.values]) }) } : {}) }
        : { ...d, ...(d.when ? { when: Object.freeze({ ...d.when, values: Object.freeze([...d.when.values]) }) } : {}) };
    (frozen as Record<string, Distribution>)[name] = Object.freeze(copy) as Distribution;
  }
  const space = { spec: Object.freeze(frozen) as S, names: Object.freeze(names) };
  SPACES.add(space);
  return Object.freeze(space);
}

const SPACES = new WeakSet<object>();

/** True for a value returned by `defineSpace`. */
export function isSpace(x: unknown): x is Space {
  return typeof x === "object" && x !== null && SPACES.has(x);
}

/** Is parameter `name` active given the (partial) params of its ancestors? */
export function isActive(space: Space, name: string, params: Readonly<Record<string, unknown>>): boolean {
  const d = space.spec[name];
  if (d === undefined) throw new SpaceError(name, "not a parameter of this space");
  if (d.when === undefined) return true;
  if (!isActive(space, d.when.param, params)) return false;
  return d.when.values.includes(params[d.when.param] as Choice);
}

/** Checks that `params` fit the space (all active params present and legal, no extras); throws `SpaceError`. */
export function validateParams(space: Space, params: Readonly<Record<string, unknown>>): void {
  if (params === null || typeof params !== "object") throw new TypeError(`params must be an object, got ${String(params)}`);
  for (const key of Object.keys(params)) {
    if (!(key in space.spec)) throw new SpaceError(key, "not a parameter of this space");
  }
  for (const name of space.names) {
    const active = isActive(space, name, params);
    const has = Object.prototype.hasOwnProperty.call(params, name) && params[name] !== undefined;
    if (active && !has) throw new SpaceError(name, "missing (the parameter is active)");
    if (!active && has) throw new SpaceError(name, "given although its condition is not met");
    if (active && !contains(space.spec[name], params[name])) {
      throw new SpaceError(name, `value ${JSON.stringify(params[name])} is not in ${describe(space.spec[name])}`);
    }
  }
}

/** A short human description of a distribution, e.g. `float [1e-05, 0.1] log`. */
export function describe(d: Distribution): string {
  if (d.kind === "categorical") return `categorical ${JSON.stringify(d.choices)}`;
  const extras = [d.log ? "log" : "", d.step !== undefined && !(d.kind === "int" && d.step === 1) ? `step ${d.step}` : ""].filter(Boolean);
  return `${d.kind} [${d.low}, ${d.high}]${extras.length ? " " + extras.join(" ") : ""}`;
}
