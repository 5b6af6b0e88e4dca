import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { SETUP_CELL_ID, toColabNotebook, type IpynbNotebook } from "../../src/cli/colab-notebook.js";
import { defaultNpmPackages, exportNotebooks, registerExportCommand } from "../../src/cli/export-command.js";

const src = (c: { source: string | string[] }) => (Array.isArray(c.source) ? c.source.join("") : c.source);

const tsNotebook = (): IpynbNotebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: "tfjs-tune", display_name: "TypeScript (tfjs-tune)", language: "typescript" }, "tfjs-tune": { smoke: { epochs: 2 } } },
  cells: [
    { cell_type: "markdown", id: "m1", source: "# Title", metadata: {} },
    {
      cell_type: "code",
      id: "p",
      source: ["let epochs = 50;\n", "let rate = 0.1;"],
      metadata: { tags: ["parameters"] },
      outputs: [{ output_type: "stream" }],
      execution_count: 3,
    },
    { cell_type: "code", id: "c2", source: "console.log(epochs)", metadata: {}, outputs: [], execution_count: 4 },
  ],
});

test("toColabNotebook: a Python set-up cell first, each TypeScript cell under %%typescript, outputs cleared, markdown kept", () => {
  const nb = toColabNotebook(tsNotebook(), { npmPackages: ["tfjs-tune@0.1.0", "tfjs-tune-kernel@0.1.0"] });
  assert.deepEqual(nb.metadata.kernelspec, { name: "python3", display_name: "Python 3", language: "python" });
  assert.deepEqual(nb.metadata["tfjs-tune"], { smoke: { epochs: 2 } });
  assert.deepEqual(
    nb.cells.map((c) => [c.cell_type, c.id]),
    [
      ["code", SETUP_CELL_ID],
      ["markdown", "m1"],
      ["code", "p"],
      ["code", "c2"],
    ],
  );
  const setup = src(nb.cells[0]!);
  assert.match(setup, /NPM_PACKAGES = \["tfjs-tune@0\.1\.0", "tfjs-tune-kernel@0\.1\.0"\]/);
  assert.match(setup, /run_line_magic\("load_ext", "tfjs_tune"\)/);
  assert.equal(src(nb.cells[1]!), "# Title");
  assert.equal(src(nb.cells[2]!), "%%typescript\nlet epochs = 50;\nlet rate = 0.1;");
  assert.deepEqual(nb.cells[2]!.metadata, { tags: ["parameters"] });
  assert.deepEqual([nb.cells[2]!.outputs, nb.cells[2]!.execution_count], [[], null]);
  assert.equal(src(nb.cells[3]!), "%%typescript\nconsole.log(epochs)");
});

test("toColabNotebook: parameters go into a %%typescript cell after the parameters cell; bad input is refused", () => {
  const nb = toColabNotebook(tsNotebook(), { npmPackages: ["x"], params: { epochs: 2, rate: 0.5 } });
  assert.deepEqual(
    nb.cells.map((c) => c.id),
    [SETUP_CELL_ID, "m1", "p", "injected-parameters", "c2"],
  );
  assert.equal(src(nb.cells[3]!), "%%typescript\n// Parameters injected by tfjs-tune export\n{\n  epochs = 2;\n  rate = 0.5;\n}");
  const noParams = tsNotebook();
  noParams.cells[1]!.metadata = {};
  assert.throws(() => toColabNotebook(noParams, { npmPackages: ["x"], params: { epochs: 2 } }), /no cell is tagged "parameters"/);
  const py = tsNotebook();
  py.metadata.kernelspec = { name: "python3", language: "python" };
  assert.throws(() => toColabNotebook(py, { npmPackages: ["x"] }), /kernel language is python, expected typescript/);
});

test("tfjs-tune export --colab --smoke writes each notebook to --out; without --colab it is refused", async () => {
  const out = mkdtempSync(join(tmpdir(), "tfjs-tune-export-"));
  try {
    const program = new Command("tfjs-tune").exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    registerExportCommand(program);
    const write = process.stdout.write.bind(process.stdout);
    const printed: string[] = [];
    process.stdout.write = ((chunk: string) => (printed.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      await program.parseAsync(["export", "--colab", "notebooks/02-baseline.ipynb", "--smoke", "--out", out], { from: "user" });
    } finally {
      process.stdout.write = write;
    }
    assert.deepEqual(printed, [`${join(out, "02-baseline.ipynb")}\n`]);
    const nb = JSON.parse(readFileSync(join(out, "02-baseline.ipynb"), "utf8")) as IpynbNotebook;
    const smoke = (JSON.parse(readFileSync("notebooks/02-baseline.ipynb", "utf8")) as IpynbNotebook).metadata["tfjs-tune"] as {
      smoke: Record<string, unknown>;
    };
    const injected = nb.cells.find((c) => c.id === "injected-parameters");
    for (const [k, v] of Object.entries(smoke.smoke)) assert.ok(src(injected!).includes(`${k} = ${JSON.stringify(v)};`), src(injected!));
    assert.ok(
      nb.cells
        .filter((c) => c.cell_type === "code")
        .slice(1)
        .every((c) => src(c).startsWith("%%typescript\n")),
    );
    const again = new Command("tfjs-tune").exitOverride().configureOutput({ writeErr: () => undefined });
    registerExportCommand(again);
    await assert.rejects(again.parseAsync(["export", "notebooks/02-baseline.ipynb", "--out", out], { from: "user" }), /required option '--colab'/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("colab/*.ipynb (the README's Open in Colab links) are the current export of notebooks/*.ipynb", () => {
  const out = mkdtempSync(join(tmpdir(), "tfjs-tune-colab-check-"));
  try {
    const written = exportNotebooks(["notebooks"], { out, npmPackages: defaultNpmPackages() });
    const names = readdirSync("colab")
      .filter((f) => f.endsWith(".ipynb"))
      .sort();
    assert.deepEqual(names, written.map((w) => w.slice(out.length + 1)).sort(), "colab/ holds other notebooks than notebooks/");
    for (const name of names) {
      assert.equal(
        readFileSync(join("colab", name), "utf8"),
        readFileSync(join(out, name), "utf8"),
        `colab/${name} is stale: run node dist/cli/main.js export --colab notebooks --out colab`,
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
