// Finds (or makes) a Python with Optuna 5 for the benchmarks: $OPTUNA_PYTHON if set, else the venv
// ~/.cache/tfjs-tune/optuna5 (made on first use with the `python3` on PATH and the package index
// locations of `pip config list`, which this machine's pip is configured with). Prints how to do
// it by hand when it cannot.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** The venv the benchmarks use when $OPTUNA_PYTHON is not set. */
export const OPTUNA_VENV = join(homedir(), ".cache", "tfjs-tune", "optuna5");

function versionOf(python: string): string | undefined {
  try {
    return execFileSync(python, ["-c", "import optuna, scipy, torch; print(optuna.__version__)"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined;
  }
}

/** pip's configured index locations as install flags (first extra-index-url becomes --index-url). */
function pipLocations(): string[] {
  let out = "";
  try {
    out = execFileSync("python3", ["-m", "pip", "config", "list"], { encoding: "utf8" });
  } catch {
    return [];
  }
  const get = (key: string): string[] => {
    const m = out.split("\n").find((l) => l.includes(`.${key}=`) || l.startsWith(`${key}=`));
    return m
      ? m
          .slice(m.indexOf("=") + 1)
          .replace(/^'|'$/g, "")
          .split(/\s+/)
          .filter(Boolean)
      : [];
  };
  const extra = get("extra-index-url");
  const index = get("index-url");
  const flags: string[] = [];
  const all = [...index, ...extra];
  if (all.length > 0) flags.push("--index-url", all[0]);
  for (const u of all.slice(1)) flags.push("--extra-index-url", u);
  for (const f of get("find-links")) flags.push("--find-links", f);
  return flags;
}

/** A Python interpreter with optuna (and its GP's torch/scipy), and the Optuna version. */
export async function optunaPython(): Promise<{ python: string; version: string }> {
  const fromEnv = process.env.OPTUNA_PYTHON;
  if (fromEnv) {
    const v = versionOf(fromEnv);
    if (!v) throw new Error(`OPTUNA_PYTHON=${fromEnv} cannot import optuna, scipy and torch`);
    return { python: fromEnv, version: v };
  }
  const python = join(OPTUNA_VENV, "bin", "python");
  let v = existsSync(python) ? versionOf(python) : undefined;
  if (v) return { python, version: v };
  const flags = pipLocations();
  const install = ["-m", "pip", "install", ...flags, "optuna>=5", "scipy", "torch", "greenlet"];
  console.log(`making the Optuna venv ${OPTUNA_VENV} (once): python3 -m venv … && pip install ${install.slice(3).join(" ")}`);
  try {
    if (!existsSync(python)) execFileSync("python3", ["-m", "venv", OPTUNA_VENV], { stdio: "inherit" });
    execFileSync(python, install, { stdio: "inherit" });
  } catch (e) {
    throw new Error(
      `could not install Optuna (${(e as Error).message}). By hand: python3 -m venv ${OPTUNA_VENV} && ${python} ${install.join(" ")}; ` +
        `or set OPTUNA_PYTHON to a python that has optuna, scipy and torch; or pass --optuna none`,
    );
  }
  v = versionOf(python);
  if (!v) throw new Error(`the venv ${OPTUNA_VENV} still cannot import optuna, scipy and torch`);
  return { python, version: v };
}
