// The public entries of package.json: each lists its names on purpose (no `export *`), the lists are
// snapshotted (a change of the public API is a deliberate diff of test/entries.snapshot.json; refresh it
// with UPDATE_SNAPSHOTS=1), tfjs-tune/hpo loads no tfjs, and the heavy parts are not the library's dependencies.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  exports: Record<string, string | { types: string; default: string }>;
  typesVersions: Record<string, Record<string, string[]>>;
  dependencies: Record<string, string>;
};
const entries = Object.entries(pkg.exports).filter((e): e is [string, { types: string; default: string }] => typeof e[1] === "object");
const snapshotFile = join(root, "test", "entries.snapshot.json");

/** "value name" / "type name" for every export of a built .d.ts, sorted. */
function exportedNames(dts: string): string[] {
  const program = ts.createProgram([dts], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(dts);
  assert.ok(sf, `cannot read ${dts}`);
  const mod = checker.getSymbolAtLocation(sf);
  assert.ok(mod, `${dts} is not a module`);
  return checker
    .getExportsOfModule(mod)
    .map((s) => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      return `${target.flags & ts.SymbolFlags.Value ? "value" : "type"} ${s.name}`;
    })
    .sort();
}

test("every entry is built and its export list matches the snapshot", (t) => {
  const missing = entries.filter(([, e]) => !existsSync(join(root, e.types)));
  if (missing.length > 0) {
    t.skip(`not built: ${missing.map(([k]) => k).join(", ")} (npm run build)`);
    return;
  }
  const now = Object.fromEntries(entries.map(([k, e]) => [k, exportedNames(join(root, e.types))]));
  if (process.env.UPDATE_SNAPSHOTS === "1") writeFileSync(snapshotFile, JSON.stringify(now, null, 2) + "\n");
  const then = JSON.parse(readFileSync(snapshotFile, "utf8")) as Record<string, string[]>;
  for (const [k] of entries) {
    const added = now[k].filter((n) => !then[k]?.includes(n));
    const removed = (then[k] ?? []).filter((n) => !now[k].includes(n));
    assert.deepEqual(
      { entry: k, added, removed },
      { entry: k, added: [], removed: [] },
      "the public API changed: if on purpose, run UPDATE_SNAPSHOTS=1 node scripts/test.mjs test/entries",
    );
  }
  assert.deepEqual(Object.keys(then).sort(), Object.keys(now).sort());
  for (const [k, names] of Object.entries(now)) assert.ok(names.length > 0, `${k} exports nothing`);
});

test("no public entry re-exports with `export *`, and each has a typesVersions path for tslab's Node10 resolution", () => {
  for (const [k, e] of entries) {
    const src = join(root, e.default.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"));
    const sf = ts.createSourceFile(src, readFileSync(src, "utf8"), ts.ScriptTarget.Latest, true);
    const stars = sf.statements.filter((s) => ts.isExportDeclaration(s) && s.exportClause === undefined);
    assert.equal(stars.length, 0, `${k} (${src}) uses export *`);
    if (k !== ".") assert.deepEqual(pkg.typesVersions["*"][k.slice(2)], [e.types.slice(2)], `typesVersions for ${k}`);
  }
});

/** Runs `script` in a fresh Node process in the repository (so "tfjs-tune" resolves through node_modules). */
function node(script: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8", timeout: 60_000 });
}

test("require('tfjs-tune/hpo') loads no @tensorflow module; the root entry does", (t) => {
  if (!existsSync(join(root, "dist", "hpo", "index.js"))) {
    t.skip("not built");
    return;
  }
  const probe = (entry: string) =>
    `const m = require(${JSON.stringify(entry)}); const tf = Object.keys(require.cache).filter((f) => f.includes("/@tensorflow/"));` +
    `process.stdout.write(JSON.stringify({ names: Object.keys(m).length, tf: tf.length }));`;
  const hpo = node(probe("tfjs-tune/hpo"));
  assert.equal(hpo.status, 0, hpo.stderr);
  const h = JSON.parse(hpo.stdout) as { names: number; tf: number };
  assert.ok(h.names > 50, `tfjs-tune/hpo exports ${h.names} runtime names`);
  assert.equal(h.tf, 0, "tfjs-tune/hpo loaded @tensorflow modules");
  const all = node(probe("tfjs-tune"));
  assert.equal(all.status, 0, all.stderr);
  assert.ok((JSON.parse(all.stdout) as { tf: number }).tf > 0, "the probe sees tfjs when the root entry loads it");
});

test("the root entry builds on tfjs-core, tfjs-layers and the cpu backend, not on the @tensorflow/tfjs bundle", (t) => {
  if (!existsSync(join(root, "dist", "index.js"))) {
    t.skip("not built");
    return;
  }
  // a tensor op right after loading the entry: the cpu backend is registered without ensureBackend
  const r = node(
    `require("tfjs-tune"); const tf = require("@tensorflow/tfjs-core"); const sum = tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0];` +
      `const pkgs = new Set(Object.keys(require.cache).map((f) => f.split("node_modules/").pop().split("/").slice(0, 2).join("/")).filter((p) => p.startsWith("@tensorflow/")));` +
      `process.stdout.write(JSON.stringify({ sum, pkgs: [...pkgs].sort() }));`,
  );
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { sum: 3, pkgs: ["@tensorflow/tfjs-backend-cpu", "@tensorflow/tfjs-core", "@tensorflow/tfjs-layers"] });
  assert.ok(!("@tensorflow/tfjs" in pkg.dependencies), "@tensorflow/tfjs (converter, data, webgl and bundles) is a dev dependency only");
});

test("tfjs-tune/sqlite, tfjs-tune/postgres and tfjs-tune/chapter resolve and load", (t) => {
  if (!existsSync(join(root, "dist", "sqlite.js"))) {
    t.skip("not built");
    return;
  }
  const r = node(
    `const s = require("tfjs-tune/sqlite"), p = require("tfjs-tune/postgres"), c = require("tfjs-tune/chapter");` +
      `process.stdout.write([typeof s.sqliteStorage, typeof p.postgresStorage, typeof c.loadHemolysis].join(","));`,
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "function,function,function");
});

test("the library's own dependencies include none of pg, better-sqlite3, zeromq, tslab", () => {
  const heavy = ["pg", "better-sqlite3", "zeromq", "tslab", "marked"].filter((d) => d in pkg.dependencies);
  assert.deepEqual(heavy, []);
});

test("every public name has a doc comment", (t) => {
  const built = entries.filter(([, e]) => existsSync(join(root, e.types)));
  if (built.length < entries.length) {
    t.skip("not built");
    return;
  }
  const files = built.map(([, e]) => join(root, e.types));
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const undocumented: string[] = [];
  let checked = 0;
  for (const [k, e] of built) {
    const mod = checker.getSymbolAtLocation(program.getSourceFile(join(root, e.types)) as ts.SourceFile) as ts.Symbol;
    for (const s of checker.getExportsOfModule(mod)) {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      const docs = ts.displayPartsToString(target.getDocumentationComment(checker)).trim();
      checked++;
      if (docs.length === 0) undocumented.push(`${k}: ${s.name}`);
    }
  }
  assert.ok(checked > 300, `checked only ${checked} names`);
  assert.deepEqual(undocumented, []);
});
