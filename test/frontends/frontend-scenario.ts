// The real-browser scenario run against JupyterLab 4 and Notebook 7 (jupyterlab.test.ts, notebook7.test.ts):
// a chapter notebook (02, at its smoke parameters) with Run All, then a probe notebook for what a person
// checks by hand: a type error and a thrown error with their message and line, Interrupt of a busy loop,
// Tab completion, Shift-Tab inspection, Restart. Screenshots go to test/frontends/artifacts/<app>/.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { injectParameters } from "../../packages/kernel/src/runner/execute-notebook.js";
import { readNotebook, serializeNotebook, type Notebook } from "../../packages/kernel/src/runner/notebook-format.js";
import { smokeParameters } from "../../packages/kernel/src/runner/run-command.js";
import { seedCacheFrom } from "../../src/chapter/load-hemolysis.js";
import { SHARED_DATA } from "../data/shared-data.js";
import { launchBrowser } from "./browser.js";
import { ROOT, startJupyter } from "./jupyter-server.js";
import {
  codeCells,
  editCellEnd,
  menu,
  openNotebook,
  outputText,
  runCell,
  startCell,
  waitCellBusy,
  waitCellsRan,
  waitKernelIdle,
  type App,
  type CellView,
} from "./notebook-page.js";

const CHAPTER = "02-baseline";

/** The probe notebook's cells, in the order the scenario runs them. */
const PROBE = [
  'const greeting: string = "hello";\nconst answer = 42;',
  "const fine = 1;\nconst wrong: string = fine;",
  'function fail(): never {\n  throw new RangeError("probe failure 7");\n}\nfail();',
  "let spins = 0;\nwhile (true) {\n  spins++;\n}",
  "answer + 1",
  "greet",
  "Math.max",
  "answer",
  "1 + 1",
] as const;

function probeNotebook(): Notebook {
  const nb = readNotebook(join(ROOT, "notebooks", `${CHAPTER}.ipynb`));
  nb.cells = PROBE.map((source, i) => ({ id: `probe-${i}`, cell_type: "code", source, metadata: {}, outputs: [], execution_count: null }));
  delete nb.metadata["tfjs-tune"];
  return nb;
}

/** Runs the whole scenario in `app`; throws an assertion error with a screenshot saved on the way. */
export async function frontendScenario(app: App): Promise<void> {
  const artifacts = join(ROOT, "test", "frontends", "artifacts", app);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), `tfjs-tune-${app}-work-`));
  const data = seedCacheFrom(SHARED_DATA, join(work, ".data"));
  const chapter = readNotebook(join(ROOT, "notebooks", `${CHAPTER}.ipynb`));
  injectParameters(chapter, smokeParameters(chapter, CHAPTER), CHAPTER);
  writeFileSync(join(work, `${CHAPTER}.ipynb`), serializeNotebook(chapter));
  writeFileSync(join(work, "probe.ipynb"), serializeNotebook(probeNotebook()));

  const server = await startJupyter(app, work, { TFJS_TUNE_DATA: data });
  const browser = await launchBrowser();
  const page = browser.page;
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  const t0 = Date.now();
  const log = (what: string) => process.stderr.write(`${app}: ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  try {
    // ---- the chapter notebook: Run All, every cell ran without error, the loss chart drawn by Vega
    await openNotebook(page, server, app, `${CHAPTER}.ipynb`);
    log("chapter notebook open, kernel idle");
    await menu(page, "Run", "Run All Cells");
    await waitCellsRan(page, 180_000);
    await waitKernelIdle(server, `${CHAPTER}.ipynb`, 30_000);
    log("Run All done");
    await shot("chapter-run-all");
    const cells = await codeCells(page);
    const sources = chapter.cells.filter((c) => c.cell_type === "code");
    assert.equal(cells.length, sources.length);
    for (const [i, cell] of cells.entries()) {
      const tags = sources[i]!.metadata.tags ?? [];
      assert.match(cell.prompt, /\[\d+\]/, `cell ${i + 1} did not run: ${cell.prompt}`);
      if (!tags.includes("parameters") && !tags.includes("injected-parameters")) assert.ok(cell.outputs.length > 0, `code cell ${i + 1} shows no output`);
      assert.ok(
        !cell.outputs.some((o) => /Traceback|TSError|Error: /.test(o.text) && o.mime === "application/vnd.jupyter.stderr"),
        `code cell ${i + 1} shows an error: ${outputText(cell)}`,
      );
    }
    const charts = cells.flatMap((c) => c.outputs).filter((o) => o.mime === "vega");
    assert.ok(charts.length >= 2, `expected the loss chart and the ROC chart as Vega-Lite outputs, found ${charts.length}`);
    assert.ok(
      charts.every((c) => c.graphic),
      "a Vega-Lite output holds no svg/canvas: the chart was not drawn",
    );
    const lossChart = page.locator(".jp-OutputArea-output.jp-RenderedVegaCommon5").first();
    await lossChart.scrollIntoViewIfNeeded();
    await lossChart.screenshot({ path: join(artifacts, "loss-chart.png") });
    // the saved notebook agrees: no error output anywhere
    await page.keyboard.press("Control+s");
    await page.waitForTimeout(1000);
    const saved = JSON.parse(readFileSync(join(work, `${CHAPTER}.ipynb`), "utf8")) as Notebook;
    const errors = saved.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "error");
    assert.deepEqual(errors, [], "the saved notebook holds error outputs");

    // ---- the probe notebook
    await openNotebook(page, server, app, "probe.ipynb");
    log("probe notebook open");
    await runCell(page, 0);
    const typeError = await runCell(page, 1);
    assert.match(outputText(typeError), /2:7 - error TS2322: Type 'number' is not assignable to type 'string'/, outputText(typeError));
    assert.match(outputText(typeError), /---> 2 \| const wrong: string = fine;/, outputText(typeError));
    const thrown = await runCell(page, 2);
    assert.match(outputText(thrown), /RangeError: probe failure 7/, outputText(thrown));
    assert.match(outputText(thrown), /line 2/, outputText(thrown));
    await shot("probe-errors");

    // Interrupt stops a busy loop; the kernel keeps its variables
    await startCell(page, 3);
    await waitCellBusy(page, 3);
    await page.waitForTimeout(1500);
    const interruptedAt = Date.now();
    await menu(page, "Kernel", "Interrupt Kernel");
    await waitCellsRan(page, 20_000, [3]);
    log(`interrupted after ${((Date.now() - interruptedAt) / 1000).toFixed(1)} s`);
    assert.match(outputText((await codeCells(page))[3]!), /KeyboardInterrupt/);
    const after = await runCell(page, 4);
    assert.match(outputText(after), /^43$/m, outputText(after));

    // Tab completion and Shift-Tab inspection answer
    await editCellEnd(page, 5);
    await page.keyboard.press("Tab");
    const completer = page.locator(".jp-Completer");
    await completer.waitFor({ state: "visible", timeout: 15_000 });
    assert.match((await completer.textContent()) ?? "", /greeting/);
    await shot("completion");
    await page.keyboard.press("Escape");
    await editCellEnd(page, 6);
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("Shift+Tab");
    const tooltip = page.locator(".jp-Tooltip");
    await tooltip.waitFor({ state: "visible", timeout: 15_000 });
    assert.match((await tooltip.textContent()) ?? "", /max\(\.\.\.values: number\[\]\): number/);
    await shot("inspection");
    await page.keyboard.press("Escape");

    // Restart: a fresh kernel without the old variables, and it runs cells
    await menu(page, "Kernel", "Restart Kernel");
    await page.locator(".jp-Dialog .jp-mod-accept").click();
    await page.waitForTimeout(500);
    await waitKernelIdle(server, "probe.ipynb", 60_000);
    log("restarted");
    const gone = await runCell(page, 7);
    assert.match(outputText(gone), /Cannot find name 'answer'/, outputText(gone));
    const fresh = await runCell(page, 8);
    assert.match(outputText(fresh), /^2$/m, outputText(fresh));
    assert.match(fresh.prompt, /\[2\]/, `after the restart the execution count starts again: ${fresh.prompt}`);
    await shot("probe-after-restart");
    log("probe done");
  } catch (e) {
    await shot("failure").catch(() => undefined);
    const cells: CellView[] = await codeCells(page).catch(() => []);
    const summary = cells.map(
      (c, i) => `${i + 1} ${c.prompt} ${c.outputs.map((o) => `${o.mime}${o.graphic ? "+graphic" : ""}:${JSON.stringify(o.text.slice(0, 160))}`).join(" | ")}`,
    );
    (e as Error).message +=
      `\n--- cells:\n${summary.join("\n")}\n--- browser: ${browser.errors.slice(-10).join("\n")}\n--- server log:\n${server.log().slice(-3000)}`;
    throw e;
  } finally {
    await browser.close();
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
