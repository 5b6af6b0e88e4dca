// Test helper: what a person does with a notebook open in JupyterLab 4 or Notebook 7 (both render
// notebooks with the same JupyterLab widgets, so the same selectors serve both), through the menus and
// the keyboard, and what they see: prompts, rendered outputs, completer and tooltip.
import type { Page } from "playwright-core";
import type { JupyterServer } from "./jupyter-server.js";

export type App = "lab" | "notebook";

/** The few DOM types the page functions below use (they run in the browser; the project's lib has no DOM). */
interface PageElement {
  textContent: string | null;
  classList: { contains(name: string): boolean };
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement> & ArrayLike<PageElement>;
}
declare const document: PageElement;

/** What one code cell shows. */
export interface CellView {
  /** The prompt text: `[3]:`, `[*]:` or `[ ]:`. */
  prompt: string;
  /**
   * Each rendered output: its MIME type (the Vega renderer sets none: "vega" then), whether Vega drew
   * its marks (a canvas or svg in the chart wrapper), and its text.
   */
  outputs: { mime: string; graphic: boolean; text: string }[];
}

/** The URL that opens `path` in the app (JupyterLab: with a reset workspace, so it is the only open document). */
export function notebookUrl(server: JupyterServer, app: App, path: string): string {
  return `${server.url}/${app === "lab" ? "lab/tree" : "notebooks"}/${encodeURIComponent(path)}?${app === "lab" ? "reset&" : ""}token=${server.token}`;
}

/** Opens the notebook and waits until its kernel (tfjs-tune) is idle. */
export async function openNotebook(page: Page, server: JupyterServer, app: App, path: string): Promise<void> {
  await page.goto(notebookUrl(server, app, path));
  await page.waitForSelector(".jp-Notebook .jp-CodeCell", { timeout: 90_000 });
  const open = await page.locator(".jp-Notebook").count();
  if (open !== 1) throw new Error(`${open} notebooks are open in the page, expected only ${path}`);
  await waitKernelIdle(server, path, 90_000);
}

/** The state of the kernel of the session that has `path` open, from the server's REST API. */
export async function kernelState(server: JupyterServer, path: string): Promise<string | undefined> {
  const sessions = await server.api<{ path: string; kernel: { id: string; execution_state?: string } }[]>("/api/sessions");
  const s = sessions.find((x) => x.path === path);
  if (!s) return undefined;
  const k = await server.api<{ execution_state: string }>(`/api/kernels/${s.kernel.id}`);
  return k.execution_state;
}

/** Waits until the kernel of `path` is idle. */
export async function waitKernelIdle(server: JupyterServer, path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let state: string | undefined;
  while (Date.now() < deadline) {
    state = await kernelState(server, path).catch(() => undefined);
    if (state === "idle") return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the kernel of ${path} was not idle within ${timeoutMs / 1000} s (state ${state})`);
}

/** Clicks a menu path such as ["Run", "Run All Cells"] in the app's menu bar. */
export async function menu(page: Page, ...path: string[]): Promise<void> {
  const [top, ...rest] = path;
  await page.locator(".lm-MenuBar-itemLabel", { hasText: new RegExp(`^${top}$`) }).click();
  for (const item of rest) {
    await page
      .locator(".lm-Menu-content > .lm-Menu-item:visible", { has: page.locator(".lm-Menu-itemLabel", { hasText: new RegExp(`^${escape(item)}`) }) })
      .first()
      .click();
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** What every code cell of the open notebook shows. */
export async function codeCells(page: Page): Promise<CellView[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll(".jp-Notebook .jp-CodeCell")].map((cell) => ({
      prompt: (cell.querySelector(".jp-InputPrompt")?.textContent ?? "").trim(),
      outputs: [...cell.querySelectorAll(".jp-OutputArea-output")].map((o) => ({
        mime: o.getAttribute("data-mime-type") ?? (o.classList.contains("jp-RenderedVegaCommon5") ? "vega" : ""),
        graphic: o.querySelector(".chart-wrapper > canvas.marks, .chart-wrapper > svg.marks") !== null,
        text: o.textContent ?? "",
      })),
    })),
  );
}

/** Waits until no cell shows `[*]` and every code cell in `indices` (all when omitted) shows an execution count. */
export async function waitCellsRan(page: Page, timeoutMs: number, indices?: number[]): Promise<void> {
  await page.waitForFunction(
    (wanted) => {
      const prompts = [...document.querySelectorAll(".jp-Notebook .jp-CodeCell .jp-InputPrompt")].map((p) => (p.textContent ?? "").trim());
      if (prompts.some((p) => p.includes("*"))) return false;
      return (wanted ?? prompts.map((_, i) => i)).every((i) => /\[\d+\]/.test(prompts[i] ?? ""));
    },
    indices ?? null,
    { timeout: timeoutMs, polling: 200 },
  );
}

/** The editor of code cell `index`. */
export function editor(page: Page, index: number) {
  return page.locator(".jp-Notebook .jp-CodeCell").nth(index).locator(".cm-content");
}

/** Puts the cursor at the end of code cell `index` (edit mode). */
export async function editCellEnd(page: Page, index: number): Promise<void> {
  const ed = editor(page, index);
  await ed.scrollIntoViewIfNeeded();
  await ed.click();
  await page.keyboard.press("Control+End");
}

/** Runs code cell `index` with Ctrl-Enter (run, stay) as a person would; does not wait for the result. */
export async function startCell(page: Page, index: number): Promise<void> {
  await editCellEnd(page, index);
  await page.keyboard.press("Control+Enter");
}

/** Waits until code cell `index` shows `[*]` (running). */
export async function waitCellBusy(page: Page, index: number, timeoutMs = 10_000): Promise<void> {
  await page.waitForFunction((i) => (document.querySelectorAll(".jp-Notebook .jp-CodeCell .jp-InputPrompt")[i]?.textContent ?? "").includes("*"), index, {
    timeout: timeoutMs,
    polling: 100,
  });
}

/** Runs code cell `index` and waits until it has an execution count again. */
export async function runCell(page: Page, index: number, timeoutMs = 60_000): Promise<CellView> {
  const before = (await codeCells(page))[index]?.prompt;
  await startCell(page, index);
  await page.waitForFunction(
    ([i, old]) => {
      const p = (document.querySelectorAll(".jp-Notebook .jp-CodeCell .jp-InputPrompt")[i as number]?.textContent ?? "").trim();
      return /\[\d+\]/.test(p) && p !== old;
    },
    [index, before] as const,
    { timeout: timeoutMs, polling: 100 },
  );
  return (await codeCells(page))[index]!;
}

/** Text of a cell's outputs joined. */
export function outputText(cell: CellView): string {
  return cell.outputs.map((o) => o.text).join("\n");
}
