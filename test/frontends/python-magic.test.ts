// The %%typescript IPython extension (python/tfjs_tune) against our kernel under a real ipykernel:
// runs python/tests with pytest in .venv-frontends (streams, values, charts with PNG, errors with their
// line, live progress, interrupt, a dead kernel, the direct kernel command). Skipped outside CI when the
// venv is missing (bash scripts/setup-frontends.sh makes it); under CI=true a missing venv fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { requireBuilt, requireFrontends, ROOT, skipWithoutFrontends, VENV_PYTHON } from "./jupyter-server.js";

test("python/tests: %%typescript cells run in the tfjs-tune kernel under ipykernel (pytest)", { skip: skipWithoutFrontends(), timeout: 240_000 }, () => {
  requireFrontends();
  requireBuilt();
  const r = spawnSync(VENV_PYTHON, ["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], {
    cwd: join(ROOT, "python"),
    encoding: "utf8",
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
  });
  assert.equal(r.status, 0, `pytest failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /\b\d+ passed\b/, r.stdout);
  assert.doesNotMatch(r.stdout, /\b(skipped|xfailed|deselected)\b/, r.stdout);
});
