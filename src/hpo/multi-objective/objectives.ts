// The objectives of a study: one direction (the usual case) or several, with optional names, and
// what a multi-objective study needs from its sampler and scheduler.
import type { Direction, Sampler, Scheduler } from "../types.js";

/** The objectives a study optimizes: one direction per objective, and their names when given. */
export interface Objectives {
  readonly directions: readonly Direction[];
  readonly names: readonly string[] | undefined;
}

const DIRECTIONS: readonly Direction[] = ["minimize", "maximize"];

/** Reads `direction` / `directions` / `objectiveNames` of createStudy's options; errors name the option and what was expected. */
export function resolveObjectives(
  where: string,
  options: { readonly direction?: unknown; readonly directions?: unknown; readonly objectiveNames?: unknown },
): Objectives {
  const { direction, directions, objectiveNames } = options;
  if (direction !== undefined && directions !== undefined)
    throw new TypeError(`${where}: give direction (one objective) or directions (one per objective), not both`);
  let dirs: Direction[];
  if (directions !== undefined) {
    if (!Array.isArray(directions) || directions.length === 0)
      throw new TypeError(`${where}: directions must be a non-empty array of "minimize" | "maximize", got ${JSON.stringify(directions)}`);
    directions.forEach((d, i) => {
      if (!DIRECTIONS.includes(d as Direction)) throw new RangeError(`${where}: directions[${i}] must be "minimize" or "maximize", got ${JSON.stringify(d)}`);
    });
    dirs = [...(directions as Direction[])];
  } else {
    const d = direction ?? "minimize";
    if (!DIRECTIONS.includes(d as Direction)) throw new RangeError(`${where}: direction must be "minimize" or "maximize", got ${JSON.stringify(d)}`);
    dirs = [d as Direction];
  }
  if (objectiveNames === undefined) return { directions: dirs, names: undefined };
  if (!Array.isArray(objectiveNames) || objectiveNames.some((n) => typeof n !== "string" || n.length === 0)) {
    throw new TypeError(`${where}: objectiveNames must be an array of non-empty strings, got ${JSON.stringify(objectiveNames)}`);
  }
  if (objectiveNames.length !== dirs.length)
    throw new RangeError(
      `${where}: ${objectiveNames.length} objectiveNames for ${dirs.length} direction${dirs.length === 1 ? "" : "s"} (one name per objective)`,
    );
  if (new Set(objectiveNames).size !== objectiveNames.length)
    throw new RangeError(`${where}: objectiveNames must be distinct, got ${JSON.stringify(objectiveNames)}`);
  return { directions: dirs, names: [...(objectiveNames as string[])] };
}

/** Throws when a study with several directions is given a sampler that models one objective, or a scheduler. */
export function checkMultiObjectiveParts(where: string, directions: readonly Direction[], sampler: Sampler, scheduler: Scheduler | undefined): void {
  if (directions.length < 2) return;
  if (sampler.multiObjective !== true) {
    throw new TypeError(
      `${where}: sampler ${sampler.name} models one objective; a study with ${directions.length} directions needs nsga2Sampler(), autoSampler() (the default), randomSampler(), qmcSampler() or gridSampler()`,
    );
  }
  if (scheduler !== undefined) {
    throw new TypeError(
      `${where}: scheduler ${scheduler.name} compares one objective across trials; a study with ${directions.length} directions runs without a scheduler (as in Optuna, whose pruners are single-objective)`,
    );
  }
}
