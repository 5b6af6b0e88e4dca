// Executes test/kernel/fixtures/showcase.ipynb with `jupyter nbconvert --execute` on our kernel.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PYTHON, ROOT, jupyterEnv, requireJupyter } from "./jupyter-env.js";
import { decodePng, inkPixels } from "../../../../test/notebook/png-decode.js";
import { readCells, text, type Cell } from "../../../../test/notebooks/executed-notebook.js";

const FIXTURE = join(ROOT, "test", "kernel", "fixtures", "showcase.ipynb");

/** Runs `nbconvert --to notebook --execute` on the fixture (asynchronously, so both runs share the wait for kernel start-up). */
async function nbconvert(extra: string[]): Promise<{ status: number | null; log: string; cells?: Cell[] }> {
  const outDir = mkdtempSync(join(tmpdir(), "tfjs-tune-nb-"));
  const child = spawn(
    PYTHON,
    [
      "-m",
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      ...extra,
      "--ExecutePreprocessor.timeout=120",
      "--output-dir",
      outDir,
      "--output",
      "out.ipynb",
      FIXTURE,
    ],
    { env: jupyterEnv(), timeout: 110_000 },
  );
  let log = "";
  child.stdout.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr.on("data", (d: Buffer) => (log += d.toString()));
  const status = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  let cells: Cell[] | undefined;
  try {
    cells = readCells(join(outDir, "out.ipynb"));
  } catch {
    cells = undefined;
  }
  rmSync(outDir, { recursive: true, force: true });
  return { status, log, cells };
}

let failing: Awaited<ReturnType<typeof nbconvert>>;
let allowed: Awaited<ReturnType<typeof nbconvert>>;

before(
  async () => {
    requireJupyter();
    [failing, allowed] = await Promise.all([nbconvert([]), nbconvert(["--allow-errors"])]);
  },
  { timeout: 120_000 },
);

test("nbconvert --execute fails on the first failing cell with the real message and the cell's line", () => {
  const r = failing;
  assert.notEqual(r.status, 0, r.log);
  assert.match(r.log, /CellExecutionError/);
  assert.match(r.log, /RangeError: x too large: 5/);
  assert.match(r.log, /at check \(cell \[3\], line 3\)/);
  assert.match(r.log, /---> 3 \|\s+throw new RangeError/);
});

test("nbconvert --execute --allow-errors runs every cell; the chart has Vega-Lite v5, non-blank SVG and PNG, and text", () => {
  const r = allowed;
  assert.equal(r.status, 0, r.log);
  const code = r.cells!.filter((c) => c.cell_type === "code");
  assert.equal(code.length, 8);
  code.forEach((c, i) => assert.equal(c.execution_count, i + 1, `execution_count of code cell ${i + 1}`));
  // Every cell from the second on has outputs, including all cells after the errors.
  code.slice(1).forEach((c, i) => assert.ok((c.outputs ?? []).length > 0, `code cell ${i + 2} has no outputs:\n${text(c.source)}`));

  const chartOut = code[1]!.outputs!.filter((o) => o.output_type === "display_data");
  assert.equal(chartOut.length, 1);
  const data = chartOut[0]!.data!;
  assert.deepEqual(Object.keys(data).sort(), ["application/vnd.vegalite.v5+json", "image/png", "image/svg+xml", "text/plain"]);
  assert.equal((data["application/vnd.vegalite.v5+json"] as { $schema: string }).$schema, "https://vega.github.io/schema/vega-lite/v5.json");
  const svg = text(data["image/svg+xml"]);
  assert.ok((svg.match(/<path /g) ?? []).length >= 3 && svg.includes(">Training loss<"), "SVG has the line, axes and title");
  const png = decodePng(Buffer.from(text(data["image/png"]), "base64"));
  assert.ok(inkPixels(png) > 2000, `PNG ink pixels ${inkPixels(png)}`);

  const errorOf = (c: Cell) => c.outputs!.find((o) => o.output_type === "error");
  assert.equal(errorOf(code[2]!)?.ename, "RangeError");
  assert.equal(text(code[2]!.outputs![0]!.text), "before the error\n");
  assert.deepEqual(
    code[3]!.outputs!.map((o) => o.output_type),
    ["stream", "execute_result"],
  );
  assert.equal(text(code[3]!.outputs![1]!.data!["text/plain"]), "10");
  assert.equal(errorOf(code[4]!)?.ename, "TSError");
  assert.match(errorOf(code[4]!)!.evalue!, /1:7 - Type 'string' is not assignable to type 'number'/);
  assert.equal(errorOf(code[5]!)?.ename, "TypeError");
  assert.equal(errorOf(code[5]!)?.evalue, "rejected on purpose");
  const bar = code[6]!.outputs!;
  assert.equal(bar.length, 1, "progress is one output updated in place");
  assert.match(text(bar[0]!.data!["text/plain"]), /epochs .* 3\/3 .*done/);
  assert.deepEqual(
    code[7]!.outputs!.map((o) => o.output_type),
    ["display_data", "execute_result"],
  );
});
