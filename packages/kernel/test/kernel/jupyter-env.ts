// Test helper: Debian's Jupyter (via /usr/bin/python3) and a temporary kernelspec pointing at dist/.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** Repository root. */
export const ROOT = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "..");

/** The Python with Jupyter: $TFJS_TUNE_PYTHON or Debian's /usr/bin/python3 (the python3 on PATH may lack Jupyter). */
export const PYTHON = process.env.TFJS_TUNE_PYTHON ?? "/usr/bin/python3";

/** Throws a clear error unless Jupyter's Python packages and the built kernel are present. */
export function requireJupyter(): void {
  const r = spawnSync(PYTHON, ["-c", "import jupyter_kernel_test, jupyter_client, nbclient, nbconvert, nbformat"], { encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(
      `Jupyter is not installed for ${PYTHON} (${(r.stderr || String(r.error)).trim().split("\n").pop()}). ` +
        "Run scripts/setup-system.sh (installs python3-jupyter-kernel-test, python3-nbconvert, python3-nbclient, jupyter-notebook, ... from Debian).",
    );
  }
  if (!existsSync(join(ROOT, "dist", "kernel", "main.js")))
    throw new Error("dist/kernel/main.js is missing: run `npm run build` first (npm test does it in pretest)");
}

let jupyterPath: string | undefined;

/** Installs the tfjs-tune kernelspec into a fresh temporary JUPYTER_PATH entry and returns the env to use. */
export function jupyterEnv(): NodeJS.ProcessEnv {
  if (!jupyterPath) {
    const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-jupyter-"));
    jupyterPath = dir;
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    const r = spawnSync(process.execPath, [join(ROOT, "setup", "install.mjs"), "--jupyter-path", jupyterPath], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`kernel-setup/install.mjs failed: ${r.stderr}${r.stdout}`);
  }
  return { ...process.env, JUPYTER_PATH: jupyterPath, PYDEVD_DISABLE_FILE_VALIDATION: "1" };
}
