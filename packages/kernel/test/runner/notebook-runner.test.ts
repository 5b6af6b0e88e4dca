import { test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { injectParameters } from "../../src/runner/execute-notebook.js";
import { applyCarriageReturns, OutputCollector, serializeNotebook, type Notebook, type NotebookOutput } from "../../src/runner/notebook-format.js";
import { notebookToHtml } from "../../src/runner/notebook-html.js";
import { kernelEnv, parametersFor, parseParam, smokeParameters, statusLine, summaryTable } from "../../src/runner/run-command.js";
import type { JupyterMessage } from "../../src/runner/jupyter-client.js";

function nb(cells: Array<{ src: string; tags?: string[]; type?: "code" | "markdown" }>): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((c, i) => ({
      id: `c${i}`,
      cell_type: c.type ?? "code",
      source: c.src,
      metadata: c.tags ? { tags: c.tags } : {},
      outputs: [],
      execution_count: null,
    })),
  };
}

function msg(type: string, content: Record<string, unknown>): JupyterMessage {
  return {
    header: { msg_id: "m", msg_type: type, session: "s", username: "u", date: "", version: "5.3" },
    parent_header: { msg_id: "p" },
    metadata: {},
    content,
  };
}

test("parseParam reads JSON values and keeps bare strings", () => {
  assert.deepEqual(parseParam("epochs=2"), { epochs: 2 });
  assert.deepEqual(parseParam("name=smoke"), { name: "smoke" });
  assert.deepEqual(parseParam("seeds=[0,1,2]"), { seeds: [0, 1, 2] });
  assert.throws(() => parseParam("epochs"), /name=value/);
  assert.throws(() => parseParam("2x=1"), /not a valid TypeScript identifier/);
});

test("injectParameters adds assignments after the parameters cell", () => {
  const book = nb([{ src: "# t", type: "markdown" }, { src: "let epochs = 20;\nlet seed = 0;", tags: ["parameters"] }, { src: "train(epochs)" }]);
  injectParameters(book, { epochs: 2 });
  assert.equal(book.cells.length, 4);
  assert.deepEqual(book.cells[2]!.metadata.tags, ["injected-parameters"]);
  assert.match(String(book.cells[2]!.source), /^\{\n  epochs = 2;\n\}$/m);
});

test("injectParameters names unknown and const parameters", () => {
  assert.throws(
    () => injectParameters(nb([{ src: "let epochs = 20;", tags: ["parameters"] }]), { lr: 1 }, "a.ipynb"),
    /a.ipynb: unknown parameter "lr".*declares: epochs/,
  );
  assert.throws(() => injectParameters(nb([{ src: "const epochs = 20;", tags: ["parameters"] }]), { epochs: 1 }), /declared with const/);
  assert.throws(() => injectParameters(nb([{ src: "let epochs = 20;" }]), { epochs: 1 }), /no cell is tagged "parameters"/);
});

test("parametersFor gives each notebook the parameters it declares and rejects names nobody declares", () => {
  const data = { name: "01-data", notebook: nb([{ src: "let splitSeed = 0;", tags: ["parameters"] }]) };
  const train = { name: "02-baseline", notebook: nb([{ src: "let epochs = 20;\nlet seed = 0;", tags: ["parameters"] }]) };
  const bare = { name: "03-bare", notebook: nb([{ src: "1 + 1" }]) };
  const plan = parametersFor([data, train, bare], { epochs: 2, splitSeed: 1 });
  assert.deepEqual(plan.params, [{ splitSeed: 1 }, { epochs: 2 }, {}]);
  assert.deepEqual(plan.notes, [
    "01-data: not a parameter here, left out: epochs",
    "02-baseline: not a parameter here, left out: splitSeed",
    "03-bare: not a parameter here, left out: epochs, splitSeed",
  ]);
  assert.throws(() => parametersFor([data, train], { lr: 1 }), /--param lr: no notebook declares it .*01-data: splitSeed; 02-baseline: epochs, seed/);
  // One notebook: everything goes to it, and injectParameters reports unknown names there.
  assert.deepEqual(parametersFor([data], { lr: 1 }).params, [{ lr: 1 }]);
});

test("smokeParameters reads metadata tfjs-tune.smoke and names a malformed one", () => {
  const book = nb([{ src: "let epochs = 20;", tags: ["parameters"] }]);
  assert.deepEqual(smokeParameters(book), {});
  book.metadata["tfjs-tune"] = { smoke: { epochs: 2, seeds: [0] } };
  assert.deepEqual(smokeParameters(book), { epochs: 2, seeds: [0] });
  book.metadata["tfjs-tune"] = { smoke: [2] };
  assert.throws(() => smokeParameters(book, "x.ipynb"), /x.ipynb: metadata\["tfjs-tune"\].smoke must be an object/);
});

test("OutputCollector merges streams, honours clear_output(wait) and updates displays by id", () => {
  const c = new OutputCollector();
  const first: NotebookOutput[] = [];
  c.add(first, msg("display_data", { data: { "text/plain": "epoch 1" }, metadata: {}, transient: { display_id: "p1" } }));
  c.add(first, msg("stream", { name: "stdout", text: "a\n" }));
  c.add(first, msg("stream", { name: "stdout", text: "b\r c\n" }));
  const second: NotebookOutput[] = [];
  c.add(second, msg("update_display_data", { data: { "text/plain": "epoch 20" }, metadata: {}, transient: { display_id: "p1" } }));
  assert.equal(second.length, 0);
  assert.deepEqual((first[0] as { data: unknown }).data, { "text/plain": "epoch 20" });
  assert.deepEqual(first[1], { output_type: "stream", name: "stdout", text: "a\n c\n" });
  c.add(second, msg("stream", { name: "stdout", text: "old" }));
  c.add(second, msg("clear_output", { wait: true }));
  assert.equal(second.length, 1);
  c.add(second, msg("error", { ename: "Error", evalue: "boom", traceback: ["Error: boom"] }));
  assert.deepEqual(second, [{ output_type: "error", ename: "Error", evalue: "boom", traceback: ["Error: boom"] }]);
});

test("carriage returns keep the last rewrite of a line", () => {
  assert.equal(applyCarriageReturns("10%\r50%\r100%\ndone\n"), "100%\ndone\n");
});

test("serializeNotebook writes multiline strings as line arrays and keeps JSON mime data", () => {
  const book = nb([{ src: "a\nb" }]);
  book.cells[0]!.outputs = [
    { output_type: "display_data", data: { "text/plain": "x\ny", "application/vnd.vegalite.v5+json": { mark: "line" } }, metadata: {} },
  ];
  const parsed = JSON.parse(serializeNotebook(book));
  assert.deepEqual(parsed.cells[0].source, ["a\n", "b"]);
  assert.deepEqual(parsed.cells[0].outputs[0].data["text/plain"], ["x\n", "y"]);
  assert.deepEqual(parsed.cells[0].outputs[0].data["application/vnd.vegalite.v5+json"], { mark: "line" });
});

test("notebookToHtml is self-contained: markdown, escaped code, SVG and PNG data URLs, a Content-Security-Policy", () => {
  const book = nb([{ src: "# Title", type: "markdown" }, { src: "a < b" }]);
  book.cells[1]!.outputs = [
    { output_type: "display_data", data: { "image/svg+xml": "<svg><rect/></svg>", "image/png": "iVBOR" }, metadata: {} },
    { output_type: "display_data", data: { "image/png": "iVBOR" }, metadata: {} },
  ];
  const html = notebookToHtml(book, "t");
  assert.match(html, /<h1>Title<\/h1>/);
  assert.match(html, /a &lt; b/);
  assert.match(html, /<img alt="figure" src="data:image\/svg\+xml,<svg><rect\/><\/svg>">/);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:;/);
  assert.match(html, /src="data:image\/png;base64,iVBOR"/);
  assert.doesNotMatch(html, /<script|https?:\/\//);
});

test("statusLine picks one-line text-only displays (progress bars) and nothing else", () => {
  const bar = "epoch  [███░]  3/4  75%  9.0s<3.0s  loss=0.4";
  assert.equal(statusLine(msg("update_display_data", { data: { "text/plain": bar }, metadata: {}, transient: { display_id: "p" } })), bar);
  assert.equal(statusLine(msg("display_data", { data: { "text/plain": bar }, metadata: {} })), bar);
  assert.equal(statusLine(msg("display_data", { data: { "text/plain": "[chart]", "image/png": "iVBOR" }, metadata: {} })), undefined);
  assert.equal(statusLine(msg("display_data", { data: { "text/plain": "a\nb" }, metadata: {} })), undefined);
  assert.equal(statusLine(msg("stream", { name: "stdout", text: "x" })), undefined);
});

test("summaryTable aligns columns", () => {
  const t = summaryTable([{ notebook: "01-data.ipynb", seconds: 3.25, status: "ok", metrics: { "Test AUC": 0.8123 } }]);
  assert.match(t, /^notebook\s+seconds\s+status\s+metrics$/m);
  assert.match(t, /01-data.ipynb\s+3.3\s+ok\s+Test AUC 0.812/);
});

test("kernelEnv makes a relative TFJS_TUNE_DATA absolute (kernels run in the notebook's folder)", () => {
  assert.deepEqual(kernelEnv({ TFJS_TUNE_DATA: "../shared/data" }), { TFJS_TUNE_DATA: resolve("../shared/data") });
  assert.deepEqual(kernelEnv({ TFJS_TUNE_DATA: "/srv/data" }), { TFJS_TUNE_DATA: "/srv/data" });
  assert.deepEqual(kernelEnv({}), {});
});
