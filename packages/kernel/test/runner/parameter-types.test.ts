import { test } from "node:test";
import assert from "node:assert/strict";
import { checkParameterValues, declaredType, parameterTypes } from "../../src/runner/parameter-types.js";
import { findFailingLine } from "../../src/runner/execute-notebook.js";
import { describeFailure } from "../../src/runner/run-command.js";
import type { Notebook, NotebookCell } from "../../src/runner/notebook-format.js";

const nb = (src: string): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [{ id: "p", cell_type: "code", source: src, metadata: { tags: ["parameters"] }, outputs: [], execution_count: null }],
});

test("declaredType reads annotations first, else the literal initializer", () => {
  assert.equal(declaredType(undefined, "30"), "number");
  assert.equal(declaredType(undefined, "-1e-3"), "number");
  assert.equal(declaredType(undefined, "1_000"), "number");
  assert.equal(declaredType(undefined, '"tpe"'), "string");
  assert.equal(declaredType(undefined, "false"), "boolean");
  assert.equal(declaredType(undefined, "[8, 16]"), "number[]");
  assert.equal(declaredType(undefined, "['a', 'b']"), "string[]");
  assert.equal(declaredType("number", "Math.PI"), "number");
  assert.equal(declaredType(" Array<string> ", "[]"), "string[]");
  assert.equal(declaredType(undefined, "Math.PI"), "unknown");
  assert.equal(declaredType("Options", "{}"), "unknown");
});

test("parameterTypes lists the let/var declarations of the parameters cell, with trailing comments", () => {
  const types = parameterTypes(nb('// how long\nlet epochs = 30; // per trial\nlet sampler: string = "tpe";\nconst fixed = 1;\nlet expr = 2 * 3;'));
  assert.deepEqual([...types.keys()], ["epochs", "sampler", "expr"]);
  assert.equal(types.get("epochs")!.type, "number");
  assert.equal(types.get("sampler")!.type, "string");
  assert.equal(types.get("expr")!.type, "unknown");
});

test("checkParameterValues refuses a wrong type naming the parameter, notebook, declaration and value; strings take numbers as text", () => {
  const book = nb('let epochs = 30;\nlet name = "x";\nlet quick = false;\nlet sizes = [1, 2];\nlet other = f();');
  assert.throws(
    () => checkParameterValues(book, "07-grid", { epochs: "abc" }),
    /--param epochs=abc: 07-grid declares epochs as number \(let epochs = 30;\); expected a number, got "abc"/,
  );
  assert.throws(() => checkParameterValues(book, "07-grid", { quick: 1 }), /quick as boolean.*expected true or false, got 1/);
  assert.throws(() => checkParameterValues(book, "07-grid", { sizes: [1, "b"] }), /sizes as number\[\]/);
  assert.throws(() => checkParameterValues(book, "07-grid", { epochs: "x" }, "smoke parameter"), /^Error: smoke parameter epochs=x/);
  assert.deepEqual(checkParameterValues(book, "07-grid", { epochs: 2, name: 12, quick: true, sizes: [3], other: { a: 1 } }), {
    epochs: 2,
    name: "12",
    quick: true,
    sizes: [3],
    other: { a: 1 },
  });
});

test("findFailingLine: a type error's line is the line of line:column, not the column (was read as the line)", () => {
  const cell: NotebookCell = {
    id: "c",
    cell_type: "code",
    source: "const a = 1;\nconst b = 2;\nconst c: string = a;\nconst d = 4;",
    metadata: {},
    outputs: [],
  };
  const err = { output_type: "error" as const, ename: "TSError", evalue: "3:7 - Type 'number' is not assignable to type 'string'.", traceback: [] };
  assert.deepEqual(findFailingLine(cell, err), { number: 3, text: "const c: string = a;" });
  // a runtime error: the frame in this cell (In [5]) wins over a frame in an earlier cell
  const rt = {
    output_type: "error" as const,
    ename: "RangeError",
    evalue: "boom",
    traceback: ["RangeError: boom", "    at f (cell [2], line 1)", "    at (cell [5], line 4)"],
  };
  assert.deepEqual(findFailingLine(cell, rt, 5), { number: 4, text: "const d = 4;" });
});

test("describeFailure shows the cell as Jupyter numbers it, every line of the message and the source line", () => {
  const book = nb("x");
  book.cells[0]!.execution_count = 7;
  const text = describeFailure({
    notebook: book,
    seconds: 1,
    metrics: {},
    failure: { cell: 1, ename: "DataFileError", evalue: "2 files missing:\n  a.npz\n  b.npz\n", line: { number: 5, text: "load()" } },
  });
  assert.equal(text, "cell 1 (In [7]): DataFileError: 2 files missing:\n      a.npz\n      b.npz\n    at line 5: load()");
});
