#!/usr/bin/env node
// Runs every test/**/*.test.ts and packages/*/test/**/*.test.ts with Node's test runner (tsx compiles TypeScript on the fly).
// Node 20's --test does not expand globs, so the file list is built here.
// Usage: node scripts/test.mjs [path-filter ...]   e.g. node scripts/test.mjs test/data
// A full run (no filter, as in CI) first type-checks the whole repository, tests included (tsx strips
// types without checking them, so a test's type error would otherwise never be reported).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = ["test", ...readdirSync("packages").map((p) => join("packages", p, "test"))]
  .filter((d) => existsSync(d))
  .flatMap(walk)
  .filter((f) => filters.length === 0 || filters.some((x) => f.startsWith(x) || f.includes(x)));
if (files.length === 0) {
  console.error(`no test files match ${filters.join(" ") || "test/**/*.test.ts"}`);
  process.exit(1);
}
if (filters.length === 0) {
  console.log("typecheck: tsc -p tsconfig.json --noEmit (src, test, bench, scripts, packages/kernel)");
  const tc = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json", "--noEmit"], { stdio: "inherit" });
  if (tc.status !== 0) {
    console.error("typecheck failed: fix the type errors above (npm run typecheck) before the tests run");
    process.exit(tc.status ?? 1);
  }
}
const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], { stdio: "inherit" });
process.exit(r.status ?? 1);
