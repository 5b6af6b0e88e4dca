// Export and import of a study as JSON lines: a header line with the study, then one line per trial
// (the TrialRecord fields as stored). Non-finite numbers are written as "NaN", "Infinity", "-Infinity".
import type { AttrValue, Intermediate, Storage, StudyRecord, TrialRecord, TrialState } from "../types.js";
import { checkOptions } from "../../util/options.js";

/** Format tag of the header line. */
export const JSONL_FORMAT = "tfjs-tune-study";
/** Version of the JSON-lines format written here. */
export const JSONL_VERSION = 1;

/** A parsed JSON-lines study. */
export interface StudyDump {
  readonly study: StudyRecord;
  readonly trials: readonly TrialRecord[];
}

const STATES: readonly TrialState[] = ["waiting", "running", "paused", "complete", "pruned", "failed"];

function num(v: number | undefined): number | string | null {
  if (v === undefined) return null;
  return Number.isFinite(v) ? v : String(v);
}

function unnum(v: unknown, what: string): number | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "number") return v;
  if (v === "NaN" || v === "Infinity" || v === "-Infinity") return Number(v);
  throw new TypeError(`${what} must be a number, null, "NaN" or "±Infinity", got ${JSON.stringify(v)}`);
}

/** The study and its trials as JSON lines (one header line, then one line per trial in number order). */
export function studyToJsonl(dump: StudyDump): string {
  const lines = [JSON.stringify({ type: "study", format: JSONL_FORMAT, version: JSONL_VERSION, study: dump.study })];
  for (const t of dump.trials) {
    lines.push(
      JSON.stringify({
        type: "trial",
        number: t.number,
        state: t.state,
        params: t.params,
        value: num(t.value),
        ...(t.values !== undefined ? { values: t.values.map(num) } : {}),
        intermediate: t.intermediate.map((iv) => [iv.step, num(iv.value)]),
        why: t.why,
        note: t.note ?? null,
        createdAt: t.createdAt,
        startedAt: t.startedAt ?? null,
        completedAt: t.completedAt ?? null,
        heartbeatAt: t.heartbeatAt ?? null,
        userAttrs: t.userAttrs,
        systemAttrs: t.systemAttrs,
      }),
    );
  }
  return lines.join("\n") + "\n";
}

/** Reads a study from a storage and returns it as JSON lines. */
export async function exportStudyJsonl(storage: Storage, name: string): Promise<string> {
  const study = await storage.loadStudy(name);
  if (study === undefined) throw new Error(`export: no study named ${JSON.stringify(name)} in the storage`);
  return studyToJsonl({ study, trials: await storage.listTrials(name) });
}

/** Parses JSON lines written by `studyToJsonl`; errors name the line and the field. */
export function parseStudyJsonl(text: string): StudyDump {
  const lines = text
    .split(/\r?\n/)
    .map((l, i) => [i + 1, l.trim()] as const)
    .filter(([, l]) => l.length > 0);
  if (lines.length === 0) throw new Error("study JSON lines: the input is empty");
  const parse = (n: number, l: string): Record<string, unknown> => {
    let v: unknown;
    try {
      v = JSON.parse(l);
    } catch (e) {
      throw new SyntaxError(`study JSON lines, line ${n}: not JSON (${(e as Error).message})`);
    }
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new TypeError(`study JSON lines, line ${n}: expected an object`);
    return v as Record<string, unknown>;
  };
  const [hn, hl] = lines[0];
  const head = parse(hn, hl);
  if (head.type !== "study" || head.format !== JSONL_FORMAT)
    throw new Error(`study JSON lines, line ${hn}: expected a header {"type":"study","format":"${JSONL_FORMAT}",…}`);
  if (typeof head.version !== "number" || head.version > JSONL_VERSION)
    throw new Error(`study JSON lines: format version ${String(head.version)} is newer than this tfjs-tune reads (${JSONL_VERSION})`);
  const s = head.study as Record<string, unknown> | undefined;
  if (!s || typeof s.name !== "string" || (s.direction !== "minimize" && s.direction !== "maximize") || typeof s.seed !== "number") {
    throw new TypeError(`study JSON lines, line ${hn}: study needs name (string), direction ("minimize"|"maximize") and seed (number)`);
  }
  const study: StudyRecord = Object.freeze({
    name: s.name,
    direction: s.direction,
    seed: s.seed,
    createdAt: typeof s.createdAt === "number" ? s.createdAt : 0,
    userAttrs: Object.freeze({ ...((s.userAttrs ?? {}) as Record<string, AttrValue>) }),
  });
  const trials: TrialRecord[] = [];
  for (const [n, l] of lines.slice(1)) {
    const t = parse(n, l);
    const where = `study JSON lines, line ${n}`;
    if (t.type !== "trial") throw new TypeError(`${where}: expected {"type":"trial",…}`);
    if (t.number !== trials.length) throw new RangeError(`${where}: expected trial number ${trials.length}, got ${JSON.stringify(t.number)}`);
    if (!STATES.includes(t.state as TrialState)) throw new RangeError(`${where}: unknown state ${JSON.stringify(t.state)}`);
    if (typeof t.params !== "object" || t.params === null || Array.isArray(t.params)) throw new TypeError(`${where}: params must be an object`);
    if (!Array.isArray(t.intermediate)) throw new TypeError(`${where}: intermediate must be an array of [step, value]`);
    const intermediate: Intermediate[] = t.intermediate.map((p: unknown, i: number) => {
      if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== "number") throw new TypeError(`${where}: intermediate[${i}] must be [step, value]`);
      return Object.freeze({ step: p[0], value: unnum(p[1], `${where}: intermediate[${i}] value`) ?? NaN });
    });
    if (typeof t.createdAt !== "number") throw new TypeError(`${where}: createdAt must be a number (ms since the epoch)`);
    if (t.values !== undefined && !(Array.isArray(t.values) && t.values.length > 0))
      throw new TypeError(`${where}: values must be a non-empty array of numbers (one per objective)`);
    const values = Array.isArray(t.values) ? t.values.map((v: unknown, i: number) => unnum(v, `${where}: values[${i}]`) ?? NaN) : undefined;
    trials.push(
      Object.freeze({
        number: t.number as number,
        state: t.state as TrialState,
        params: Object.freeze({ ...(t.params as Record<string, never>) }),
        value: unnum(t.value, `${where}: value`),
        ...(values !== undefined ? { values: Object.freeze(values) } : {}),
        intermediate: Object.freeze(intermediate),
        why: typeof t.why === "string" ? t.why : "",
        note: typeof t.note === "string" ? t.note : undefined,
        createdAt: t.createdAt,
        startedAt: unnum(t.startedAt, `${where}: startedAt`),
        completedAt: unnum(t.completedAt, `${where}: completedAt`),
        heartbeatAt: unnum(t.heartbeatAt, `${where}: heartbeatAt`),
        userAttrs: Object.freeze({ ...((t.userAttrs ?? {}) as Record<string, AttrValue>) }),
        systemAttrs: Object.freeze({ ...((t.systemAttrs ?? {}) as Record<string, AttrValue>) }),
      }),
    );
  }
  return { study, trials };
}

/** Options of `importStudyJsonl`. */
export interface ImportOptions {
  /** Name of the new study. @default the exported study's name */
  name?: string;
}

/**
 * Creates a new study in `storage` from JSON lines (or a parsed dump) with the same trials and
 * numbers. SQLite and PostgreSQL keep every field (timings too); other storages replay the trial
 * through their public methods, so timings become the import time.
 */
export async function importStudyJsonl(storage: Storage, input: string | StudyDump, options: ImportOptions = {}): Promise<StudyRecord> {
  checkOptions("importStudyJsonl", options, ["name"]);
  const dump = typeof input === "string" ? parseStudyJsonl(input) : input;
  const name = options.name ?? dump.study.name;
  const created = await storage.createStudy({ name, direction: dump.study.direction, seed: dump.study.seed, userAttrs: dump.study.userAttrs });
  const raw = storage as Storage & { importTrial?(study: string, r: TrialRecord): Promise<TrialRecord> };
  for (const t of dump.trials) {
    if (typeof raw.importTrial === "function") {
      await raw.importTrial(name, t);
      continue;
    }
    const start = t.state === "waiting" ? "waiting" : "running";
    await storage.createTrial(name, { state: start, params: t.params, why: t.why, userAttrs: t.userAttrs, systemAttrs: t.systemAttrs });
    if (t.intermediate.length > 0 && start === "waiting") await storage.updateTrial(name, t.number, { state: "running" });
    for (const iv of t.intermediate) await storage.reportIntermediate(name, t.number, iv.step, iv.value);
    if (t.state !== "running" && (t.state !== start || t.intermediate.length > 0)) {
      await storage.updateTrial(name, t.number, { state: t.state, value: t.value, ...(t.values !== undefined ? { values: t.values } : {}), note: t.note });
    }
  }
  return created;
}
