// Export of a study in Optuna's JournalStorage file format (one JSON operation per line), so that
// `optuna-dashboard journal.log` or `optuna.storages.JournalStorage(JournalFileBackend(path))`
// can open it. One CREATE_STUDY line, one SET_STUDY_USER_ATTR per attribute, and one CREATE_TRIAL
// line per trial carrying the whole trial (Optuna's `create_new_trial` with a template trial).
import { defineSpace, type Distribution, type ParamValue, type Space, type SpaceSpec } from "../space.js";
import { storedSignature } from "../study-signature.js";
import type { Storage, StudyRecord, TrialRecord, TrialState } from "../types.js";

/** Optuna's journal operation codes (optuna.storages.journal JournalOperation). */
export const OPTUNA_JOURNAL_OP = { CREATE_STUDY: 0, SET_STUDY_USER_ATTR: 2, CREATE_TRIAL: 4 } as const;

/** Optuna's TrialState numbers for our states (`paused` has no Optuna twin: exported as RUNNING). */
export const OPTUNA_TRIAL_STATE: Readonly<Record<TrialState, number>> = Object.freeze({ running: 0, complete: 1, pruned: 2, failed: 3, waiting: 4, paused: 0 });

/** Optuna's distribution JSON (`distribution_to_json`): a JSON string of {name, attributes}. */
export function optunaDistributionJson(d: Distribution): string {
  switch (d.kind) {
    case "float":
      return JSON.stringify({ name: "FloatDistribution", attributes: { step: d.step ?? null, low: d.low, high: d.high, log: d.log } });
    case "int":
      return JSON.stringify({ name: "IntDistribution", attributes: { log: d.log, step: d.step, low: d.low, high: d.high } });
    case "categorical":
      return JSON.stringify({ name: "CategoricalDistribution", attributes: { choices: d.choices } });
  }
}

/** Optuna's internal representation of a param value (the index for categoricals). */
export function optunaInternalValue(d: Distribution, v: ParamValue): number {
  if (d.kind !== "categorical") return v as number;
  const i = d.choices.findIndex((c) => c === v);
  if (i < 0) throw new RangeError(`value ${JSON.stringify(v)} is not one of the choices ${JSON.stringify(d.choices)}`);
  return i;
}

/** Python's naive `datetime.isoformat(timespec="microseconds")` of a UTC time in ms. */
function isoMicros(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace("Z", "")
    .replace(/\.(\d{3})$/, ".$1000");
}

const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

/**
 * The study as Optuna journal lines. Non-finite intermediate values are left out (the dashboard's
 * JSON reader cannot parse NaN); times are written as UTC.
 */
export function studyToOptunaJournal(study: StudyRecord, space: Space | SpaceSpec, trials: readonly TrialRecord[], workerId = "tfjs-tune-export-0"): string {
  const sp = defineSpace(space as SpaceSpec);
  const lines: string[] = [];
  const op = (code: number, fields: Record<string, unknown>) => lines.push(JSON.stringify({ op_code: code, worker_id: workerId, ...fields }));
  const directions = storedSignature(study.userAttrs)?.directions ?? [study.direction];
  op(OPTUNA_JOURNAL_OP.CREATE_STUDY, { study_name: study.name, directions: directions.map((d) => (d === "minimize" ? 1 : 2)) });
  for (const [k, v] of Object.entries(study.userAttrs)) op(OPTUNA_JOURNAL_OP.SET_STUDY_USER_ATTR, { study_id: 0, user_attr: { [k]: v } });
  for (const t of trials) {
    const distributions: Record<string, string> = {};
    const params: Record<string, number> = {};
    for (const [name, value] of Object.entries(t.params)) {
      const d = sp.spec[name];
      if (d === undefined) throw new RangeError(`trial ${t.number}: parameter "${name}" is not in the space`);
      distributions[name] = optunaDistributionJson(d);
      params[name] = optunaInternalValue(d, value);
    }
    const intermediate: Record<string, number> = {};
    for (const iv of t.intermediate) if (Number.isFinite(iv.value)) intermediate[String(iv.step)] = iv.value;
    const state = OPTUNA_TRIAL_STATE[t.state];
    const fields: Record<string, unknown> = {
      study_id: 0,
      state,
      value: t.values === undefined && (t.state === "complete" || t.state === "pruned") ? finite(t.value) : null,
      values: t.values !== undefined && t.state === "complete" ? t.values.map(finite) : null,
      datetime_start: t.state === "waiting" || t.startedAt === undefined ? null : isoMicros(t.startedAt),
      distributions,
      params,
      user_attrs: t.userAttrs,
      system_attrs: {
        ...t.systemAttrs,
        tfjs_tune_why: t.why,
        ...(t.note !== undefined ? { tfjs_tune_note: t.note } : {}),
        ...(t.state === "paused" ? { tfjs_tune_state: "paused" } : {}),
      },
      intermediate_values: intermediate,
    };
    if ((state === 1 || state === 2 || state === 3) && t.completedAt !== undefined) fields.datetime_complete = isoMicros(t.completedAt);
    op(OPTUNA_JOURNAL_OP.CREATE_TRIAL, fields);
  }
  return lines.join("\n") + "\n";
}

/** Reads a study from a storage and returns it as Optuna journal lines (the space gives the distributions). */
export async function exportOptunaJournal(storage: Storage, name: string, space: Space | SpaceSpec): Promise<string> {
  const study = await storage.loadStudy(name);
  if (study === undefined) throw new Error(`export: no study named ${JSON.stringify(name)} in the storage`);
  return studyToOptunaJournal(study, space, await storage.listTrials(name));
}
