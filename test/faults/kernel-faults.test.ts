// Fault injection for `tfjs-tune run`: a kernel that exits or is SIGKILLed in the middle of a cell,
// and cells that hang (one the interrupt ends, one it cannot end, so the kernel is killed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const REPO = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "..");
const CLI = join(REPO, "dist", "cli", "main.js");

interface Out {
  output_type: string;
  name?: string;
  text?: string[];
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  outputs?: Out[];
  execution_count?: number | null;
}

/** A notebook whose first cell is markdown, so a cell's place differs from its code-cell index. */
function notebook(code: string[]): string {
  const cells = [
    { cell_type: "markdown", id: "m0", metadata: {}, source: "# fault" },
    ...code.map((src, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, source: src, outputs: [], execution_count: null })),
  ];
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });
}

function run(dir: string, args: string[]): { status: number | null; log: string; stderr: string; ms: number } {
  const started = Date.now();
  const r = spawnSync(process.execPath, [CLI, "run", dir, "--out", join(dir, "out"), "--keep-going", ...args], { encoding: "utf8", timeout: 120_000 });
  return { status: r.status, log: `${r.stdout}\n${r.stderr}`, stderr: r.stderr, ms: Date.now() - started };
}

function executed(dir: string, name: string): Cell[] {
  return (JSON.parse(readFileSync(join(dir, "out", `${name}.ipynb`), "utf8")) as { cells: Cell[] }).cells;
}

const text = (o: Out | undefined) => o?.text?.join("") ?? "";

test(
  "run: a kernel that exits or is SIGKILLed mid-cell fails at that cell with its time, exit and stderr; the cell keeps its output",
  { timeout: 150_000 },
  () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first (npm test does it)`);
    const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-crash-"));
    try {
      // fs.writeSync(2) stands in for what a native crash prints: it bypasses the kernel's stream capture
      writeFileSync(
        join(dir, "exits.ipynb"),
        notebook([
          'console.log("first cell");',
          'console.log("printed before exit");\nrequire("fs").writeSync(2, "fatal: simulated native crash\\n");\nprocess.exit(3);',
          'console.log("never runs");',
        ]),
      );
      writeFileSync(
        join(dir, "killed.ipynb"),
        notebook(['console.log("first cell");', 'console.log("printed before kill");\nprocess.kill(process.pid, "SIGKILL");', 'console.log("never runs");']),
      );
      const r = run(dir, ["--timeout", "60"]);
      assert.equal(r.status, 1, r.log);
      // cell 3 = markdown, first cell, the crashing cell; In [2] as Jupyter numbers it
      assert.match(
        r.stderr,
        /FAILED exits\.ipynb: cell 3 \(In \[2\]\): KernelDied: the kernel died while this cell ran, after \d+\.\d s \(exit code 3\)\n\s+the kernel's stderr \(last lines\):\n\s+fatal: simulated native crash/,
        r.log,
      );
      assert.match(
        r.stderr,
        /FAILED killed\.ipynb: cell 3 \(In \[2\]\): KernelDied: the kernel died while this cell ran, after \d+\.\d s \(killed by SIGKILL\)/,
        r.log,
      );
      assert.doesNotMatch(r.log, /cell 0|0\.0 s —/, "the failure is not reported before the first cell");
      for (const [name, printed] of [
        ["exits", "printed before exit\n"],
        ["killed", "printed before kill\n"],
      ] as const) {
        const cells = executed(dir, name);
        assert.equal(text(cells[1]!.outputs![0]), "first cell\n");
        const crashed = cells[2]!;
        assert.equal(crashed.execution_count, 2);
        // printed in the same tick as the crash: it never reached iopub, the output journal kept it
        assert.equal(text(crashed.outputs!.find((o) => o.output_type === "stream")), printed, `${name}: ${JSON.stringify(crashed.outputs)}`);
        const error = crashed.outputs!.find((o) => o.output_type === "error");
        assert.equal(error?.ename, "KernelDied", name);
        assert.deepEqual(cells[3]!.outputs, [], "the cell after the crash does not run");
        const html = readFileSync(join(dir, "out", `${name}.html`), "utf8");
        assert.ok(html.includes(printed.trim()) && html.includes("KernelDied"), `${name}.html keeps the output and the error`);
      }
      assert.match(executed(dir, "exits")[2]!.outputs!.find((o) => o.output_type === "error")!.evalue!, /fatal: simulated native crash/);
      // the summary has the time the notebook ran, not 0.0
      assert.doesNotMatch(r.log, /exits\.ipynb\s+0\.0\s+failed/, r.log);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test("run --timeout: a hanging cell is interrupted; one the interrupt cannot stop gets its kernel killed; both keep their output", { timeout: 150_000 }, () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first (npm test does it)`);
  const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-hang-"));
  try {
    writeFileSync(
      join(dir, "a-waits.ipynb"),
      notebook(['console.log("first cell");', 'console.log("waiting");\nawait new Promise(() => {});', 'console.log("never runs");']),
    );
    // a busy loop in a timer: neither the interrupt request nor SIGINT's handler ever get to run
    writeFileSync(
      join(dir, "b-spins.ipynb"),
      notebook([
        'console.log("first cell");',
        'console.log("spinning");\nsetTimeout(() => { for (;;) {} }, 0);\nawait new Promise(() => {});',
        'console.log("never runs");',
      ]),
    );
    const r = run(dir, ["--timeout", "1"]);
    assert.equal(r.status, 1, r.log);
    assert.match(r.stderr, /FAILED a-waits\.ipynb: cell 3 \(In \[2\]\): Timeout: the cell ran longer than 1 s and was interrupted/, r.log);
    assert.match(
      r.stderr,
      /FAILED b-spins\.ipynb: cell 3 \(In \[2\]\): Timeout: the cell ran longer than 1 s; the interrupt did not stop it within 1 s, so the kernel was killed \(killed by SIGKILL\)/,
      r.log,
    );
    const waits = executed(dir, "a-waits")[2]!;
    assert.equal(text(waits.outputs![0]), "waiting\n");
    assert.deepEqual(
      waits.outputs!.filter((o) => o.output_type === "error").map((o) => o.ename),
      ["KeyboardInterrupt", "Timeout"],
    );
    const spins = executed(dir, "b-spins")[2]!;
    assert.equal(spins.execution_count, 2);
    assert.equal(text(spins.outputs![0]), "spinning\n");
    assert.equal(spins.outputs!.at(-1)!.ename, "Timeout");
    for (const name of ["a-waits", "b-spins"]) assert.deepEqual(executed(dir, name)[3]!.outputs, [], `${name}: the cell after the timeout does not run`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
