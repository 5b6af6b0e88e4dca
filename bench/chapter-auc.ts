// The chapter's test AUC with the fused engine against tfjs' own ops, same seeds, side by side:
//   node --import tsx bench/chapter-auc.ts [--sections baseline,l2,dropout-reduced-lr] [--seeds 0,1,2] [--threads 1]
// Each (section, seed) trains the chapter's model once per engine (identical initial weights, batch
// order and dropout masks) and scores the test split; per section it prints the mean and spread of
// both and the per-seed differences. The engines differ only in float rounding (summation order, the
// Embedding→Conv1D fold), so the difference should be of the size of the seed-to-seed noise or less.
import { ensureBackend } from "../src/backend/index.js";
import { CHAPTER_SECTIONS, type ChapterSection } from "../src/chapter/chapter-sections.js";
import { buildModel } from "../src/chapter/build-model.js";
import { chapterSplit } from "../src/chapter/chapter-split.js";
import { loadHemolysis, seedCacheFrom } from "../src/chapter/load-hemolysis.js";
import { evaluate } from "../src/train/evaluate.js";
import { trainModel } from "../src/train/train-model.js";
import { mkdtempSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : dflt;
}
const sections = arg("sections", "baseline,l2,dropout-reduced-lr").split(",") as ChapterSection[];
const seeds = arg("seeds", "0,1,2").split(",").map(Number);
const threads = Number(arg("threads", "1"));
const shared = ["../shared/data", "/work/shared/data"].find((d) => existsSync(join(d, "hemo-positive.npz")));
if (!shared) throw new Error("bench/chapter-auc: needs the chapter's data (../shared/data/hemo-*.npz)");

await ensureBackend({ backend: "wasm", quiet: true });
const cacheDir = seedCacheFrom(shared, mkdtempSync(join(tmpdir(), "tfjs-tune-auc-")));
const splits = chapterSplit(await loadHemolysis({ cacheDir, download: false }));
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]): number => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / Math.max(1, v.length - 1));

for (const name of sections) {
  const spec = CHAPTER_SECTIONS[name];
  const auc: Record<"fused" | "tfjs", number[]> = { fused: [], tfjs: [] };
  const secs: Record<"fused" | "tfjs", number> = { fused: 0, tfjs: 0 };
  for (const seed of seeds) {
    for (const engine of ["fused", "tfjs"] as const) {
      const model = buildModel({ ...spec.model, seed });
      const h = await trainModel(model, splits, { ...spec.train, seed, verbose: 0, engine, threads });
      const ev = await evaluate(model, splits.test, { engine });
      auc[engine].push(ev.auc);
      secs[engine] += h.seconds;
      process.stderr.write(
        `${name} seed ${seed} ${engine}: test AUC ${ev.auc.toFixed(4)}, loss ${h.history.loss!.at(-1)!.toFixed(4)}, ${h.seconds.toFixed(1)} s\n`,
      );
      model.dispose();
    }
  }
  const diff = auc.fused.map((a, i) => a - auc.tfjs[i]!);
  console.log(
    `${spec.title}: test AUC fused ${mean(auc.fused).toFixed(4)} ± ${sd(auc.fused).toFixed(4)}, tfjs ${mean(auc.tfjs).toFixed(4)} ± ${sd(auc.tfjs).toFixed(4)} ` +
      `(seeds ${seeds.join(",")}); fused − tfjs per seed: ${diff.map((d) => d.toFixed(4)).join(", ")}; training time fused ${secs.fused.toFixed(0)} s, tfjs ${secs.tfjs.toFixed(0)} s`,
  );
}
process.exit(0);
