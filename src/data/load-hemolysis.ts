// The chapter's data loading: two .npz files (positives, negatives) → one Dataset, positives first,
// labels 1 then 0; files come from the cache directory or are downloaded into it.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { dataCacheDir, DATA_ENV } from "./cache-dir.js";
import { downloadFile, DownloadError, sha256Hex, type DownloadOptions } from "./download.js";
import { HEMOLYSIS_BASE_URL, HEMOLYSIS_FILES, type DataFile } from "./hemolysis-files.js";
import type { NpyArray } from "./npy.js";
import { readNpz } from "./npz.js";
import type { Dataset } from "./types.js";

/** Options for `loadHemolysis`. */
export interface LoadHemolysisOptions extends DownloadOptions {
  /** Cache directory holding hemo-positive.npz and hemo-negative.npz. @default $TFJS_TUNE_DATA, else $XDG_CACHE_HOME/tfjs-tune or ~/.cache/tfjs-tune */
  cacheDir?: string;
  /** Base URL the two file names are appended to. @default "https://github.com/ur-whitelab/peptide-dashboard/raw/master/ml/data/" */
  baseUrl?: string;
  /** Download missing files; false fails instead. @default true */
  download?: boolean;
}

function firstArray(source: Uint8Array | string | NpyArray): NpyArray {
  if (typeof source === "object" && !(source instanceof Uint8Array)) return source;
  const npz = readNpz(source);
  return npz.values().next().value as NpyArray; // the chapter takes r[list(r.keys())[0]]
}

function checkRows(a: NpyArray, what: string): void {
  if (a.shape.length !== 2) throw new Error(`loadNpzPair: ${what} must be a 2-D array [rows, length], got shape (${a.shape.join(", ")})`);
  if (!["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64"].includes(a.dtype)) {
    throw new Error(`loadNpzPair: ${what} must hold integer residue indices, got dtype ${a.dtype}`);
  }
}

/** Builds a Dataset from a positive and a negative .npz (paths, bytes or decoded arrays): positives first with label 1, then negatives with label 0. */
export function loadNpzPair(positive: Uint8Array | string | NpyArray, negative: Uint8Array | string | NpyArray): Dataset {
  const pos = firstArray(positive);
  const neg = firstArray(negative);
  checkRows(pos, "positive");
  checkRows(neg, "negative");
  if (pos.shape[1] !== neg.shape[1]) {
    throw new Error(`loadNpzPair: positive and negative sequences differ in length (${pos.shape[1]} vs ${neg.shape[1]})`);
  }
  const length = pos.shape[1];
  const count = pos.shape[0] + neg.shape[0];
  const features = new Int32Array(count * length);
  let at = 0;
  for (const [a, what] of [[pos, "positive"], [neg, "negative"]] as const) {
    const d = a.data;
    for (let k = 0; k < d.length; k++) {
      const x = d[k];
      if (x < -2147483648 || x > 2147483647) {
        throw new Error(`loadNpzPair: ${what} element ${k} = ${x} does not fit in int32`);
      }
      features[at++] = x;
    }
  }
  const labels = new Float32Array(count);
  labels.fill(1, 0, pos.shape[0]);
  return { features, labels, count, length };
}

function cachedOk(path: string, file: DataFile): boolean {
  return existsSync(path) && sha256Hex(readFileSync(path)) === file.sha256;
}

async function ensureFile(file: DataFile, dir: string, options: LoadHemolysisOptions): Promise<string> {
  const path = join(dir, file.name);
  if (cachedOk(path, file)) return path;
  const corrupt = existsSync(path);
  const missing = () =>
    HEMOLYSIS_FILES.map((f) => `${f.name} (SHA-256 ${f.sha256}, from ${f.url})`).join("\n  ");
  const help =
    `Put these files into ${dir}:\n  ${missing()}\n` +
    `or set ${DATA_ENV} to a directory that holds them (seedCacheFrom(dir) copies and verifies them).`;
  if (options.download === false) {
    throw new Error(`loadHemolysis: ${file.name} is ${corrupt ? "corrupt (SHA-256 mismatch)" : "missing"} in ${dir} and downloading is disabled. ${help}`);
  }
  const url = (options.baseUrl ?? HEMOLYSIS_BASE_URL).replace(/\/?$/, "/") + file.name;
  try {
    await downloadFile(url, path, file.sha256, options);
  } catch (err) {
    if (!(err instanceof DownloadError)) throw err;
    throw new Error(`loadHemolysis: could not download ${file.name}${corrupt ? " (the cached copy is corrupt)" : ""}: ${err.message}\n${help}`);
  }
  return path;
}

/** Loads the chapter's hemolysis data (9,316 × 190, 1,826 positives first) from the cache, downloading missing files. */
export async function loadHemolysis(options: LoadHemolysisOptions = {}): Promise<Dataset> {
  const dir = dataCacheDir(options.cacheDir);
  const paths: string[] = [];
  for (const file of HEMOLYSIS_FILES) paths.push(await ensureFile(file, dir, options));
  return loadNpzPair(paths[0], paths[1]);
}

/** Copies hemo-positive.npz and hemo-negative.npz from `sourceDir` into the cache (verifying SHA-256, atomically); returns the cache directory. */
export function seedCacheFrom(sourceDir: string, cacheDir?: string): string {
  const dir = dataCacheDir(cacheDir);
  mkdirSync(dir, { recursive: true });
  for (const file of HEMOLYSIS_FILES) {
    const src = resolve(sourceDir, file.name);
    if (!existsSync(src)) throw new Error(`seedCacheFrom: ${src} does not exist (expected ${HEMOLYSIS_FILES.map((f) => f.name).join(" and ")} in ${resolve(sourceDir)})`);
    const hash = sha256Hex(readFileSync(src));
    if (hash !== file.sha256) throw new Error(`seedCacheFrom: ${src} has SHA-256 ${hash}, expected ${file.sha256}`);
    const dest = join(dir, file.name);
    if (resolve(src) === resolve(dest) || cachedOk(dest, file)) continue;
    const tmp = `${dest}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      copyFileSync(src, tmp);
      chmodSync(tmp, 0o644); // the source may be read-only; the cache copy should not be
      renameSync(tmp, dest);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  }
  return dir;
}
