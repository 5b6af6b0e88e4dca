import { test } from "node:test";
import assert from "node:assert/strict";
import { renderSvg, renderPng, svgToPng } from "../../src/plot/render.js";
import { decodePng, inkPixels } from "../notebook/png-decode.js";

const spec = {
  title: "loss",
  mark: "line",
  data: {
    values: [
      { epoch: 1, loss: 0.9 },
      { epoch: 2, loss: 0.5 },
      { epoch: 3, loss: 0.4 },
    ],
  },
  encoding: { x: { field: "epoch", type: "quantitative" }, y: { field: "loss", type: "quantitative" } },
};

test("renderSvg draws the line, the axes and the title", async () => {
  const svg = await renderSvg(spec);
  assert.match(svg, /^<svg /);
  assert.match(svg, />loss</, "title text");
  assert.match(svg, />epoch</, "x axis title");
  assert.ok((svg.match(/<path /g) ?? []).length >= 3, "line and axis paths");
});

test("renderPng gives a non-blank PNG at twice the SVG size", async () => {
  const svg = await renderSvg(spec);
  const width = Number(/width="(\d+)"/.exec(svg)![1]);
  const img = decodePng(await renderPng(spec));
  assert.equal(img.width, 2 * width);
  const ink = inkPixels(img);
  assert.ok(ink > 2000 && ink < img.width * img.height * 0.5, `ink pixels ${ink} of ${img.width * img.height}`);
});

test("svgToPng rejects a bad scale and renderSvg a bad spec, naming the problem", async () => {
  await assert.rejects(svgToPng("<svg xmlns='http://www.w3.org/2000/svg' width='2' height='2'/>", { scale: 0 }), /scale must be a positive number/);
  await assert.rejects(renderSvg(null as never), /expected a Vega-Lite spec object, got null/);
  await assert.rejects(renderSvg({ mark: "nope", data: { values: [] } }), /renderSvg: vega-lite could not compile|Invalid mark/i);
});
