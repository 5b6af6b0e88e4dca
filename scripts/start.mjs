#!/usr/bin/env node
// `npm start`: the whole set-up and the main job in one command on a fresh clone. Installs the npm
// dependencies when they are missing or older than package-lock.json, builds when a source is newer
// than the build, then runs every notebook headlessly (`tfjs-tune run notebooks --out out`), passing
// the runner's flags through (`npm start -- --smoke`, `--param epochs=2`, `--timeout 600`, `--verbose`).
// Only Node built-ins here: nothing else is installed yet when it starts.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const say = (line) => process.stderr.write(`npm start: ${line}\n`);

function fail(message) {
  say(message);
  process.exit(1);
}

/** Node ≥ 20.19: require() of ES modules (how tslab loads the library) is on by default from there. */
export function nodeOk(version = process.versions.node) {
  const [major, minor] = version.split(".").map(Number);
  return major > 20 || (major === 20 && minor >= 19);
}

/** Hash of package-lock.json: the install is current when node_modules was made from this exact lock. */
function lockHash() {
  return createHash("sha256")
    .update(readFileSync(join(root, "package-lock.json")))
    .digest("hex");
}

const INSTALL_STAMP = join(root, "node_modules", ".tfjs-tune-installed");
const BUILD_OUTPUTS = [join(root, "dist", "cli", "main.js"), join(root, "packages", "kernel", "dist", "cli.js")];

/** True when node_modules exists and was installed from the current package-lock.json. */
export function installIsCurrent() {
  return existsSync(INSTALL_STAMP) && readFileSync(INSTALL_STAMP, "utf8").trim() === lockHash();
}

function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const name of readdirSync(p)) visit(join(p, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

/** True when both builds exist and are newer than every source and config they are made from. */
export function buildIsCurrent() {
  if (!BUILD_OUTPUTS.every((p) => existsSync(p))) return false;
  const built = Math.min(...BUILD_OUTPUTS.map((p) => statSync(p).mtimeMs));
  const sources = ["src", "packages/kernel/src", "tsconfig.json", "tsconfig.build.json", "packages/kernel/tsconfig.build.json", "package.json"].map((p) =>
    join(root, p),
  );
  return newestMtime(sources) <= built;
}

/** Records that node_modules matches package-lock.json (npm's `prepare` calls this after every install). */
export function stampInstall() {
  if (existsSync(join(root, "node_modules"))) writeFileSync(INSTALL_STAMP, `${lockHash()}\n`);
}

/** Builds unless the build is current (npm test's pretest: CI builds once, a second call is a no-op). */
export function buildIfStale() {
  if (buildIsCurrent()) return false;
  run(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build"], "the build");
  return true;
}

function run(command, args, what) {
  const r = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (r.error) fail(`${what} could not start (${r.error.message})`);
  if (r.status !== 0) fail(`${what} failed (exit ${r.status}); see the output above`);
}

/** The runner's command line: notebooks/ and --out out unless the user named notebooks or an output folder. */
export function runnerArgs(userArgs) {
  const valueFlags = new Set(["--out", "--param", "--timeout", "--kernel-cmd"]);
  let positional = false;
  let out = false;
  for (let i = 0; i < userArgs.length; i++) {
    const a = userArgs[i];
    if (a === "--out" || a.startsWith("--out=")) out = true;
    if (valueFlags.has(a)) i++;
    else if (!a.startsWith("-")) positional = true;
  }
  return ["run", ...(positional ? [] : ["notebooks"]), ...(out ? [] : ["--out", "out"]), ...userArgs];
}

function main() {
  if (!nodeOk()) fail(`Node ${process.versions.node} is too old: tfjs-tune needs Node ≥ 20.19 (https://nodejs.org)`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  if (!installIsCurrent()) {
    say(
      existsSync(join(root, "node_modules"))
        ? "package-lock.json changed: reinstalling the npm dependencies"
        : "first run: installing the npm dependencies (1–5 minutes; better-sqlite3 may build from source)",
    );
    run(npm, ["ci", "--no-audit", "--no-fund"], "npm ci");
    stampInstall();
  }
  if (!buildIsCurrent()) say("building the library and the kernel (about a minute)");
  buildIfStale();
  const r = spawnSync(process.execPath, [join(root, "dist", "cli", "main.js"), ...runnerArgs(process.argv.slice(2))], { cwd: root, stdio: "inherit" });
  process.exit(r.status ?? 1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
