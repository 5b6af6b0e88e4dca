// Enforces the layer rules of docs/architecture.md on the import statements of src/**/*.ts, of the
// kernel package and of the notebooks, parsed with the TypeScript compiler (no regexes on source text).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { isBuiltin } from "node:module";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const srcDir = join(root, "src");

/** How a module is reached: a value import/export, a type-only one, `import()`, or `require()`. */
type ImportKind = "static" | "type" | "dynamic" | "require";

/** One import found in a file. */
interface FoundImport {
  /** The module specifier as written. */
  spec: string;
  kind: ImportKind;
  /** 1-based line of the statement. */
  line: number;
}

/** An imported module, classified: one of our areas (`src/<area>/`) or a package name. */
interface Edge extends FoundImport {
  /** Repository-relative path of the importing file. */
  file: string;
  /** The importing file's area (`src/<area>/…`), or `index` for src/index.ts. */
  from: string;
  /** Our area for a relative import, else undefined. */
  area?: string;
  /** The package name (scope included) for a bare specifier, else undefined. */
  pkg?: string;
}

function walk(dir: string, ending: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? walk(p, ending) : p.endsWith(ending) ? [p] : [];
    });
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import "x"` runs x
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return !clause.name && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

/** Every import, export-from, `import()`, `import("x").T` and `require("x")` in a source text. */
function findImports(fileName: string, text: string): FoundImport[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: FoundImport[] = [];
  const add = (spec: string, kind: ImportKind, node: ts.Node) => found.push({ spec, kind, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, isTypeOnlyImport(node) ? "type" : "static", node);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly ? "type" : "static", node);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      add(node.moduleReference.expression.text, node.isTypeOnly ? "type" : "require", node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, "type", node);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      const spec = node.arguments[0].text;
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) add(spec, "dynamic", node);
      else if (ts.isIdentifier(node.expression) && node.expression.text === "require") add(spec, "require", node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function packageName(spec: string): string {
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function areaOf(absFile: string): string {
  const rel = relative(srcDir, absFile).split("/");
  return rel.length === 1 ? "index" : rel[0];
}

const srcFiles = walk(srcDir, ".ts");
const edges: Edge[] = srcFiles.flatMap((abs) => {
  const file = relative(root, abs);
  const from = areaOf(abs);
  return findImports(abs, readFileSync(abs, "utf8")).map((imp): Edge => {
    if (imp.spec.startsWith(".")) {
      const target = resolve(dirname(abs), imp.spec);
      assert.ok(target.startsWith(srcDir + "/"), `${file}:${imp.line} imports ${imp.spec}, outside src/`);
      return { ...imp, file, from, area: areaOf(target) };
    }
    return { ...imp, file, from, pkg: imp.spec.startsWith("node:") ? imp.spec : packageName(imp.spec) };
  });
});

const where = (e: Edge) => `${e.file}:${e.line} (${e.kind} import of "${e.spec}")`;
const outsideArea = (e: Edge) => e.area !== undefined && e.area !== e.from;
const isTfjs = (e: Edge) => e.pkg !== undefined && e.pkg.startsWith("@tensorflow/");

/**
 * Which of our areas each area may import (any kind), from the layer picture of docs/architecture.md.
 * `index` is the entry files at src/ (index.ts, sqlite.ts, postgres.ts). Generic areas never import
 * `chapter`; notebook -> data and plot -> hpo/data/train are for types only (see `typeOnlyAreas`).
 */
const allowedAreas: Record<string, readonly string[]> = {
  util: [],
  data: ["util"],
  backend: ["util"],
  model: ["util"],
  hpo: ["util"],
  train: ["data", "backend", "util", "model"],
  plot: ["util"],
  stats: ["util"],
  notebook: ["plot", "train", "hpo", "util"],
  chapter: ["data", "backend", "model", "train", "util", "hpo", "stats"],
  cli: ["util", "data", "backend", "model", "train", "hpo", "plot", "notebook", "chapter", "stats"],
  index: ["util", "data", "backend", "model", "train", "hpo", "plot", "notebook", "stats"],
};

/** Areas an area may import types from (erased at runtime), on top of `allowedAreas`. */
const typeOnlyAreas: Record<string, readonly string[]> = {
  plot: ["hpo", "data", "train"],
  notebook: ["data"],
};

test("every src file is in a known area", () => {
  const unknown = [...new Set(srcFiles.map((f) => areaOf(f)))].filter((a) => !(a in allowedAreas));
  assert.deepEqual(unknown, [], `areas missing from the architecture test: ${unknown.join(", ")}`);
  assert.ok(edges.length > 100, `expected the import graph of src/, found only ${edges.length} imports`);
});

test("util imports nothing of ours", () => {
  const bad = edges.filter((e) => e.from === "util" && outsideArea(e)).map(where);
  assert.deepEqual(bad, []);
});

test("data imports neither tfjs nor any area but util", () => {
  const bad = edges.filter((e) => e.from === "data" && (isTfjs(e) || (outsideArea(e) && e.area !== "util"))).map(where);
  assert.deepEqual(bad, []);
});

test("hpo imports neither tfjs nor model, train, plot, notebook, kernel, cli (nor backend, data)", () => {
  const banned = new Set(["model", "train", "plot", "notebook", "kernel", "cli", "backend", "data"]);
  const bad = edges.filter((e) => e.from === "hpo" && (isTfjs(e) || banned.has(e.area ?? ""))).map(where);
  assert.deepEqual(bad, []);
});

test("each area imports only the areas the layer picture allows (train -> model accepted)", () => {
  const bad = edges
    .filter((e) => outsideArea(e))
    .filter((e) => {
      const area = e.area as string;
      if (allowedAreas[e.from]?.includes(area)) return false;
      return !(e.kind === "type" && typeOnlyAreas[e.from]?.includes(area));
    })
    .map((e) => `${e.from} -> ${e.area}: ${where(e)}`);
  assert.deepEqual(bad, []);
});

test("plot loads vega and vega-lite only through import() in render.ts, and has no display side effects", () => {
  const plotEdges = edges.filter((e) => e.from === "plot");
  const vega = plotEdges.filter((e) => e.pkg === "vega" || e.pkg === "vega-lite" || e.pkg === "vega-embed");
  assert.ok(vega.length > 0, "render.ts is expected to load vega-lite and vega");
  const bad = vega.filter((e) => e.kind !== "type" && (e.kind !== "dynamic" || e.file !== "src/plot/render.ts"));
  assert.deepEqual(bad.map(where), []);
  const displayers = plotEdges.filter((e) => e.pkg === "tslab" || e.pkg === "zeromq" || e.pkg === "node:fs" || e.pkg === "fs");
  assert.deepEqual(displayers.map(where), [], "plot must not reach display or files");
  // Writes to the outside world, found in the syntax tree (comments and strings do not count).
  const sideEffects: string[] = [];
  for (const abs of srcFiles.filter((f) => areaOf(f) === "plot")) {
    const sf = ts.createSourceFile(abs, readFileSync(abs, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
        const obj = node.expression.text;
        const prop = node.name.text;
        if (obj === "console" || (obj === "process" && (prop === "stdout" || prop === "stderr"))) {
          const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
          sideEffects.push(`${relative(root, abs)}:${line} ${obj}.${prop}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  assert.deepEqual(sideEffects, []);
});

test("util, data, hpo, plot and index do not import tfjs, not even for types", () => {
  const tfjsFree = new Set(["util", "data", "hpo", "plot", "index", "stats"]);
  const bad = edges.filter((e) => isTfjs(e) && tfjsFree.has(e.from)).map(where);
  assert.deepEqual(bad, []);
});

test("src loads at runtime only Node built-ins and packages listed in dependencies or peerDependencies", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
  const runtime = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  const bad = edges.filter((e) => e.pkg !== undefined && e.kind !== "type" && !isBuiltin(e.spec) && !runtime.has(e.pkg)).map(where);
  assert.deepEqual(bad, []);
});

/** Lines of `await` (or `for await`) at a file's top level, i.e. not inside any function body. */
function topLevelAwaitLines(fileName: string, text: string): number[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node)) return;
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) {
      lines.push(sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return lines;
}

test("no top-level await anywhere in src", () => {
  const found = srcFiles.flatMap((abs) => topLevelAwaitLines(abs, readFileSync(abs, "utf8")).map((line) => `${relative(root, abs)}:${line}`));
  assert.deepEqual(found, []);
});

test("the top-level-await finder sees one and ignores awaits inside functions", () => {
  const inside = "export async function f() { await 1; const g = async () => { for await (const x of []) {} }; }\n";
  assert.deepEqual(topLevelAwaitLines("probe.ts", inside), []);
  assert.deepEqual(topLevelAwaitLines("probe.ts", inside + "await f();\nfor await (const y of []) {}\n"), [2, 3]);
});

test("the built package loads with require() (no top-level await in its whole module graph)", (t) => {
  const entry = join(root, "dist", "index.js");
  if (!existsSync(entry)) {
    t.skip("dist/index.js not built (npm run build; npm test builds first)");
    return;
  }
  const script = `const m = require(${JSON.stringify(entry)}); process.stdout.write(String(Object.keys(m).length));`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, `require(dist/index.js) failed:\n${r.stderr}`);
  assert.ok(Number(r.stdout) > 50, `dist/index.js exports only ${r.stdout} names`);
});

const NOTEBOOK_ENTRIES = new Set(["tfjs-tune", "tfjs-tune/chapter", "tfjs-tune/hpo"]);

test("notebooks import only the package by name (tfjs-tune and its chapter and hpo entries)", () => {
  const notebooks = walk(join(root, "notebooks"), ".ipynb").filter((f) => !f.includes(".ipynb_checkpoints"));
  assert.ok(notebooks.length > 0, "no notebooks found");
  const bad: string[] = [];
  let cells = 0;
  for (const abs of notebooks) {
    const nb = JSON.parse(readFileSync(abs, "utf8")) as { cells: { cell_type: string; source: string | string[] }[] };
    nb.cells.forEach((cell, index) => {
      if (cell.cell_type !== "code") return;
      cells += 1;
      const text = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      for (const imp of findImports(`cell${index}.ts`, text)) {
        if (!NOTEBOOK_ENTRIES.has(imp.spec)) bad.push(`${relative(root, abs)} cell ${index} line ${imp.line}: "${imp.spec}"`);
      }
    });
  }
  assert.ok(cells > 0, "the notebooks have no code cells");
  assert.deepEqual(bad, []);
});

test("the import finder classifies static, type-only, dynamic and require imports", () => {
  const text = [
    'import a from "a";',
    'import type { B } from "b";',
    'import { type C } from "c";',
    'export { d } from "./d.js";',
    'type E = import("e").E;',
    'async function f() { return import("f"); }',
    'const g = require("g");',
    'import "h";',
  ].join("\n");
  assert.deepEqual(
    findImports("probe.ts", text).map((i) => `${i.spec}:${i.kind}:${i.line}`),
    ["a:static:1", "b:type:2", "c:type:3", "./d.js:static:4", "e:type:5", "f:dynamic:6", "g:require:7", "h:static:8"],
  );
});

test("generic code never imports the chapter: only the command line reaches src/chapter", () => {
  const bad = edges.filter((e) => e.area === "chapter" && e.from !== "chapter" && e.from !== "cli").map(where);
  assert.deepEqual(bad, []);
});

/** The import cycles among `files` (each as a list of repository-relative paths), type-only edges included. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, "open");
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === "open") found.push([...stack.slice(stack.indexOf(g)), g]);
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of [...graph.keys()].sort()) if (!state.has(f)) visit(f);
  return found;
}

function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const abs of files) {
    const targets = findImports(abs, readFileSync(abs, "utf8"))
      .filter((i) => i.spec.startsWith("."))
      .map((i) => relative(root, resolve(dirname(abs), i.spec)).replace(/\.js$/, ".ts"));
    graph.set(relative(root, abs), targets);
  }
  return graph;
}

const kernelSrc = join(root, "packages", "kernel", "src");
const kernelFiles = walk(kernelSrc, ".ts");

test("no import circles in src/ or in the kernel package (type-only imports count)", () => {
  assert.deepEqual(
    cycles(importGraph(srcFiles)).map((c) => c.join(" -> ")),
    [],
  );
  assert.deepEqual(
    cycles(importGraph(kernelFiles)).map((c) => c.join(" -> ")),
    [],
  );
});

test("the cycle finder finds a two-file circle and nothing in a chain", () => {
  assert.deepEqual(
    cycles(
      new Map([
        ["a", ["b"]],
        ["b", ["a"]],
      ]),
    ),
    [["a", "b", "a"]],
  );
  assert.deepEqual(
    cycles(
      new Map([
        ["a", ["b"]],
        ["b", ["c"]],
        ["c", []],
      ]),
    ),
    [],
  );
});

test("the kernel package reaches the library only for types (starting a kernel never loads tfjs), and never ../../src", () => {
  const bad: string[] = [];
  for (const abs of kernelFiles) {
    for (const imp of findImports(abs, readFileSync(abs, "utf8"))) {
      const at = `${relative(root, abs)}:${imp.line} ("${imp.spec}")`;
      if (imp.spec.startsWith(".") && !resolve(dirname(abs), imp.spec).startsWith(kernelSrc + "/")) bad.push(`outside the package: ${at}`);
      if ((imp.spec === "tfjs-tune" || imp.spec.startsWith("tfjs-tune/")) && imp.kind !== "type") bad.push(`value import of the library: ${at}`);
      if (imp.spec.startsWith("@tensorflow/")) bad.push(`tfjs: ${at}`);
    }
  }
  assert.ok(kernelFiles.length > 10, `expected the kernel package's sources, found ${kernelFiles.length}`);
  assert.deepEqual(bad, []);
});

test("what the code cites lives in the repository: every docs/*.md named exists, nothing cites ../shared but its data", () => {
  const files = [...srcFiles, ...kernelFiles, ...walk(join(root, "bench"), ".ts"), ...walk(join(root, "scripts"), ".mjs")];
  const missing: string[] = [];
  const shared: string[] = [];
  let cited = 0;
  for (const abs of files) {
    const text = readFileSync(abs, "utf8");
    for (const m of text.matchAll(/\bdocs\/([\w.-]+\.md)/g)) {
      cited++;
      if (!existsSync(join(root, "docs", m[1]))) missing.push(`${relative(root, abs)}: docs/${m[1]}`);
    }
    for (const m of text.matchAll(/shared\/(?!data\b)[\w/.-]+/g)) shared.push(`${relative(root, abs)}: ${m[0]}`);
  }
  assert.ok(cited >= 3, `expected the code to cite docs/, found ${cited} citations`);
  assert.deepEqual(missing, []);
  assert.deepEqual(shared, []);
});
