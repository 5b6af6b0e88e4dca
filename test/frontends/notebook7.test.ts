// Notebook 7 in headless Chromium: the scenario of frontend-scenario.ts (screenshots in artifacts/notebook).
import { test } from "node:test";
import { frontendScenario } from "./frontend-scenario.js";
import { requireBuilt, requireFrontends, skipWithoutFrontends } from "./jupyter-server.js";

test(
  "Notebook 7: Run All on a chapter notebook draws the Vega charts; errors, interrupt, completion, inspection, restart",
  { skip: skipWithoutFrontends(), timeout: 300_000 },
  async () => {
    requireFrontends();
    requireBuilt({ browser: true });
    await frontendScenario("notebook");
  },
);
