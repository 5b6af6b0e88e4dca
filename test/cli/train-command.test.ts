import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { registerTrainCommand, runTrainSection } from "../../src/cli/train-command.js";
import { seedCacheFrom } from "../../src/chapter/load-hemolysis.js";
import { SHARED_DATA } from "../data/shared-data.js";

// The shared data set lives at ../shared/data from the project root (in CI too).
const cache = mkdtempSync(join(tmpdir(), "tfjs-tune-train-"));
seedCacheFrom(SHARED_DATA, cache);
test.after(() => rmSync(cache, { recursive: true, force: true }));

test("train --section dropout-reduced-lr on a small subset prints the chapter's lines in order", async () => {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const out: string[] = [];
  process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  let r;
  try {
    r = await runTrainSection({ section: "dropout-reduced-lr", epochs: 2, subset: 64, dataDir: cache, log: (l) => lines.push(l) });
  } finally {
    process.stdout.write = write;
  }
  assert.equal(lines[0], "9316 examples");
  assert.deepEqual(lines.slice(1, 3), ["lr = 0.001", "lr = 0.001"]);
  assert.match(lines[3], /^Train Loss: \d+\.\d{3}, Test Loss: \d+\.\d{3}$/);
  assert.match(lines[4], /^ Test AUC: \d\.\d{3} Test Accuracy: \d\.\d{3}$/);
  assert.match(out.join(""), /\[chart "18\.5\.3 Reduced learning rate on plateau and dropout": line/);
  assert.equal(r.history.epoch.length, 2);
  assert.equal(r.history.model.countParams(), 60929);
  assert.equal(r.history.params.samples, 64);
  r.history.model.dispose();
});

test("the train command is registered with its options and refuses a bad section", async () => {
  const program = new Command("tfjs-tune").exitOverride();
  registerTrainCommand(program);
  const cmd = program.commands.find((c) => c.name() === "train");
  assert.ok(cmd);
  const flags = cmd.options.map((o) => o.long);
  for (const f of ["--section", "--epochs", "--seed", "--auc", "--data-dir", "--subset", "--backend"]) assert.ok(flags.includes(f), f);
  await assert.rejects(
    program.parseAsync(["node", "tfjs-tune", "train", "--section", "nope"]),
    /--section must be one of baseline, l2, early-stopping, dropout-reduced-lr/,
  );
  await assert.rejects(runTrainSection({ section: "nope" as never }), /unknown section "nope"/);
});
