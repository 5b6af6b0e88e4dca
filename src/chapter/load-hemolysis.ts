// The chapter's data loading: two .npz files (positives, negatives) → one Dataset, positives first,
// labels 1 then 0; files come from the cache directory or are downloaded into it.
import { ensureCachedFiles, seedCachedFiles, type CachedFilesOptions } from "../data/cached-files.js";
import { loadNpzPair } from "../data/npz-pair.js";
import type { Dataset } from "../data/types.js";
import { checkOptions, optionKeys } from "../util/options.js";
import { HEMOLYSIS_FILES } from "./hemolysis-files.js";

/** Options for `loadHemolysis`. */
export interface LoadHemolysisOptions extends CachedFilesOptions {
  /** Cache directory holding hemo-positive.npz and hemo-negative.npz. @default $TFJS_TUNE_DATA, else $XDG_CACHE_HOME/tfjs-tune or ~/.cache/tfjs-tune */
  cacheDir?: string;
  /** Base URL the two file names are appended to. @default "https://github.com/ur-whitelab/peptide-dashboard/raw/master/ml/data/" */
  baseUrl?: string;
  /** Download missing files; false fails instead. @default true */
  download?: boolean;
}

const KEYS = optionKeys<LoadHemolysisOptions>({
  cacheDir: true,
  baseUrl: true,
  download: true,
  retries: true,
  backoffMs: true,
  timeoutMs: true,
  progress: true,
});

/** Loads the chapter's hemolysis data (9,316 × 190, 1,826 positives first) from the cache, downloading missing files. */
export async function loadHemolysis(options: LoadHemolysisOptions = {}): Promise<Dataset> {
  checkOptions("loadHemolysis", options, KEYS);
  const [positive, negative] = await ensureCachedFiles("loadHemolysis", HEMOLYSIS_FILES, options);
  return loadNpzPair(positive, negative, { log: false }); // the chapter takes r[list(r.keys())[0]]
}

/** Copies hemo-positive.npz and hemo-negative.npz from `sourceDir` into the cache (verifying SHA-256, atomically); returns the cache directory. */
export function seedCacheFrom(sourceDir: string, cacheDir?: string): string {
  return seedCachedFiles("seedCacheFrom", HEMOLYSIS_FILES, sourceDir, cacheDir);
}
