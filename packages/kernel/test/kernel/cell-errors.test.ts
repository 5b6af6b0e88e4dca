import { test } from "node:test";
import assert from "node:assert/strict";
import { alignLines, CellLineMap, diagnosticsError, runtimeError } from "../../src/kernel/cell-errors.js";

const source = `import * as os from "os";
interface P { x: number }
const a: number = 1;
function f(x: number): number {
  if (x > 0) {
    throw new Error("boom " + os.platform());
  }
  return x;
}
f(a);`;
// What tslab's converter emits for it (helpers elided).
const compiled = `Object.defineProperty(exports, "__esModule", { value: true });
exports.a = exports.os = exports.f = void 0;
const os = __importStar(require("os"));
exports.os = os;
const a = 1;
exports.a = a;
function f(x) {
    if (x > 0) {
        throw new Error("boom " + os.platform());
    }
    return x;
}
exports.f = f;
f(a);`;

test("alignLines maps converted JS lines back to the TypeScript lines", () => {
  const map = alignLines(source, compiled);
  assert.equal(map[8], 5, "throw");
  assert.equal(map[13], 9, "f(a)");
  assert.equal(map[6], 3, "function f");
  assert.equal(map[5], 2, "exports.a = a follows const a");
});

test("runtimeError shows the cell line, its source and the function", () => {
  const lines = new CellLineMap();
  lines.add({ filename: "cell-4", label: "cell [2]", source, compiled, lineOffset: 0 });
  const err = new Error("boom linux");
  err.stack = "Error: boom linux\n    at Proxy.f (cell-4:9:15)\n    at cell-4:14:1\n    at Script.runInThisContext (node:vm:135:14)";
  const e = runtimeError(err, lines);
  assert.equal(e.ename, "Error");
  assert.equal(e.evalue, "boom linux");
  assert.equal(e.traceback[1], "    at f (cell [2], line 6)");
  assert.ok(e.traceback.some((l) => /---> 6 \|\s+throw new Error/.test(l)));
  assert.ok(e.traceback.includes("    at (cell [2], line 10)"));
  assert.ok(!e.traceback.some((l) => l.includes("node:vm")));
  assert.deepEqual(runtimeError("just a string", lines).ename, "string");
});

test("diagnosticsError names the first diagnostic and points a caret at it", () => {
  const e = diagnosticsError(
    [
      {
        start: { offset: 6, line: 0, character: 6 },
        end: { offset: 7, line: 0, character: 7 },
        messageText: "Type 'string' is not assignable to type 'number'.",
        category: 1,
        code: 2322,
      },
    ],
    'const n: number = "x";',
    "cell [1]",
  );
  assert.equal(e.ename, "TSError");
  assert.equal(e.evalue, "1:7 - Type 'string' is not assignable to type 'number'.");
  assert.ok(e.traceback.includes('---> 1 | const n: number = "x";'));
  assert.ok(
    e.traceback.some((l) => /^ {15}\^$/.test(l)),
    e.traceback.join("\n"),
  );
});
