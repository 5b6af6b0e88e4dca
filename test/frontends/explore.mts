import { mkdirSync, writeFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { startJupyter, ROOT } from "/work/wt-frontends/test/frontends/jupyter-server.ts";
import { launchBrowser } from "/work/wt-frontends/test/frontends/browser.ts";
import { readNotebook } from "/work/wt-frontends/packages/kernel/src/runner/notebook-format.ts";
import { injectParameters } from "/work/wt-frontends/packages/kernel/src/runner/execute-notebook.ts";
import { seedCacheFrom } from "/work/wt-frontends/src/chapter/load-hemolysis.ts";

const app = (process.argv[2] ?? "lab") as "lab" | "notebook";
const work = join(ROOT, "test/frontends/artifacts/explore");
mkdirSync(work, { recursive: true });
const nb = readNotebook(join(ROOT, "notebooks/02-baseline.ipynb"));
injectParameters(nb, { epochs: 2 });
writeFileSync(join(work, "02.ipynb"), JSON.stringify(nb));
const data = seedCacheFrom(join(ROOT, "..", "shared", "data"), mkdtempSync(join(tmpdir(), "d-")));
const t0 = Date.now();
const srv = await startJupyter(app, work, { TFJS_TUNE_DATA: data, TFJS_TUNE_KERNEL_DEBUG: "1" });
console.log("server up", Date.now() - t0, srv.url);
const b = await launchBrowser();
try {
  const p = b.page;
  await p.goto(`${srv.url}/${app === "lab" ? "lab/tree" : "notebooks"}/02.ipynb?token=${srv.token}`);
  await p.waitForSelector(".jp-Notebook .jp-CodeCell", { timeout: 60000 });
  console.log("notebook open", Date.now() - t0);
  await p.waitForFunction(() => document.querySelector(".jp-Notebook-ExecutionIndicator")?.getAttribute("data-status") === "idle" && [...document.querySelectorAll(".jp-Toolbar-kernelName, .jp-KernelName")].some(e => e.textContent?.includes("tfjs-tune")), null, { timeout: 60000 }).catch(e=>console.log("no idle", e.message));
  console.log("idle", Date.now()-t0); console.log(await p.evaluate(() => [...document.querySelectorAll("*")].filter(e => e.children.length===0 && e.textContent?.includes("TypeScript (tfjs")).map(e => e.className + " / " + e.parentElement?.className)));
  await p.getByRole("menuitem", { name: "Run", exact: true }).click();
  await p.getByRole("menuitem", { name: /^Run All Cells/ }).click();
  await p.waitForTimeout(2000); await p.screenshot({ path: join(work, "running.png") });
  await p.waitForFunction(() => document.querySelector(".jp-Notebook-ExecutionIndicator")?.getAttribute("data-status") === "idle" && ![...document.querySelectorAll(".jp-CodeCell .jp-InputPrompt")].some(e => e.textContent?.includes("*")), null, { timeout: 240000 });
  console.log("ran", Date.now()-t0);
  await p.screenshot({ path: join(work, "ran.png"), fullPage: true });
  console.log(JSON.stringify(await p.evaluate(() => [...document.querySelectorAll(".jp-CodeCell")].map(c => ({prompt: c.querySelector(".jp-InputPrompt")?.textContent, outs: [...c.querySelectorAll(".jp-OutputArea-output")].map(o => [o.getAttribute("data-mime-type"), o.querySelectorAll("svg,canvas").length, o.textContent?.slice(0,80)])}))), null, 1));
} finally {
  await b.close();
  console.log(b.errors.join("\n")); console.log(srv.log().split("\n").filter(l => !l.startsWith("[I ")).join("\n").slice(-5000));
  await srv.stop();
}
