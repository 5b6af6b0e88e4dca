// What makes two runs "the same study": the search space, the direction(s) and the objective names.
// It is stored with the study (a reserved user attribute) so that reopening a study name with another
// space is an error listing the differences, instead of silently mixing two experiments' trials.
import { contains, describe, type Distribution, type Space } from "./space.js";
import type { AttrValue, Direction, StudyRecord, TrialRecord } from "./types.js";

/** The study attribute that holds the signature (reserved: `createStudy` refuses it in `userAttrs`). */
export const SIGNATURE_ATTR = "tfjs-tune.signature";

/** What defines a study besides its name: compared whenever an existing study is opened. */
export interface StudySignature {
  /** Parameter name → distribution, as declared. */
  readonly space: Readonly<Record<string, Distribution>>;
  /** One direction per objective. */
  readonly directions: readonly Direction[];
  /** Names of the objectives, when the study names them. @default undefined */
  readonly objectiveNames?: readonly string[];
}

/** One difference between the stored study and the one being opened. */
export interface StudyDifference {
  /** What differs: a parameter name, "direction" or "objective names". */
  readonly what: string;
  /** The stored version ("absent" for a parameter the stored study does not have). */
  readonly stored: string;
  /** The requested version ("absent" for a parameter the new space drops). */
  readonly requested: string;
  /** True when the change only widens the space (new parameter, wider range, more choices): `extendSpace` accepts it. */
  readonly extends: boolean;
}

/** Opening an existing study with another space, direction or objective names. */
export class StudyMismatchError extends Error {
  /** The differences, one per parameter or setting. */
  readonly differences: readonly StudyDifference[];
  constructor(study: string, differences: readonly StudyDifference[], extendSpace: boolean) {
    const lines = differences.map((d) => `  ${d.what}: stored ${d.stored}, requested ${d.requested}${d.extends ? " (an extension)" : ""}`);
    const onlyExtends = differences.every((d) => d.extends);
    const hint = onlyExtends
      ? "To add these to the study, pass extendSpace: true (old trials keep their params; new ones sample the wider space)."
      : extendSpace
        ? "extendSpace accepts only added parameters, wider ranges and added choices; use a new study name for the other changes."
        : "Use a new study name, or the stored space and direction, to continue this study.";
    super(`study ${JSON.stringify(study)} exists with a different definition:\n${lines.join("\n")}\n${hint}`);
    this.name = "StudyMismatchError";
    this.differences = differences;
  }
}

/** The signature of a space, its direction(s) and objective names, as a JSON attribute value. */
export function studySignature(space: Space, directions: readonly Direction[], objectiveNames?: readonly string[]): StudySignature {
  const spec: Record<string, Distribution> = {};
  for (const name of space.names) spec[name] = JSON.parse(JSON.stringify(space.spec[name])) as Distribution;
  return objectiveNames === undefined
    ? { space: spec, directions: [...directions] }
    : { space: spec, directions: [...directions], objectiveNames: [...objectiveNames] };
}

/** The signature stored in a study's attributes, or undefined (a study made before signatures were stored). */
export function storedSignature(userAttrs: Readonly<Record<string, AttrValue>>): StudySignature | undefined {
  const s = userAttrs[SIGNATURE_ATTR] as unknown as StudySignature | undefined;
  return s !== undefined && s !== null && typeof s === "object" && typeof s.space === "object" && Array.isArray(s.directions) ? s : undefined;
}

function show(d: Distribution | undefined): string {
  if (d === undefined) return "absent";
  return describe(d) + (d.when ? ` when ${d.when.param} in ${JSON.stringify(d.when.values)}` : "");
}

/** True when every value of `a` is also a value of `b` (b widens a, same kind and scale). */
function widens(a: Distribution, b: Distribution): boolean {
  if (JSON.stringify(a.when ?? null) !== JSON.stringify(b.when ?? null)) return false;
  if (a.kind === "categorical" || b.kind === "categorical") {
    return a.kind === "categorical" && b.kind === "categorical" && a.choices.every((c) => b.choices.includes(c));
  }
  if (a.kind !== b.kind || a.log !== b.log || b.low > a.low || b.high < a.high) return false;
  if (a.step === undefined) return b.step === undefined;
  // a grid stays on the new grid when the step is the same and the origin moved by whole steps
  return b.step === a.step && Number.isInteger((a.low - b.low) / a.step);
}

/** The differences between a stored signature and a requested one (empty when they match). */
export function compareSignatures(stored: StudySignature, requested: StudySignature): StudyDifference[] {
  const out: StudyDifference[] = [];
  const names = [...Object.keys(stored.space), ...Object.keys(requested.space).filter((n) => !(n in stored.space))];
  for (const name of names) {
    const a = stored.space[name];
    const b = requested.space[name];
    if (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b)) continue;
    out.push({ what: `parameter ${JSON.stringify(name)}`, stored: show(a), requested: show(b), extends: a === undefined || (b !== undefined && widens(a, b)) });
  }
  const dirs = (d: readonly Direction[]) => d.join(", ");
  if (dirs(stored.directions) !== dirs(requested.directions))
    out.push({ what: "direction", stored: dirs(stored.directions), requested: dirs(requested.directions), extends: false });
  const on = (n: readonly string[] | undefined) => (n === undefined ? "none" : JSON.stringify(n));
  if (requested.objectiveNames !== undefined && on(stored.objectiveNames) !== on(requested.objectiveNames)) {
    out.push({ what: "objective names", stored: on(stored.objectiveNames), requested: on(requested.objectiveNames), extends: false });
  }
  return out;
}

/**
 * For a study stored without a signature: the parameters whose stored trial values fall outside the
 * requested space (or that the space lacks), as differences.
 */
export function trialsOutsideSpace(space: Space, trials: readonly TrialRecord[]): StudyDifference[] {
  const bad = new Map<string, unknown[]>();
  for (const t of trials) {
    for (const [name, v] of Object.entries(t.params)) {
      const d = space.spec[name];
      if (d !== undefined && contains(d, v)) continue;
      let list = bad.get(name);
      if (!list) bad.set(name, (list = []));
      if (list.length < 3) list.push(v);
    }
  }
  return [...bad].map(([name, values]) => ({
    what: `parameter ${JSON.stringify(name)}`,
    stored: `trials with values ${values.map((v) => JSON.stringify(v)).join(", ")}`,
    requested: show(space.spec[name]),
    extends: false,
  }));
}

/** A storage that can replace a study's attributes (all built-in ones can). */
interface StudyAttrStorage {
  setStudyUserAttrs?(name: string, attrs: Readonly<Record<string, AttrValue>>): Promise<StudyRecord>;
  listTrials(study: string): Promise<readonly TrialRecord[]>;
}

/**
 * Checks that an existing study matches the requested signature; throws `StudyMismatchError` listing
 * the differences. With `extendSpace`, a requested space that only widens the stored one is accepted
 * and stored. A study stored without a signature is checked against its trials' params, then given one.
 */
export async function verifyStudySignature(
  storage: StudyAttrStorage,
  record: StudyRecord,
  requested: StudySignature,
  options: { readonly extendSpace?: boolean; readonly space: Space },
): Promise<void> {
  const stored = storedSignature(record.userAttrs);
  let diffs: StudyDifference[];
  if (stored !== undefined) diffs = compareSignatures(stored, requested);
  else {
    diffs = trialsOutsideSpace(options.space, await storage.listTrials(record.name));
    if (record.direction !== requested.directions[0])
      diffs.push({ what: "direction", stored: record.direction, requested: requested.directions.join(", "), extends: false });
  }
  const extend = options.extendSpace === true;
  if (diffs.length > 0 && !(extend && diffs.every((d) => d.extends))) throw new StudyMismatchError(record.name, diffs, extend);
  if (typeof storage.setStudyUserAttrs !== "function") return;
  const attrs = { ...record.userAttrs, [SIGNATURE_ATTR]: requested as unknown as AttrValue };
  if (diffs.length > 0)
    await storage.setStudyUserAttrs(record.name, attrs); // extendSpace: the wider space is the study's now
  else if (stored === undefined) {
    // an old study: remember its space from now on, if this user may write (a read-only reader still reads)
    await storage.setStudyUserAttrs(record.name, attrs).catch(() => undefined);
  }
}
