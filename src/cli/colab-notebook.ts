/**
 * A TypeScript notebook rewritten for a host that runs only Python kernels (Colab, hosted Jupyter):
 * a set-up cell first (Node.js, the npm packages, the `%%typescript` bridge, the kernelspec, each
 * only when missing), then every TypeScript cell under `%%typescript`, run by python/tfjs_tune.
 */

/** A notebook as nbformat 4 stores it (only what the conversion reads or writes). */
export interface IpynbNotebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: IpynbCell[];
}

/** One cell of an {@link IpynbNotebook}. */
export interface IpynbCell {
  cell_type: string;
  id?: string;
  source: string | string[];
  metadata: Record<string, unknown> & { tags?: string[] };
  outputs?: unknown[];
  execution_count?: number | null;
  attachments?: unknown;
}

/** Options of {@link toColabNotebook}. */
export interface ColabOptions {
  /** npm package specs the set-up cell installs when Node cannot find them (e.g. `tfjs-tune@0.1.0`, a tarball or a git URL). */
  npmPackages: readonly string[];
  /** Values assigned after the cell tagged `parameters`, in an added `%%typescript` cell. @default {} */
  params?: Record<string, unknown>;
  /** Where the notebook came from, for the set-up cell's comment. */
  source?: string;
}

/** The id of the set-up cell (nbformat 4.5 cell ids). */
export const SETUP_CELL_ID = "tfjs-tune-setup";

/** The first line of every TypeScript cell of an exported notebook. */
export const TYPESCRIPT_MAGIC = "%%typescript";

const text = (s: string | string[]): string => (Array.isArray(s) ? s.join("") : s);

/** nbformat's line-list form of a multi-line string. */
function lines(s: string): string[] {
  return s.split(/(?<=\n)/).filter((l) => l.length > 0);
}

/**
 * The Python set-up cell. Each step checks first and does nothing when its piece is present, so on a
 * machine that has everything it only prints what it found. On Colab (root, apt) it installs Node 22
 * from NodeSource when `node` is missing or older than 20.19 (the packages' engines field).
 */
export function setupCellSource(options: ColabOptions): string {
  const npm = options.npmPackages.map((p) => JSON.stringify(p)).join(", ");
  return `# tfjs-tune set-up${options.source ? ` (exported from ${options.source})` : ""}: Node.js >= 20.19, the npm packages, the
# %%typescript bridge (pip package tfjs_tune) and the TypeScript kernel's registration.
# Each step runs only when its piece is missing: run again, it only reports what it found.
import os, shlex, subprocess, sys
NPM_PACKAGES = [${npm}]

def _sh(cmd):
    print("$", cmd, flush=True)
    subprocess.run(cmd, shell=True, check=True)

def _out(cmd):
    r = subprocess.run(cmd, shell=True, capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else ""

def _node_ok():
    v = _out("node -p process.versions.node")
    parts = [int(p) for p in v.split(".")[:2]] if v else [0, 0]
    return v if parts >= [20, 19] else ""

_installed = []
if not _node_ok():
    _sh("curl -fsSL https://deb.nodesource.com/setup_22.x | bash - > /dev/null && apt-get install -y -qq nodejs > /dev/null")
    _installed.append("Node.js")
    if not _node_ok():
        raise RuntimeError("tfjs-tune needs Node.js >= 20.19 on PATH; found %r" % _out("node --version"))
_resolve = "node -p \\"require('path').dirname(require.resolve('%s/package.json'))\\""
if not (_out(_resolve % "tfjs-tune") and _out(_resolve % "tfjs-tune-kernel")):
    _sh("npm install --no-audit --no-fund --loglevel=error " + " ".join(shlex.quote(p) for p in NPM_PACKAGES))
    _installed.append("npm packages")
try:
    import tfjs_tune
except ImportError:
    _sh("%s -m pip install -q %s" % (shlex.quote(sys.executable), shlex.quote(os.path.join(_out(_resolve % "tfjs-tune"), "python"))))
    import importlib
    importlib.invalidate_caches()
    import tfjs_tune
    _installed.append("the tfjs_tune bridge")
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
try:
    _spec = KernelSpecManager().get_kernel_spec(os.environ.get("TFJS_TUNE_KERNEL", "tfjs-tune"))
    _registered = all(os.path.exists(a) for a in _spec.argv[:-1] if a.endswith(".js"))
except NoSuchKernel:
    _registered = False
if not _registered:
    _sh("npx --no-install tfjs-tune-kernel install --python " + shlex.quote(sys.executable))
    _installed.append("the kernelspec")
print("tfjs-tune set-up: node %s, tfjs-tune %s, bridge %s; %s" % (_node_ok(), _out("node -p \\"require('tfjs-tune/package.json').version\\""), tfjs_tune.__version__,
      "installed " + ", ".join(_installed) if _installed else "everything was present, nothing installed"))
get_ipython().run_line_magic("load_ext", "tfjs_tune")
`;
}

/** The `%%typescript` cell that assigns `params` (declared with `let` in the parameters cell). */
function parametersCell(params: Record<string, unknown>): IpynbCell {
  const assignments = Object.entries(params).map(([name, value]) => {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`export: parameter "${name}" is not a TypeScript identifier`);
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`export: parameter ${name}: ${value} is not a finite number`);
    return `  ${name} = ${JSON.stringify(value)};`;
  });
  return {
    cell_type: "code",
    id: "injected-parameters",
    source: lines(`${TYPESCRIPT_MAGIC}\n// Parameters injected by tfjs-tune export\n{\n${assignments.join("\n")}\n}`),
    metadata: { tags: ["injected-parameters"] },
    outputs: [],
    execution_count: null,
  };
}

/** The notebook rewritten for a Python kernel: set-up cell, then each code cell under `%%typescript`, outputs cleared. */
export function toColabNotebook(nb: IpynbNotebook, options: ColabOptions): IpynbNotebook {
  if (!nb || !Array.isArray(nb.cells) || nb.nbformat !== 4) throw new Error("export: expected an nbformat 4 notebook with a cells list");
  const language =
    (nb.metadata?.kernelspec as { language?: string } | undefined)?.language ?? (nb.metadata?.language_info as { name?: string } | undefined)?.name;
  if (language !== undefined && language !== "typescript") throw new Error(`export: the notebook's kernel language is ${language}, expected typescript`);
  const params = options.params ?? {};
  const cells: IpynbCell[] = [
    {
      cell_type: "code",
      id: SETUP_CELL_ID,
      source: lines(setupCellSource(options)),
      metadata: { tags: ["tfjs-tune-setup"] },
      outputs: [],
      execution_count: null,
    },
  ];
  let paramsPlaced = Object.keys(params).length === 0;
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") {
      cells.push(structuredClone(cell));
      continue;
    }
    const body = text(cell.source);
    cells.push({
      cell_type: "code",
      ...(cell.id === undefined ? {} : { id: cell.id }),
      source: lines(`${TYPESCRIPT_MAGIC}\n${body}`),
      metadata: structuredClone(cell.metadata ?? {}),
      outputs: [],
      execution_count: null,
    });
    if (!paramsPlaced && cell.metadata?.tags?.includes("parameters")) {
      cells.push(parametersCell(params));
      paramsPlaced = true;
    }
  }
  if (!paramsPlaced) throw new Error(`export: parameters given (${Object.keys(params).join(", ")}) but no cell is tagged "parameters"`);
  const metadata: Record<string, unknown> = {
    kernelspec: { name: "python3", display_name: "Python 3", language: "python" },
    language_info: { name: "python" },
    colab: { provenance: [] },
  };
  if (nb.metadata?.["tfjs-tune"] !== undefined) metadata["tfjs-tune"] = structuredClone(nb.metadata["tfjs-tune"]);
  return { nbformat: 4, nbformat_minor: Math.max(5, nb.nbformat_minor ?? 5), metadata, cells };
}
