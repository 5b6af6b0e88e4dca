// The notebook builder: percent-format TypeScript source → nbformat 4.5 JSON.
import { test } from "node:test";
import assert from "node:assert/strict";
// @ts-expect-error: a plain .mjs script without type declarations
import { buildNotebook, parseSource } from "../../scripts/build-notebooks.mjs";

const SOURCE = `// smoke: {"epochs": 2}
// %% [markdown]
// # Title
//
// Some *text*.

// %% tags=["parameters"]
let epochs = 20;

// %%
console.log(epochs);
`;

test("buildNotebook: markdown and code cells, tags, ids, kernelspec and smoke metadata", () => {
  const nb = JSON.parse(buildNotebook(SOURCE, "01-demo.ts"));
  assert.equal(nb.nbformat, 4);
  assert.equal(nb.nbformat_minor, 5);
  assert.deepEqual(nb.metadata.kernelspec, { name: "tfjs-tune", display_name: "TypeScript (tfjs-tune)", language: "typescript" });
  assert.equal(nb.metadata.language_info.name, "typescript");
  assert.deepEqual(nb.metadata["tfjs-tune"], { smoke: { epochs: 2 } });
  assert.deepEqual(
    nb.cells.map((c: { cell_type: string; id: string }) => [c.cell_type, c.id]),
    [["markdown", "01-demo-00"], ["code", "01-demo-01"], ["code", "01-demo-02"]],
  );
  assert.deepEqual(nb.cells[0].source, ["# Title\n", "\n", "Some *text*."]);
  assert.deepEqual(nb.cells[1].metadata, { tags: ["parameters"] });
  assert.deepEqual(nb.cells[1].source, ["let epochs = 20;"]);
  assert.deepEqual(nb.cells[2].outputs, []);
  assert.equal(nb.cells[2].execution_count, null);
});

test("parseSource names malformed sources with file and line", () => {
  assert.throws(() => parseSource("let x = 1;\n// %%\n1", "a.ts"), /a.ts:1: text before the first "\/\/ %%" marker/);
  assert.throws(() => parseSource("// %% tags=[oops]\n1", "b.ts"), /b.ts:1: tags must be a JSON array/);
  assert.throws(() => parseSource("// %% [markdown]\nplain text", "c.ts"), /c.ts:2: markdown lines must start with "\/\/ "/);
  assert.throws(() => parseSource("// smoke: [1]\n// %%\n1", "d.ts"), /d.ts:1: smoke: expects a JSON object/);
  assert.throws(() => parseSource("// %%\n\n// %%\n1", "e.ts"), /e.ts: empty code cell/);
});
