// End to end: `tfjs-tune run` on our kernel (packages/kernel/dist), with a failing notebook and a passing one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

// the library's command, as users call it: it hands `run` to this package
const REPO = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "..", "..", "..");
const CLI = join(REPO, "dist", "cli", "main.js");

function notebook(cells: Array<{ src: string; tags?: string[]; markdown?: boolean }>): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tfjs-tune", display_name: "TypeScript (tfjs-tune)", language: "typescript" } },
    cells: cells.map((c, i) =>
      c.markdown
        ? { cell_type: "markdown", id: `m${i}`, metadata: {}, source: c.src }
        : { cell_type: "code", id: `c${i}`, metadata: c.tags ? { tags: c.tags } : {}, source: c.src, outputs: [], execution_count: null },
    ),
  });
}

interface Out {
  output_type: string;
  text?: string[];
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  source: string[];
  metadata: { tags?: string[] };
  outputs?: Out[];
  execution_count?: number | null;
}

test("run: a failing cell exits 1 naming notebook, cell, error and line; outputs so far are written; raises-exception is allowed", { timeout: 300_000 }, () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first (npm test does it)`);
  const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-run-"));
  writeFileSync(
    join(dir, "a-fails.ipynb"),
    notebook([
      { src: "# A notebook that fails", markdown: true },
      { src: "let x = 1;", tags: ["parameters"] },
      { src: 'console.log("x =", x);' },
      { src: 'throw new TypeError("expected failure");', tags: ["raises-exception"] },
      { src: "const a = 2;\nfunction boom(): number {\n  throw new RangeError(`boom ${a}`);\n}\nboom();" },
      { src: 'console.log("never runs");' },
    ]),
  );
  writeFileSync(join(dir, "b-passes.ipynb"), notebook([{ src: 'console.log(" Test AUC: 0.812 Test Accuracy: 0.830");' }]));
  const out = join(dir, "out");
  const r = spawnSync(process.execPath, [CLI, "run", dir, "--out", out, "--param", "x=5", "--timeout", "120", "--keep-going"], {
    encoding: "utf8",
    timeout: 280_000,
  });
  const log = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 1, log);
  // Cell 6 of the executed notebook: markdown, parameters, injected parameters, print, raises-exception, boom.
  assert.match(r.stderr, /FAILED a-fails\.ipynb: cell 6 \(In \[5\]\): RangeError: boom 2\n\s+at line 3: throw new RangeError\(`boom \$\{a\}`\);/, log);
  assert.match(r.stdout, /a-fails\.ipynb\s+[\d.]+\s+failed/, log);
  assert.match(r.stdout, /b-passes\.ipynb\s+[\d.]+\s+ok\s+Test AUC 0\.812, Test Accuracy 0\.830/, log);

  const executed = JSON.parse(readFileSync(join(out, "a-fails.ipynb"), "utf8")) as { nbformat_minor: number; cells: Cell[] };
  assert.equal(executed.nbformat_minor, 5);
  const cells = executed.cells;
  assert.deepEqual(cells[2]!.metadata.tags, ["injected-parameters"]);
  assert.equal(cells[3]!.outputs![0]!.text!.join(""), "x = 5\n");
  assert.equal(cells[4]!.outputs!.find((o) => o.output_type === "error")?.ename, "TypeError");
  const boom = cells[5]!.outputs!.find((o) => o.output_type === "error");
  assert.equal(boom?.ename, "RangeError");
  assert.equal(boom?.evalue, "boom 2");
  assert.equal(cells[6]!.execution_count ?? null, null, "cells after the failure do not run");
  assert.deepEqual(cells[6]!.outputs, []);
  const html = readFileSync(join(out, "a-fails.html"), "utf8");
  assert.match(html, /x = 5/);
  assert.match(html, /boom 2/);
});

test("run: an unknown --param fails before any kernel starts", { timeout: 60_000 }, () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
  const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-run-"));
  writeFileSync(join(dir, "one.ipynb"), notebook([{ src: "let epochs = 20;", tags: ["parameters"] }]));
  writeFileSync(join(dir, "two.ipynb"), notebook([{ src: "let seed = 0;", tags: ["parameters"] }]));
  const r = spawnSync(process.execPath, [CLI, "run", dir, "--out", join(dir, "out"), "--param", "lr=0.1"], { encoding: "utf8", timeout: 50_000 });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /--param lr: no notebook declares it in its parameters cell \(one: epochs; two: seed\)/);
  assert.ok(!existsSync(join(dir, "out", "one.ipynb")));
});

test(
  "run: stops at the first failing notebook; a multi-line message is shown whole; a type error names its own line; a notebook outside the project imports tfjs-tune",
  { timeout: 300_000 },
  () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
    // a folder outside the repository: nothing above it has node_modules/tfjs-tune
    const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-outside-"));
    writeFileSync(
      join(dir, "a-imports.ipynb"),
      notebook([
        {
          src: 'import { createStudy, float, randomSampler } from "tfjs-tune/hpo";\nconst study = await createStudy({ space: { x: float(0, 1) }, direction: "minimize", sampler: randomSampler(), seed: 1 });\nconsole.log("imported", typeof study.optimize);',
        },
        // the type checker sees the library's types, not `any`: a wrong option type is a type error on line 3
        { src: "const a = 1;\nconst b = 2;\nconst s2 = await createStudy({ space: { x: float(0, 1) }, direction: 42 });" },
      ]),
    );
    writeFileSync(join(dir, "b-multiline.ipynb"), notebook([{ src: 'throw new Error("first line\\nsecond line\\nthird line");' }]));
    const out = join(dir, "out");
    const r = spawnSync(process.execPath, [CLI, "run", dir, "--out", out, "--timeout", "120"], { encoding: "utf8", timeout: 280_000 });
    const log = `${r.stdout}\n${r.stderr}`;
    assert.equal(r.status, 1, log);
    const executed = JSON.parse(readFileSync(join(out, "a-imports.ipynb"), "utf8")) as { cells: Cell[] };
    assert.equal(executed.cells[0]!.outputs![0]!.text!.join(""), "imported function\n", log);
    assert.match(
      r.stderr,
      /FAILED a-imports\.ipynb: cell 2 \(In \[2\]\): TSError: 3:\d+ - [^\n]*'Direction'[\s\S]*at line 3: const s2 = await createStudy/,
      log,
    );
    assert.match(r.stdout, /b-multiline\.ipynb\s+0\.0\s+not run/, log);
    assert.match(r.stderr, /not run: b-multiline\.ipynb \(--keep-going runs them\)/, log);

    const r2 = spawnSync(process.execPath, [CLI, "run", join(dir, "b-multiline.ipynb"), "--out", out, "--timeout", "120"], {
      encoding: "utf8",
      timeout: 280_000,
    });
    assert.match(
      r2.stderr,
      /FAILED b-multiline\.ipynb: cell 1 \(In \[1\]\): Error: first line\n    second line\n    third line\n/,
      `${r2.stdout}\n${r2.stderr}`,
    );
  },
);

test("run: bad paths, a data folder that is a file and a mistyped --param are one-line errors before any kernel starts", { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-run-"));
  writeFileSync(
    join(dir, "one.ipynb"),
    notebook([{ src: '// epochs per trial\nlet epochs = 20;\nlet name = "x";\nlet lrs: number[] = [0.1];', tags: ["parameters"] }]),
  );
  writeFileSync(join(dir, "notes.txt"), "not a notebook");
  writeFileSync(join(dir, "broken.ipynb"), "{");
  const run = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [CLI, "run", ...args], { encoding: "utf8", timeout: 50_000, env: { ...process.env, ...env } });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr.trim().split("\n").length, 1, `one line, got:\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at |ENOENT|ENOTDIR/);
    return r.stderr.trim();
  };
  const nb = join(dir, "one.ipynb");
  assert.match(run([join(dir, "missing.ipynb")]), /missing\.ipynb: no such file or folder; expected a notebook \(\.ipynb\) or a folder of notebooks/);
  assert.match(run([join(dir, "notes.txt")]), /notes\.txt: not a notebook; expected a \.ipynb file/);
  assert.match(run([join(dir, "broken.ipynb")]), /broken\.ipynb: not a readable notebook/);
  assert.match(run([nb, "--out", join(dir, "notes.txt")]), /--out .*notes\.txt: exists and is not a folder/);
  assert.match(run([nb, "--out", join(dir, "notes.txt", "sub")]), /--out .*sub: cannot be created because .*notes\.txt is not a folder/);
  assert.match(run([nb], { TFJS_TUNE_DATA: join(dir, "notes.txt") }), /TFJS_TUNE_DATA=.*notes\.txt: is a file; expected the folder/);
  assert.match(run([nb, "--param", "epochs=abc"]), /--param epochs=abc: one declares epochs as number \(let epochs = 20;\); expected a number, got "abc"/);
  assert.match(run([nb, "--param", "lrs=0.1"]), /--param lrs=0.1: one declares lrs as number\[\]/);
  assert.match(run([nb, "--param", "epochs"]), /--param expects name=value, got "epochs"/);
  assert.match(run([nb, "--param", "seed=1"]), /--param: one: unknown parameter "seed"; the parameters cell declares: epochs, name, lrs/);
  assert.match(run([nb, "--timeout", "soon"]), /--timeout expects a positive number of seconds, got "soon"/);
  assert.ok(!existsSync(join(dir, "out")), "nothing is written before the inputs are checked");
});
