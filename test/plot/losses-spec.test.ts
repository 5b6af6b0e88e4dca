import { test } from "node:test";
import assert from "node:assert/strict";
import { lossesSpec, lossRows } from "../../src/plot/losses-spec.js";

const history = { history: { loss: [0.61234567, 0.5, 0.4], val_loss: [0.6, 0.55, NaN], auc: [0.5, 0.6, 0.7] } };

test("lossesSpec: training and validation loss per 1-based epoch, in the chapter's colours", () => {
  const spec = lossesSpec(history);
  const rounded = JSON.parse(JSON.stringify(spec, (_k, v) => (typeof v === "number" ? Math.round(v * 1e4) / 1e4 : v)));
  assert.deepEqual(rounded, {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    width: 400,
    height: 250,
    data: {
      values: [
        { epoch: 1, series: "training", value: 0.6123 },
        { epoch: 2, series: "training", value: 0.5 },
        { epoch: 3, series: "training", value: 0.4 },
        { epoch: 1, series: "validation", value: 0.6 },
        { epoch: 2, series: "validation", value: 0.55 },
        { epoch: 3, series: "validation", value: null },
      ],
    },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "epoch", type: "quantitative", title: "Epoch", axis: { tickMinStep: 1 } },
      y: { field: "value", type: "quantitative", title: "Loss", scale: { zero: false } },
      color: { field: "series", type: "nominal", title: null, scale: { domain: ["training", "validation"], range: ["#1BBC9B", "#F06060"] } },
      tooltip: [
        { field: "series", type: "nominal" },
        { field: "epoch", type: "quantitative" },
        { field: "value", type: "quantitative", format: ".4f" },
      ],
    },
  });
});

test("lossesSpec: another metric, no validation series, title; errors name the missing metric", () => {
  const spec = lossesSpec(history, { metric: "auc", title: "AUC" });
  assert.equal(spec.title, "AUC");
  assert.equal((spec.encoding as { y: { title: string } }).y.title, "auc");
  assert.deepEqual(
    lossRows(history, "auc").map((r) => r.series),
    ["training", "training", "training"],
  );
  assert.throws(() => lossesSpec(history, { metric: "accuracy" }), /no "accuracy" \(it has loss, val_loss, auc\)/);
  assert.throws(() => lossesSpec({} as never), /expected a History/);
});
