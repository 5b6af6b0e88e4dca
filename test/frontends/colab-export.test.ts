// `tfjs-tune export --colab` end to end: notebook 01 (the data notebook, at its smoke parameters) is
// exported and executed by nbclient under ipykernel (python3) with %%typescript cells, and it must
// report the same metrics as the headless runner does with our kernel, and show its chart as PNG.
// The export's set-up cell must find everything present here and install nothing.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runNotebooks } from "../../packages/kernel/src/runner/run-command.js";
import { seedCacheFrom } from "../../src/chapter/load-hemolysis.js";
import { SHARED_DATA } from "../data/shared-data.js";
import { allOutputs, text } from "../notebooks/executed-notebook.js";
import { KERNEL_MAIN, requireBuilt, requireFrontends, ROOT, skipWithoutFrontends } from "./jupyter-server.js";
import { executeWithNbclient } from "./nbclient.js";

const METRICS_MIME = "application/vnd.tfjs-tune.metrics+json";
const VEGA_LITE = "application/vnd.vegalite.v5+json";
// Below the repository, so that Node finds tfjs-tune and tfjs-tune-kernel in its node_modules (as after the set-up's npm install).
const work = join(ROOT, "test", "frontends", "artifacts", "colab");
const temp = mkdtempSync(join(tmpdir(), "tfjs-tune-colab-"));
after(() => rmSync(temp, { recursive: true, force: true }));

test(
  "notebook 01 exported with --colab runs under ipykernel: same metrics as the headless runner, PNG chart, set-up a no-op",
  { skip: skipWithoutFrontends(), timeout: 300_000 },
  async () => {
    requireFrontends();
    requireBuilt();
    const data = seedCacheFrom(SHARED_DATA, join(temp, "data"));
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const exported = spawnSync(
      process.execPath,
      [join(ROOT, "dist", "cli", "main.js"), "export", "--colab", "--smoke", join(ROOT, "notebooks", "01-data.ipynb"), "--out", work],
      { encoding: "utf8" },
    );
    assert.equal(exported.status, 0, exported.stderr);

    // the headless runner's numbers, with our kernel
    const saved = process.env.TFJS_TUNE_DATA;
    process.env.TFJS_TUNE_DATA = data;
    let headless;
    try {
      [headless] = await runNotebooks([join(ROOT, "notebooks", "01-data.ipynb")], {
        out: join(temp, "headless"),
        params: {},
        smoke: true,
        timeout: 300,
        kernelArgv: [process.execPath, KERNEL_MAIN, "{connection_file}"],
      });
    } finally {
      if (saved === undefined) delete process.env.TFJS_TUNE_DATA;
      else process.env.TFJS_TUNE_DATA = saved;
    }
    assert.equal(headless?.status, "ok", headless?.message);
    assert.ok(Object.keys(headless.metrics).length >= 4, JSON.stringify(headless.metrics));

    const { cells, seconds } = executeWithNbclient(join(work, "01-data.ipynb"), join(work, "01-data.executed.ipynb"), work, { TFJS_TUNE_DATA: data });
    process.stderr.write(`colab export of 01-data ran under ipykernel in ${seconds.toFixed(1)} s\n`);
    const code = cells.filter((c) => c.cell_type === "code");
    // the set-up cell found Node, the npm packages, the bridge and the kernelspec, and ran no command
    const setup = allOutputs([code[0]!])
      .map((o) => text(o.text))
      .join("");
    assert.match(setup, /everything was present, nothing installed/, setup);
    assert.doesNotMatch(setup, /^\$ /m, setup);
    for (const [i, c] of code.entries()) {
      assert.notEqual(c.execution_count ?? null, null, `code cell ${i + 1} did not run`);
      assert.equal(
        (c.outputs ?? []).find((o) => o.output_type === "error"),
        undefined,
        `code cell ${i + 1} failed`,
      );
      if (i > 0) assert.match(text(c.source), /^%%typescript\n/);
    }
    const outputs = allOutputs(code);
    const metrics = outputs.filter((o) => o.data && METRICS_MIME in o.data).map((o) => o.data![METRICS_MIME]);
    assert.deepEqual(metrics, [headless.metrics]);
    const charts = outputs.filter((o) => o.data && VEGA_LITE in o.data);
    assert.ok(charts.length >= 1, "no chart");
    for (const c of charts) assert.equal(Buffer.from(text(c.data!["image/png"]), "base64").subarray(1, 4).toString(), "PNG");
    // what the chapter's readers see printed is there too
    const printed = outputs
      .filter((o) => o.output_type === "stream")
      .map((o) => text(o.text))
      .join("");
    assert.match(printed, /features: 9316 × 190/);
  },
);
