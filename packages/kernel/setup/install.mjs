#!/usr/bin/env node
// Registers (or removes, or checks) the Jupyter kernelspec "tfjs-tune" ("TypeScript (tfjs-tune)").
// The spec holds absolute paths (this Node binary and dist/kernel/main.js), so nothing has to be on PATH.
//
//   tfjs-tune-kernel [--user | --prefix DIR | --sys-prefix | --jupyter-path DIR] [--python PY] [--name NAME]
//   tfjs-tune-kernel --uninstall [same location options]
//   tfjs-tune-kernel check [same location options]   (starts the kernel, runs one cell)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const mainJs = join(root, "dist", "kernel", "main.js");
const USAGE = `usage: tfjs-tune-kernel [check] [--uninstall] [--user | --prefix DIR | --sys-prefix | --jupyter-path DIR] [--python PY] [--name NAME] [--display-name TEXT]`;

function fail(message) {
  console.error(`tfjs-tune-kernel: ${message}`);
  process.exit(1);
}

function parse(argv) {
  const o = { command: "install", where: "user", dir: undefined, python: undefined, name: "tfjs-tune", displayName: "TypeScript (tfjs-tune)" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i] ?? fail(`${a} needs a value\n${USAGE}`);
    if (a === "check" || a === "install") o.command = a;
    else if (a === "--uninstall" || a === "uninstall") o.command = "uninstall";
    else if (a === "--user") o.where = "user";
    else if (a === "--sys-prefix") o.where = "sys-prefix";
    else if (a === "--prefix") {
      o.where = "prefix";
      o.dir = resolve(value());
    } else if (a === "--jupyter-path") {
      o.where = "jupyter-path";
      o.dir = resolve(value());
    } else if (a === "--python") o.python = value();
    else if (a === "--name") o.name = value();
    else if (a === "--display-name") o.displayName = value();
    else if (a === "-h" || a === "--help") {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown argument ${a}\n${USAGE}`);
  }
  if (!/^[a-z0-9._-]+$/i.test(o.name)) fail(`--name ${o.name}: kernel names may only hold letters, digits, ., _ and -`);
  return o;
}

/** The Python that has Jupyter: --python, else Debian's /usr/bin/python3 (the python3 on PATH may be a pyenv one without Jupyter). */
function pickPython(requested) {
  const candidates = requested ? [requested] : ["/usr/bin/python3", "python3", "python"];
  for (const py of candidates) {
    const r = spawnSync(py, ["-c", "import jupyter_core, jupyter_client"], { stdio: "ignore" });
    if (r.status === 0) return py;
  }
  return undefined;
}

function pythonValue(py, code) {
  if (!py) return undefined;
  const r = spawnSync(py, ["-c", code], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The data directory (the one holding kernels/) for the chosen location. */
function dataDir(o, py) {
  if (o.where === "prefix") return join(o.dir, "share", "jupyter");
  if (o.where === "jupyter-path") return o.dir;
  if (o.where === "sys-prefix") {
    const p = pythonValue(py, "import sys; print(sys.prefix)");
    if (!p) fail("--sys-prefix needs a Python with Jupyter (pass --python)");
    return join(p, "share", "jupyter");
  }
  const d = pythonValue(py, "from jupyter_core.paths import jupyter_data_dir; print(jupyter_data_dir())");
  if (d) return d;
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  if (process.platform === "darwin") return join(homedir(), "Library", "Jupyter");
  if (process.platform === "win32") return join(process.env.APPDATA ?? homedir(), "jupyter");
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), ".local", "share"), "jupyter");
}

/** The kernelspec JSON. */
export function kernelSpec(displayName) {
  return {
    argv: [process.execPath, "--disable-warning=ExperimentalWarning", mainJs, "{connection_file}"],
    display_name: displayName,
    language: "typescript",
    interrupt_mode: "signal",
    env: {},
    metadata: { debugger: false, "tfjs-tune": { root } },
  };
}

function install(o, py) {
  if (!existsSync(mainJs)) fail(`${mainJs} is missing: build first (npm run build)`);
  const dir = join(dataDir(o, py), "kernels", o.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.json"), JSON.stringify(kernelSpec(o.displayName), null, 2) + "\n");
  console.log(`tfjs-tune-kernel: installed kernelspec ${o.name} ("${o.displayName}") in ${dir}`);
  if (o.where === "prefix" || o.where === "jupyter-path") {
    console.log(`tfjs-tune-kernel: Jupyter finds it with JUPYTER_PATH=${dataDir(o, py)}`);
  }
  return dir;
}

function uninstall(o, py) {
  const dir = join(dataDir(o, py), "kernels", o.name);
  if (!existsSync(join(dir, "kernel.json"))) {
    console.log(`tfjs-tune-kernel: no kernelspec ${o.name} in ${dir}: nothing to remove`);
    return;
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(`tfjs-tune-kernel: removed ${dir}`);
}

const CHECK_PY = `
import sys, time
from jupyter_client.manager import start_new_kernel
name = sys.argv[1]
t0 = time.time()
km, kc = start_new_kernel(kernel_name=name, startup_timeout=60)
try:
    info = kc.kernel_info(reply=True, timeout=30)["content"]
    out = []
    def hook(msg):
        c = msg["content"]
        if msg["msg_type"] == "stream": out.append(c["text"])
        elif msg["msg_type"] == "execute_result": out.append(c["data"]["text/plain"] + "\\n")
        elif msg["msg_type"] == "error": out.append("%s: %s\\n" % (c["ename"], c["evalue"]))
    reply = kc.execute_interactive('const answer: number = 6 * 7; console.log("node", process.version); answer', timeout=60, output_hook=hook)
    li = info["language_info"]
    print("kernel %s: %s %s, protocol %s; cell status %s in %.1fs" % (name, li["name"], li["version"], info["protocol_version"], reply["content"]["status"], time.time() - t0))
    sys.stdout.write("".join(out))
    ok = reply["content"]["status"] == "ok" and "42\\n" in out
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    del kc, km
sys.exit(0 if ok else 1)
`;

function check(o, py) {
  if (!py) fail("check needs a Python with jupyter_client: install Debian's python3-jupyter-client (scripts/setup-system.sh) or pass --python");
  const env = { ...process.env };
  if (o.where === "prefix" || o.where === "jupyter-path") {
    const d = dataDir(o, py);
    env.JUPYTER_PATH = env.JUPYTER_PATH ? `${d}${delimiter}${env.JUPYTER_PATH}` : d;
  }
  const r = spawnSync(py, ["-c", CHECK_PY, o.name], { stdio: "inherit", env });
  if (r.status !== 0) fail(`check failed (exit ${r.status}): is the kernelspec installed (tfjs-tune-kernel) and dist built?`);
}

function main() {
  const o = parse(process.argv.slice(2));
  const py = pickPython(o.python);
  if (o.python && !py) fail(`--python ${o.python} has no jupyter_core/jupyter_client`);
  if (o.command === "install") install(o, py);
  else if (o.command === "uninstall") uninstall(o, py);
  else check(o, py);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
