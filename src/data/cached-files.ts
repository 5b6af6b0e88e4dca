// Data files kept in a cache folder: verified by SHA-256, downloaded when missing, never replaced.
// A file the user put into the cache is theirs: a wrong hash is reported, not silently overwritten.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { dataCacheDir, DATA_ENV } from "./cache-dir.js";
import { downloadFile, DownloadError, sha256Hex, type DownloadOptions } from "./download.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** One file of a downloadable data set: its name, upstream URL and SHA-256. */
export interface DataFile {
  /** File name in the cache directory. */
  readonly name: string;
  /** Upstream download URL. */
  readonly url: string;
  /** Lower-case hex SHA-256 of the exact file. */
  readonly sha256: string;
}

/** Options of {@link ensureCachedFiles}. */
export interface CachedFilesOptions extends DownloadOptions {
  /** Cache directory. @default $TFJS_TUNE_DATA, else $XDG_CACHE_HOME/tfjs-tune or ~/.cache/tfjs-tune */
  cacheDir?: string;
  /** Base URL the file names are appended to, instead of each file's own URL. @default undefined */
  baseUrl?: string;
  /** Download missing files; false fails instead. @default true */
  download?: boolean;
}

/** A data file that is missing, unreadable or not the expected one; the message says what to do. */
export class DataFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataFileError";
  }
}

/** The cache folder, checked: it is a directory if it exists (a file named by $TFJS_TUNE_DATA is an error naming it). */
export function checkedCacheDir(cacheDir: string | undefined, where: string): string {
  const dir = dataCacheDir(cacheDir);
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    const from = cacheDir !== undefined ? "the cacheDir option" : process.env[DATA_ENV] ? DATA_ENV : "the cache folder";
    throw new DataFileError(`${where}: ${dir} (${from}) is a file; expected a folder that holds the data files`);
  }
  return dir;
}

function wrongHash(path: string, file: DataFile, found: string): DataFileError {
  return new DataFileError(
    `${path} is not the expected ${file.name}: its SHA-256 is ${found}, expected ${file.sha256}. It was left as it is; move it away (or replace it with the right file) and run again.`,
  );
}

/** What to tell a user whose data files are missing: every file, where it goes, and the variable to set. */
function missingHelp(what: string, missing: readonly DataFile[], dir: string): string {
  const list = missing.map((f) => `  ${f.name}  (SHA-256 ${f.sha256})\n    from ${f.url}`).join("\n");
  return (
    `${what}: ${missing.length === 1 ? "a data file is" : `${missing.length} data files are`} missing from ${dir}:\n${list}\n` +
    `Download ${missing.length === 1 ? "it" : "them"} into that folder, or set ${DATA_ENV} to a folder that holds ${missing.length === 1 ? "it" : "them"}.`
  );
}

/**
 * Makes sure every file is in the cache folder with the right SHA-256, downloading missing ones
 * (atomically, with retries); returns their paths in order. A cached file with another hash is an
 * error (never replaced); missing files without a download give one message listing all of them.
 */
export async function ensureCachedFiles(what: string, files: readonly DataFile[], options: CachedFilesOptions = {}): Promise<string[]> {
  checkOptions(
    "ensureCachedFiles",
    options,
    optionKeys<CachedFilesOptions>({ cacheDir: true, baseUrl: true, download: true, retries: true, backoffMs: true, timeoutMs: true, progress: true }),
  );
  const dir = checkedCacheDir(options.cacheDir, what);
  const missing: DataFile[] = [];
  for (const file of files) {
    const path = join(dir, file.name);
    if (!existsSync(path)) {
      missing.push(file);
      continue;
    }
    const found = sha256Hex(readFileSync(path));
    if (found !== file.sha256) throw wrongHash(path, file, found);
  }
  if (missing.length > 0 && options.download === false) throw new DataFileError(`${missingHelp(what, missing, dir)}\n(Downloading is disabled.)`);
  for (const file of missing) {
    const url = options.baseUrl === undefined ? file.url : options.baseUrl.replace(/\/?$/, "/") + file.name;
    try {
      await downloadFile(url, join(dir, file.name), file.sha256, {
        retries: options.retries,
        backoffMs: options.backoffMs,
        timeoutMs: options.timeoutMs,
        progress: options.progress,
      });
    } catch (err) {
      if (!(err instanceof DownloadError)) throw err;
      const left = missing.slice(missing.indexOf(file));
      throw new DataFileError(`${missingHelp(what, left, dir)}\nDownloading ${file.name} failed: ${err.message}`);
    }
  }
  return files.map((f) => join(dir, f.name));
}

/** Copies `files` from `sourceDir` into the cache (verifying SHA-256, atomically); returns the cache directory. */
export function seedCachedFiles(what: string, files: readonly DataFile[], sourceDir: string, cacheDir?: string): string {
  const dir = checkedCacheDir(cacheDir, what);
  mkdirSync(dir, { recursive: true });
  for (const file of files) {
    const src = resolve(sourceDir, file.name);
    if (!existsSync(src))
      throw new DataFileError(`${what}: ${src} does not exist (expected ${files.map((f) => f.name).join(" and ")} in ${resolve(sourceDir)})`);
    const hash = sha256Hex(readFileSync(src));
    if (hash !== file.sha256) throw wrongHash(src, file, hash);
    const dest = join(dir, file.name);
    if (resolve(src) === resolve(dest)) continue;
    if (existsSync(dest)) {
      const there = sha256Hex(readFileSync(dest));
      if (there === file.sha256) continue;
      throw wrongHash(dest, file, there);
    }
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
