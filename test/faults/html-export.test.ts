// Hostile outputs in the HTML export: a notebook whose outputs, markdown and title carry scripts,
// event handlers and javascript: URLs is opened in headless Chromium; nothing of it runs, the text
// shows as text, the charts still show, and the page carries a Content-Security-Policy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Notebook, NotebookOutput } from "../../packages/kernel/src/runner/notebook-format.js";
import { notebookToHtml } from "../../packages/kernel/src/runner/notebook-html.js";
import { launchBrowser } from "../frontends/browser.js";

/** Each payload, if it ran, would record its number in window.__pwned (or navigate, or alert). */
const pwn = (n: number) => `(window.__pwned = (window.__pwned || []).concat(${n}))`;
const SVG = (extra: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" onload="${pwn(1)}"><script>${pwn(2)}</script>${extra}<rect width="120" height="40" fill="#4c78a8"/></svg>`;
// a 1×1 PNG
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/** What the test reads from the opened page. */
interface PageState {
  pwned: number[];
  href: string;
  scripts: number;
  handlers: string[];
  jsUrls: string[];
  frames: number;
  csp: string;
  title: string;
  text: string;
  images: Array<{ src: string; ok: boolean }>;
  bodyShown: boolean;
}

function hostileNotebook(): Notebook {
  const outputs: NotebookOutput[] = [
    { output_type: "stream", name: "stdout", text: `<script>${pwn(3)}</script>\n<img src=x onerror="${pwn(4)}">\n` },
    { output_type: "stream", name: "stderr", text: `</pre><script>${pwn(5)}</script>` },
    {
      output_type: "display_data",
      data: {
        "text/html": `<b>bold</b><table><tr><td colspan="2">cell</td></tr></table><script>${pwn(6)}</script><img src=x onerror="${pwn(7)}"><a href="javascript:${pwn(8)}" id="jslink">link</a><iframe srcdoc="<script>${pwn(9)}</script>"></iframe><svg><script>${pwn(10)}</script></svg><style>body{display:none}</style><div onclick="${pwn(11)}" id="clicky">click</div><img src="https://example.invalid/track.png">`,
      },
      metadata: {},
    },
    { output_type: "display_data", data: { "text/markdown": `# md output\n\n<img src=x onerror="${pwn(12)}">\n\n[x](javascript:${pwn(13)})` }, metadata: {} },
    {
      output_type: "display_data",
      data: { "image/svg+xml": SVG(`<foreignObject><img xmlns="http://www.w3.org/1999/xhtml" src="x" onerror="${pwn(14)}"/></foreignObject>`) },
      metadata: {},
    },
    { output_type: "display_data", data: { "image/png": `${PNG}" onerror="${pwn(15)}` }, metadata: {} },
    { output_type: "execute_result", execution_count: 1, data: { "text/plain": `'<script>${pwn(16)}</script>'` }, metadata: {} },
    { output_type: "error", ename: "Error", evalue: "<script>", traceback: [`Error: <img src=x onerror="${pwn(17)}">`] },
  ];
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      { id: "m", cell_type: "markdown", source: `# Title\n\n<script>${pwn(18)}</script><img src=x onerror="${pwn(19)}">`, metadata: {} },
      { id: "c", cell_type: "code", source: `console.log("<script>${pwn(20)}</script>")`, metadata: {}, outputs, execution_count: 1 },
      { id: "r", cell_type: "raw", source: `<script>${pwn(21)}</script>`, metadata: {} },
    ],
  };
}

test(
  "HTML export: scripts, event handlers and javascript: URLs in outputs, markdown and title do not run in Chromium; text stays text",
  { timeout: 90_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-html-"));
    const file = join(dir, "hostile.html");
    writeFileSync(file, notebookToHtml(hostileNotebook(), `</title><script>${pwn(22)}</script>`));
    const browser = await launchBrowser();
    try {
      const { page } = browser;
      const dialogs: string[] = [];
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href);
      await page.waitForLoadState("load");
      // javascript: links and handlers that need a user: click them
      for (const selector of ["#jslink", "#clicky", "a"]) if (await page.$(selector)) await page.click(selector, { timeout: 2000 }).catch(() => undefined);
      await page.waitForTimeout(300);
      // run in the page; written as a string because the tests compile without the DOM's types
      const state = (await page.evaluate(String.raw`({
        pwned: window.__pwned ?? [],
        href: location.href,
        scripts: document.querySelectorAll("script").length,
        handlers: [...document.querySelectorAll("*")].flatMap((el) =>
          [...el.attributes].filter((a) => a.name.startsWith("on")).map((a) => el.tagName + "." + a.name),
        ),
        jsUrls: [...document.querySelectorAll("[href],[src]")]
          .map((el) => el.getAttribute("href") ?? el.getAttribute("src") ?? "")
          .filter((u) => /^\s*javascript:/i.test(u)),
        frames: document.querySelectorAll("iframe,object,embed,style:not(head style)").length,
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? "",
        title: document.title,
        text: document.body.innerText,
        images: [...document.querySelectorAll("img")].map((img) => ({ src: img.src.slice(0, 30), ok: img.complete && img.naturalWidth > 0 })),
        bodyShown: getComputedStyle(document.body).display !== "none",
      })`)) as PageState;
      assert.deepEqual(state.pwned, [], `payloads ran: ${state.pwned}`);
      assert.deepEqual(dialogs, []);
      assert.equal(state.href, pathToFileURL(file).href, "no navigation");
      assert.equal(state.scripts, 0, "no script element in the page");
      assert.deepEqual(state.handlers, [], "no event-handler attribute");
      assert.deepEqual(state.jsUrls, [], "no javascript: URL");
      assert.equal(state.frames, 0, "no iframe, object, embed or output style sheet");
      assert.ok(state.bodyShown, "an output's <style> did not hide the page");
      assert.match(state.csp, /default-src 'none'/);
      assert.doesNotMatch(state.csp, /script-src/, "no script source is allowed");
      assert.deepEqual(
        requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:")),
        [],
        "nothing is fetched from the network",
      );
      // escaped text is shown as the characters the cell printed
      assert.ok(state.text.includes(`<script>${pwn(3)}</script>`), "stdout shows the <script> text");
      assert.ok(state.text.includes(`</pre><script>${pwn(5)}</script>`), "stderr cannot close its <pre>");
      assert.ok(state.text.includes(`<img src=x onerror="${pwn(17)}">`), "the traceback shows as text");
      assert.ok(state.title.includes("</title><script>"), `the title is text: ${state.title}`);
      // allowed markup survives: bold text, the table, markdown headings, the SVG chart as an image
      assert.ok(await page.$("b"), "<b> kept");
      assert.equal(await page.getAttribute("td", "colspan"), "2");
      assert.ok(state.text.includes("md output"));
      const svg = state.images.find((i) => i.src.startsWith("data:image/svg+xml"));
      assert.ok(svg?.ok, `the SVG chart renders as an image: ${JSON.stringify(state.images)}`);
      // the PNG's base64 cannot break out of its attribute (the payload is dropped from the data)
      assert.ok(
        state.images.some((i) => i.src.startsWith("data:image/png")),
        JSON.stringify(state.images),
      );
      assert.deepEqual(
        browser.errors.filter((e) => !/Content Security Policy|Failed to load resource/.test(e)),
        [],
      );
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
