// The README's first command on a fresh clone: `npm start` installs the npm dependencies, builds, and
// runs notebooks with the runner's flags passed through; a second run neither reinstalls nor rebuilds.
// Uses the committed tree (git clone of this repository) and the local npm cache; data is seeded.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { seedCacheFrom } from "../../src/chapter/load-hemolysis.js";

const ROOT = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "..");
const isGit = existsSync(join(ROOT, ".git"));

test(
  "fresh clone: `npm start -- --smoke` installs, builds and runs every notebook (one .html each); the second run reinstalls nothing and passes flags through",
  { skip: isGit ? false : "not a git checkout", timeout: 900_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-clone-"));
    const clone = join(dir, "tfjs-tune");
    const git = spawnSync("git", ["clone", "-q", ROOT, clone], { encoding: "utf8" });
    assert.equal(git.status, 0, git.stderr);
    const data = seedCacheFrom(join(ROOT, "..", "shared", "data"), mkdtempSync(join(tmpdir(), "tfjs-tune-data-")));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TFJS_TUNE_DATA: data,
      npm_config_prefer_offline: "true",
      npm_config_audit: "false",
      npm_config_fund: "false",
    };
    delete env.NODE_OPTIONS; // the test runner's tsx loader is not for the clone's processes
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";

    const first = spawnSync(npm, ["start", "--", "--smoke"], { cwd: clone, env, encoding: "utf8", timeout: 840_000 });
    const log1 = `${first.stdout}\n${first.stderr}`;
    assert.equal(first.status, 0, log1);
    assert.match(first.stderr, /npm start: first run: installing the npm dependencies/, log1);
    assert.match(first.stderr, /npm start: building the library and the kernel/, log1);
    const notebooks = readdirSync(join(clone, "notebooks")).filter((f) => f.endsWith(".ipynb"));
    assert.ok(notebooks.length >= 12, `the chapter's notebooks 00–11, found ${notebooks.join(", ")}`);
    for (const nb of notebooks) {
      const name = nb.replace(/\.ipynb$/, "");
      assert.match(first.stdout, new RegExp(`${name}\\.ipynb\\s+[\\d.]+\\s+ok`), log1);
      assert.ok(existsSync(join(clone, "out", `${name}.html`)), `the executed notebook's HTML page out/${name}.html`);
    }
    assert.ok(existsSync(join(clone, "node_modules", ".tfjs-tune-installed")), "the install stamp is written");

    const second = spawnSync(npm, ["start", "--", "--smoke", "notebooks/01-data.ipynb", "--param", "splitSeed=abc"], {
      cwd: clone,
      env,
      encoding: "utf8",
      timeout: 120_000,
    });
    const log2 = `${second.stdout}\n${second.stderr}`;
    assert.equal(second.status, 1, log2);
    assert.doesNotMatch(second.stderr, /installing|building/, log2);
    assert.match(second.stderr, /^tfjs-tune: --param splitSeed=abc: 01-data declares splitSeed as number .*expected a number, got "abc"$/m, log2);
  },
);
