// Where downloaded data sets live: option, then $TFJS_TUNE_DATA, then a per-user cache directory.
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** Environment variable naming the data cache directory. */
export const DATA_ENV = "TFJS_TUNE_DATA";

/** Resolves the data cache directory: `dir` if given, else $TFJS_TUNE_DATA, else $XDG_CACHE_HOME/tfjs-tune or ~/.cache/tfjs-tune (%LOCALAPPDATA%\tfjs-tune on Windows). */
export function dataCacheDir(dir?: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (dir) return resolve(dir);
  const fromEnv = env[DATA_ENV];
  if (fromEnv) return resolve(fromEnv);
  if (env.XDG_CACHE_HOME) return join(resolve(env.XDG_CACHE_HOME), "tfjs-tune");
  if (process.platform === "win32" && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, "tfjs-tune");
  return join(homedir(), ".cache", "tfjs-tune");
}
