// tfjs's "looks like you are running TensorFlow.js in Node.js" banner never shows; our backend line shows once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "..");

/** `tfjs`: what a user imports beside the library (the @tensorflow/tfjs bundle, or tfjs-core as the library does). */
function run(env: Record<string, string>, tfjs = "@tensorflow/tfjs"): string {
  const script = `
    const tf = await import(${JSON.stringify(tfjs)});
    const { ensureBackend } = await import(${JSON.stringify(resolve(ROOT, "src/index.ts"))});
    tf.tensor([1]).dispose();            // before ensureBackend: tfjs picks cpu by itself
    await ensureBackend(); await ensureBackend();
    await tf.setBackend("cpu"); tf.tensor([2]).dispose();
    console.log("ok");`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, TFJS_TUNE_QUIET: "", ...env },
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /ok/);
  return r.stderr;
}

test("no tfjs Node.js banner, one backend line (automatic and forced cpu; beside the tfjs bundle or tfjs-core alone)", { timeout: 120_000 }, () => {
  for (const tfjs of ["@tensorflow/tfjs", "@tensorflow/tfjs-core"])
    for (const env of [{}, { TFJS_TUNE_BACKEND: "cpu" }] as Record<string, string>[]) {
      const err = run(env, tfjs);
      assert.doesNotMatch(err, /looks like you are running TensorFlow\.js/, `${tfjs}: ${err}`);
      assert.equal(err.match(/tfjs-tune: using the \w+ backend/g)?.length, 1, `${tfjs}: ${err}`);
    }
});
