// Test helper: a private Jupyter server (JupyterLab 4 or Notebook 7 from .venv-frontends) on a free loopback
// port with a token, with its own config/data/runtime/settings folders and our kernelspec, so nothing of the
// user's Jupyter set-up leaks in and nothing of ours leaks out.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { freePort } from "../../packages/kernel/src/runner/free-port.js";

/** Repository root. */
export const ROOT = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "..");
/** The venv scripts/setup-frontends.sh makes ($FRONTENDS_VENV overrides). */
export const VENV = resolve(ROOT, process.env.FRONTENDS_VENV ?? ".venv-frontends");
export const VENV_PYTHON = join(VENV, "bin", "python");
export const KERNEL_MAIN = join(ROOT, "packages", "kernel", "dist", "kernel", "main.js");

/**
 * Why the frontend tests cannot run here, or undefined when they can. Outside CI a missing venv is a skip
 * (the caller prints the reason); under CI=true the caller fails instead, because CI installs the venv.
 */
export function missingFrontends(): string | undefined {
  if (!existsSync(VENV_PYTHON))
    return `${VENV} is missing: run \`bash scripts/setup-frontends.sh\` (JupyterLab 4.6, Notebook 7.6, nbclient, ipykernel in a venv)`;
  return undefined;
}

/**
 * The `skip` option of a frontend test: the reason outside CI when the venv is missing (printed by the
 * test runner), false otherwise. Under CI=true it is always false, so the test runs and fails on
 * {@link requireFrontends}: CI installs the venv, a missing one there is a bug of the set-up.
 */
export function skipWithoutFrontends(): string | false {
  const missing = missingFrontends();
  if (!missing || process.env.CI === "true") return false;
  return `skipped: ${missing}`;
}

/**
 * Throws when the venv is missing (under CI=true, where the test was not skipped). Otherwise re-runs
 * scripts/setup-frontends.sh, which returns at once unless python/tfjs_tune changed since the venv got its
 * copy: the tests always run the bridge as it is in the working tree.
 */
export function requireFrontends(): void {
  const missing = missingFrontends();
  if (missing) throw new Error(`CI=true and ${missing}: scripts/check.sh should have made it (scripts/setup-frontends.sh)`);
  const r = spawnSync("bash", [join(ROOT, "scripts", "setup-frontends.sh")], { cwd: ROOT, encoding: "utf8", env: { ...process.env, FRONTENDS_VENV: VENV } });
  if (r.status !== 0) throw new Error(`scripts/setup-frontends.sh failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
}

/** Throws a clear error when something the tests need (besides the venv) is absent. */
export function requireBuilt(options: { browser?: boolean } = {}): void {
  if (!existsSync(KERNEL_MAIN)) throw new Error(`${KERNEL_MAIN} is missing: run \`npm run build\` first (npm test does it in pretest)`);
  if (options.browser && !existsSync("/usr/bin/chromium"))
    throw new Error("/usr/bin/chromium is missing: apt-get install chromium (scripts/system-packages.txt)");
}

/** A running server. */
export interface JupyterServer {
  url: string;
  token: string;
  port: number;
  /** The folder the server serves (notebooks are copied here). */
  root: string;
  /** Everything the server printed so far (for failure messages). */
  log(): string;
  /** JSON from the server's REST API. */
  api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T>;
  stop(): Promise<void>;
}

/** Settings every test run uses: all cells in the DOM (no windowing), no news or update checks, no autosave races. */
function writeSettings(settingsDir: string): void {
  const put = (plugin: string, settings: object) => {
    const [pkg, name] = plugin.split(":") as [string, string];
    const dir = join(settingsDir, pkg!);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.jupyterlab-settings`), JSON.stringify(settings));
  };
  put("@jupyterlab/notebook-extension:tracker", { windowingMode: "none" });
  put("@jupyterlab/apputils-extension:notification", { fetchNews: "false", checkForUpdates: false });
  put("@jupyterlab/docmanager-extension:plugin", { autosave: false });
  put("@jupyterlab/completer-extension:manager", { autoCompletion: false });
}

/** Starts `jupyter lab` or `jupyter notebook` serving `root`, and waits until its API answers. */
export async function startJupyter(app: "lab" | "notebook", root: string, env: NodeJS.ProcessEnv = {}): Promise<JupyterServer> {
  const home = mkdtempSync(join(tmpdir(), `tfjs-tune-${app}-`));
  const dirs = {
    config: join(home, "config"),
    data: join(home, "data"),
    runtime: join(home, "runtime"),
    settings: join(home, "settings"),
    workspaces: join(home, "workspaces"),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  writeSettings(dirs.settings);
  // Our kernelspec, registered in this server's private data folder.
  const inst = spawnSync(process.execPath, [join(ROOT, "packages", "kernel", "setup", "install.mjs"), "--jupyter-path", dirs.data], { encoding: "utf8" });
  if (inst.status !== 0) throw new Error(`kernelspec install failed: ${inst.stderr}${inst.stdout}`);

  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const args = [
    "-m",
    app === "lab" ? "jupyterlab" : "notebook",
    "--no-browser",
    "--allow-root",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--ServerApp.port_retries=0",
    `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${root}`,
    "--LabApp.news_url=",
    "--LabApp.extension_manager=readonly",
    `--LabServerApp.workspaces_dir=${dirs.workspaces}`,
    `--LabServerApp.user_settings_dir=${dirs.settings}`,
  ];
  const proc: ChildProcess = spawn(VENV_PYTHON, args, {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      ...env,
      JUPYTER_CONFIG_DIR: dirs.config,
      JUPYTER_DATA_DIR: dirs.data,
      JUPYTER_PATH: dirs.data,
      JUPYTER_RUNTIME_DIR: dirs.runtime,
      JUPYTERLAB_SETTINGS_DIR: dirs.settings,
      JUPYTERLAB_WORKSPACES_DIR: dirs.workspaces,
      JUPYTER_PLATFORM_DIRS: "1",
      PYDEVD_DISABLE_FILE_VALIDATION: "1",
    },
  });
  let log = "";
  proc.stdout!.on("data", (b: Buffer) => (log += b.toString()));
  proc.stderr!.on("data", (b: Buffer) => (log += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const r = await fetch(`${url}${path}`, {
      method: init.method ?? "GET",
      headers: { Authorization: `token ${token}`, "Content-Type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!r.ok) throw new Error(`${init.method ?? "GET"} ${path}: HTTP ${r.status} ${await r.text()}`);
    const text = await r.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const stop = async () => {
    if (proc.exitCode === null && proc.pid) {
      const exited = new Promise<void>((res) => proc.once("exit", () => res()));
      try {
        process.kill(-proc.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
      const killer = setTimeout(() => {
        try {
          process.kill(-proc.pid!, "SIGKILL");
        } catch {
          /* gone */
        }
      }, 5000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(home, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`jupyter ${app} exited with ${proc.exitCode}:\n${log.slice(-4000)}`);
    try {
      await api("/api/status");
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`jupyter ${app} did not answer on ${url} within 60 s:\n${log.slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return { url, token, port, root, log: () => log, api, stop };
}
