// Test helper: the chapter's data straight from ../shared/data (never copied into the repository).
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { loadNpzPair } from "../../src/data/npz-pair.js";
import type { Dataset } from "../../src/data/types.js";

/** ../shared/data resolved from the repository root. */
export const SHARED_DATA = fileURLToPath(new URL("../../../shared/data/", import.meta.url));

let cached: Dataset | undefined;

/** The 9,316-row hemolysis Dataset (loaded once per test file). */
export function hemolysis(): Dataset {
  cached ??= loadNpzPair(join(SHARED_DATA, "hemo-positive.npz"), join(SHARED_DATA, "hemo-negative.npz"));
  return cached;
}
