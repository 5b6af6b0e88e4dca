#!/usr/bin/env node
// Makes `import { … } from "tfjs-tune"` resolve inside this repository's notebooks: creates the symlink
// node_modules/tfjs-tune -> .. (the project root). tslab type-checks cells with moduleResolution Node10,
// which ignores package self-references, so a node_modules entry is needed. Idempotent; run by `npm prepare`
// and by the kernel at start-up. Does nothing when this package is itself installed inside node_modules.
import { existsSync, lstatSync, mkdirSync, readlinkSync, symlinkSync, unlinkSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Ensures <root>/node_modules/tfjs-tune is a symlink to root; returns a short status word. */
export function linkSelf(projectRoot = root) {
  if (projectRoot.split(sep).includes("node_modules")) return "skipped (installed as a dependency)";
  const nm = join(projectRoot, "node_modules");
  if (!existsSync(nm)) mkdirSync(nm, { recursive: true });
  const link = join(nm, "tfjs-tune");
  let stat;
  try {
    stat = lstatSync(link);
  } catch {
    stat = undefined;
  }
  if (stat) {
    if (stat.isSymbolicLink() && resolve(nm, readlinkSync(link)) === projectRoot) return "ok";
    if (!stat.isSymbolicLink()) return `left alone (${link} exists and is not a symlink)`;
    unlinkSync(link);
  }
  symlinkSync("..", link, "dir");
  return "created";
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`link-self: node_modules/tfjs-tune -> ${root}: ${linkSelf()}`);
}
