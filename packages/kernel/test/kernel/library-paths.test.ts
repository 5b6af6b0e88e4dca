import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { forwardCompilerPaths, nodeModulesOf, pathForwarder, resolvableFrom, type TsSys } from "../../src/kernel/library-paths.js";

function fixture() {
  const root = mkdtempSync(join(tmpdir(), "tfjs-tune-paths-"));
  const lib = join(root, "install", "node_modules");
  for (const name of ["tfjs-tune", "@tensorflow/tfjs", "local-only"]) {
    mkdirSync(join(lib, name), { recursive: true });
    writeFileSync(join(lib, name, "package.json"), JSON.stringify({ name }));
  }
  const nbDir = join(root, "elsewhere", "notebooks");
  mkdirSync(join(root, "elsewhere", "node_modules", "local-only"), { recursive: true });
  writeFileSync(join(root, "elsewhere", "node_modules", "local-only", "package.json"), "{}");
  mkdirSync(nbDir, { recursive: true });
  return { root, lib, nbDir };
}

test("pathForwarder shows the kernel's packages under the notebook folder's node_modules, unless the folder (or one above) has its own", () => {
  const { lib, nbDir } = fixture();
  const forward = pathForwarder(nbDir, lib);
  assert.equal(forward(join(nbDir, "node_modules", "tfjs-tune", "dist", "index.d.ts")), join(lib, "tfjs-tune", "dist", "index.d.ts"));
  assert.equal(forward(join(nbDir, "node_modules", "@tensorflow", "tfjs", "package.json")), join(lib, "@tensorflow", "tfjs", "package.json"));
  // found above the notebook folder: left alone
  assert.equal(forward(join(nbDir, "node_modules", "local-only", "package.json")), join(nbDir, "node_modules", "local-only", "package.json"));
  // not in the kernel's folder, or not under node_modules: left alone
  assert.equal(forward(join(nbDir, "node_modules", "absent", "x.d.ts")), join(nbDir, "node_modules", "absent", "x.d.ts"));
  assert.equal(forward(join(nbDir, "data.csv")), join(nbDir, "data.csv"));
  assert.equal(resolvableFrom("local-only", nbDir), true);
  assert.equal(resolvableFrom("tfjs-tune", nbDir), false);
});

test("forwardCompilerPaths routes the compiler's file reads; nodeModulesOf finds this repository's own node_modules", () => {
  const { lib, nbDir } = fixture();
  const seen: string[] = [];
  const sys: TsSys = {
    fileExists: (p) => (seen.push(p), p.startsWith(lib)),
    directoryExists: (p) => p.startsWith(lib),
    readFile: (p) => (p.startsWith(lib) ? "text" : undefined),
    realpath: (p) => p,
    getDirectories: () => [],
  };
  forwardCompilerPaths(sys, nbDir, lib);
  assert.equal(sys.fileExists(join(nbDir, "node_modules", "tfjs-tune", "package.json")), true);
  assert.equal(sys.directoryExists(join(nbDir, "node_modules")), true);
  assert.equal(sys.readFile(join(nbDir, "node_modules", "tfjs-tune", "package.json")), "text");
  assert.equal(sys.realpath!(join(nbDir, "node_modules", "tfjs-tune", "x.d.ts")), join(lib, "tfjs-tune", "x.d.ts"));
  assert.equal(sys.fileExists(join(nbDir, "other.ts")), false);
  const here = nodeModulesOf("tfjs-tune", import.meta.filename ?? new URL(import.meta.url).pathname);
  assert.ok(here && here.endsWith("node_modules"), String(here));
});
