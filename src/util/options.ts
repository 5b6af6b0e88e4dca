// One check for every options object of the public API: unknown keys are errors, with a suggestion.
// A misspelt option silently falling back to its default is the hardest bug a user can meet.

/** Names the API used before (or that peers use) for a quantity we call otherwise: key → our name. */
const RENAMED: Readonly<Record<string, string>> = {
  maxResource: "maxStep",
  minResource: "minStep",
  maxEpochs: "maxStep",
  max_t: "maxStep",
  budget: "maxStep",
  max_resource: "maxStep",
  min_resource: "minStep",
  maxEpoch: "maxStep",
  minEpochs: "minStep",
  grace_period: "minStep",
  gracePeriod: "minStep",
  reduction_factor: "eta",
  reductionFactor: "eta",
  n_trials: "nTrials",
  n_startup_trials: "nStartupTrials",
  batch_size: "batchSize",
  learning_rate: "lr",
  learningRate: "lr",
};

/** Thrown when an options object has a key the function does not read. */
export class UnknownOptionError extends TypeError {
  /** The offending key. */
  readonly key: string;
  constructor(where: string, key: string, suggestion: string | undefined, hint?: string) {
    super(`${where}: unknown option ${key}${suggestion === undefined ? "" : `; did you mean ${suggestion}?`}${hint === undefined ? "" : ` (${hint})`}`);
    this.name = "UnknownOptionError";
    this.key = key;
  }
}

/** Levenshtein distance, case-insensitive (typos in option names are mostly one or two edits). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[t.length];
}

/** The closest of `candidates` to `name`, if it is close enough to be a plausible typo (or a known rename). */
export function suggest(name: string, candidates: readonly string[]): string | undefined {
  const renamed = RENAMED[name];
  if (renamed !== undefined && candidates.includes(renamed)) return renamed;
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    // a typo of the option's first word counts too: "dropuot" is two edits from "dropout", the start of dropoutRate
    const d = Math.min(editDistance(name, c), c.length > name.length ? editDistance(name, c.slice(0, name.length)) : Infinity);
    if (d < bestD) [best, bestD] = [c, d];
  }
  // at most a third of the letters changed, or a prefix relation either way ("epoch" → epochs, "logscale" → log)
  if (best !== undefined && (bestD <= Math.max(1, Math.floor(name.length / 3)) || best.toLowerCase().startsWith(lower))) return best;
  const longest = candidates.filter((c) => c.length >= 3 && lower.startsWith(c.toLowerCase())).sort((a, b) => b.length - a.length)[0];
  return longest;
}

/**
 * Checks that `options` is undefined or a plain object whose keys are all in `allowed`; throws
 * `UnknownOptionError` ("trainModel: unknown option epoch; did you mean epochs?") otherwise.
 * Keys whose value is `undefined` are checked too: `{ epoch: undefined }` is still a typo.
 * `hints` explains keys a user is likely to try where the quantity is given elsewhere
 * (`{ budget: "the budget is an argument of runSuccessiveHalving" }`); it is added to the message.
 */
export function checkOptions(where: string, options: unknown, allowed: readonly string[], hints: Readonly<Record<string, string>> = {}): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${where}: expected an options object, got ${options === null ? "null" : Array.isArray(options) ? "an array" : typeof options}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new UnknownOptionError(where, key, suggest(key, allowed), Object.hasOwn(hints, key) ? hints[key] : undefined);
  }
}

/**
 * The keys of an options type, listed once and checked by the compiler: a missing or extra key is a type
 * error, so the runtime list in `checkOptions` cannot drift from the interface.
 * `const KEYS = optionKeys<TrainModelOptions>({ epochs: true, seed: true, … })`.
 */
export function optionKeys<T>(keys: { readonly [K in keyof Required<T>]: true }): readonly (keyof T & string)[] {
  return Object.keys(keys) as (keyof T & string)[];
}
