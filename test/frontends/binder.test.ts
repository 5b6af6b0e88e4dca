// binder/ end to end: the repository's files (tracked, or new and not ignored) copied to a clean folder, a fresh venv with
// binder/requirements.txt (as repo2docker installs it), then binder/postBuild: build, the %%typescript
// bridge, the kernelspec in the venv, and the kernel's one-cell check. npm ci itself is not run here (it
// takes minutes): node_modules is hard-linked from this checkout with its install stamp, so postBuild's
// "node_modules is current" branch is what runs; CI's own `npm ci` covers the install from the lock.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { requireBuilt, requireFrontends, ROOT, skipWithoutFrontends } from "./jupyter-server.js";

const temp = mkdtempSync(join(tmpdir(), "tfjs-tune-binder-"));
after(() => rmSync(temp, { recursive: true, force: true }));

/** pip's configured locations as PIP_* variables: the first index as the index, the others extra (the default index is unreachable here). */
function pipEnv(): Record<string, string> {
  const r = spawnSync("python3", ["-m", "pip", "config", "list"], { encoding: "utf8" });
  const value = (key: string) => new RegExp(`^[^=]*\\.${key}='(.*)'$`, "m").exec(r.stdout ?? "")?.[1];
  const indexes = [value("index-url"), value("extra-index-url")]
    .filter((v): v is string => Boolean(v))
    .join(" ")
    .split(/\s+/)
    .filter(Boolean);
  const env: Record<string, string> = { PIP_DISABLE_PIP_VERSION_CHECK: "1" };
  if (indexes.length) env.PIP_INDEX_URL = indexes[0]!;
  if (indexes.length > 1) env.PIP_EXTRA_INDEX_URL = indexes.slice(1).join(" ");
  const links = value("find-links");
  if (links) env.PIP_FIND_LINKS = links;
  return env;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")} failed (exit ${r.status}):\n${out.slice(-6000)}`);
  return out;
}

test(
  "binder/postBuild in a clean copy and venv: builds, installs the bridge, registers the kernel in the venv, and the kernel answers (npm ci skipped: node_modules hard-linked)",
  { skip: skipWithoutFrontends(), timeout: 600_000 },
  () => {
    requireFrontends();
    requireBuilt();
    const clone = join(temp, "repo");
    const files = run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT, process.env).split("\0").filter(Boolean);
    for (const f of files) {
      if (!existsSync(join(ROOT, f))) continue; // deleted in the working tree, not yet committed
      mkdirSync(dirname(join(clone, f)), { recursive: true });
      copyFileSync(join(ROOT, f), join(clone, f));
    }
    assert.ok(!existsSync(join(clone, "dist")) && !existsSync(join(clone, ".venv-frontends")), "the copy holds build outputs");
    // hard links when the temp folder is on the checkout's file system (seconds), a real copy otherwise
    const linked = spawnSync("cp", ["-al", join(ROOT, "node_modules"), join(clone, "node_modules")], { encoding: "utf8" });
    if (linked.status !== 0) {
      rmSync(join(clone, "node_modules"), { recursive: true, force: true });
      run("cp", ["-a", join(ROOT, "node_modules"), join(clone, "node_modules")], ROOT, process.env);
    }

    const venv = join(temp, "venv");
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...pipEnv(),
      PATH: `${join(venv, "bin")}:${process.env.PATH}`,
      VIRTUAL_ENV: venv,
      JUPYTER_PLATFORM_DIRS: "1",
      JUPYTER_DATA_DIR: join(temp, "jupyter-data"),
      JUPYTER_CONFIG_DIR: join(temp, "jupyter-config"),
    };
    delete env.JUPYTER_PATH;
    let t = performance.now();
    run("python3", ["-m", "venv", venv], temp, env);
    run(join(venv, "bin", "python"), ["-m", "pip", "install", "-q", "--no-compile", "-r", join(clone, "binder", "requirements.txt")], clone, env);
    const pipSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const out = run("bash", [join(clone, "binder", "postBuild")], clone, env);
    process.stderr.write(`binder: requirements in ${pipSeconds.toFixed(0)} s, postBuild in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);

    assert.match(out, /npm ci skipped/);
    assert.ok(existsSync(join(clone, "packages", "kernel", "dist", "kernel", "main.js")), "postBuild did not build the kernel");
    const spec = JSON.parse(readFileSync(join(venv, "share", "jupyter", "kernels", "tfjs-tune", "kernel.json"), "utf8")) as { argv: string[] };
    assert.equal(spec.argv[2], join(clone, "packages", "kernel", "dist", "kernel", "main.js"));
    assert.match(out, /kernel tfjs-tune: typescript .*cell status ok/);
    assert.match(out, /^42$/m);
    run(join(venv, "bin", "python"), ["-c", "import tfjs_tune, jupyterlab, notebook"], temp, env);
  },
);
