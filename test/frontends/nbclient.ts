// Test helper: executes a notebook with nbclient in .venv-frontends (ipykernel's python3 kernel), with a
// private Jupyter path holding our kernelspec, and returns the executed notebook's cells.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCells, type Cell } from "../notebooks/executed-notebook.js";
import { ROOT, VENV_PYTHON } from "./jupyter-server.js";

const RUN = `
import sys, nbformat
from nbclient import NotebookClient
src, dest, cwd = sys.argv[1:4]
nb = nbformat.read(src, as_version=4)
try:
    NotebookClient(nb, kernel_name="python3", timeout=600, allow_errors=False, resources={"metadata": {"path": cwd}}).execute()
finally:
    nbformat.write(nb, dest)
`;

/** Runs `notebook` under ipykernel in folder `cwd`, writes the executed copy to `dest`; throws with nbclient's message on a failing cell. */
export function executeWithNbclient(notebook: string, dest: string, cwd: string, env: Record<string, string> = {}): { cells: Cell[]; seconds: number } {
  const home = mkdtempSync(join(tmpdir(), "tfjs-tune-nbclient-"));
  try {
    const data = join(home, "data");
    for (const d of ["data", "config", "runtime"]) mkdirSync(join(home, d));
    const inst = spawnSync(process.execPath, [join(ROOT, "packages", "kernel", "setup", "install.mjs"), "--jupyter-path", data], { encoding: "utf8" });
    if (inst.status !== 0) throw new Error(`kernelspec install failed: ${inst.stderr}${inst.stdout}`);
    const started = performance.now();
    const r = spawnSync(VENV_PYTHON, ["-c", RUN, notebook, dest, cwd], {
      encoding: "utf8",
      env: {
        ...process.env,
        ...env,
        JUPYTER_PATH: data,
        JUPYTER_DATA_DIR: data,
        JUPYTER_CONFIG_DIR: join(home, "config"),
        JUPYTER_RUNTIME_DIR: join(home, "runtime"),
        JUPYTER_PLATFORM_DIRS: "1",
        PYDEVD_DISABLE_FILE_VALIDATION: "1",
      },
    });
    const seconds = (performance.now() - started) / 1000;
    if (r.status !== 0) throw new Error(`nbclient failed on ${notebook} (exit ${r.status}):\n${r.stderr.slice(-6000)}`);
    return { cells: readCells(dest), seconds };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
