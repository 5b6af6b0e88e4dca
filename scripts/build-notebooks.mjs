#!/usr/bin/env node
// Builds notebooks/*.ipynb from the percent-format sources in notebooks/source/*.ts, so that the
// notebooks share one layout (kernelspec, cell ids, tags) and diff as plain text.
//
//   node scripts/build-notebooks.mjs           write notebooks/NN-name.ipynb
//   node scripts/build-notebooks.mjs --check   exit 1 if a notebook differs from its source
//
// Source format (jupytext's "percent" format for TypeScript):
//   // smoke: {"epochs": 2}     (before the first cell, optional) parameters of the notebook's smoke
//                               run, stored as metadata["tfjs-tune"].smoke for `tfjs-tune run --smoke`
//   // %% [markdown]            a markdown cell; its lines start with "// " (stripped)
//   // %%                       a code cell
//   // %% tags=["parameters"]   a code cell with tags (JSON array)
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const sourceDir = join(root, "notebooks", "source");
const outDir = join(root, "notebooks");

/** Notebook-level metadata: the tfjs-tune kernelspec and TypeScript language info. */
const METADATA = {
  kernelspec: { name: "tfjs-tune", display_name: "TypeScript (tfjs-tune)", language: "typescript" },
  language_info: {
    name: "typescript",
    mimetype: "text/typescript",
    file_extension: ".ts",
    codemirror_mode: { name: "javascript", mode: "typescript", typescript: true },
    pygments_lexer: "typescript",
  },
};

/** Parses a percent-format source into cells and the optional smoke parameters. */
export function parseSource(text, file) {
  const cells = [];
  let current;
  let smoke;
  text.split("\n").forEach((line, i) => {
    const m = /^\/\/ %%(.*)$/.exec(line);
    if (m) {
      const rest = m[1].trim();
      const markdown = rest.startsWith("[markdown]");
      const tagsMatch = /tags=(\[.*\])/.exec(rest);
      let tags;
      if (tagsMatch) {
        try {
          tags = JSON.parse(tagsMatch[1]);
        } catch {
          throw new Error(`${file}:${i + 1}: tags must be a JSON array, got ${tagsMatch[1]}`);
        }
      }
      current = { type: markdown ? "markdown" : "code", tags, lines: [] };
      cells.push(current);
      return;
    }
    if (!current) {
      const header = /^\/\/ smoke:\s*(.*)$/.exec(line);
      if (header) {
        try {
          smoke = JSON.parse(header[1]);
        } catch {
          throw new Error(`${file}:${i + 1}: smoke: must be followed by a JSON object, got ${header[1]}`);
        }
        if (smoke === null || typeof smoke !== "object" || Array.isArray(smoke))
          throw new Error(`${file}:${i + 1}: smoke: expects a JSON object of parameters`);
        return;
      }
      if (line.trim()) throw new Error(`${file}:${i + 1}: text before the first "// %%" marker (only a "// smoke: {...}" line may come first)`);
      return;
    }
    if (current.type === "markdown") {
      if (line.trim() && !/^\/\/( |$)/.test(line)) throw new Error(`${file}:${i + 1}: markdown lines must start with "// "`);
      current.lines.push(line.replace(/^\/\/ ?/, ""));
    } else current.lines.push(line);
  });
  const parsed = cells.map((c) => {
    while (c.lines.length && !c.lines.at(-1).trim()) c.lines.pop();
    while (c.lines.length && !c.lines[0].trim()) c.lines.shift();
    if (!c.lines.length) throw new Error(`${file}: empty ${c.type} cell`);
    return c;
  });
  return { cells: parsed, smoke };
}

/** Multiline string in nbformat's list-of-lines form. */
function toLines(text) {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The .ipynb JSON text for a source file (nbformat 4.5, no outputs). */
export function buildNotebook(text, file) {
  const stem = basename(file, ".ts");
  const parsed = parseSource(text, file);
  const cells = parsed.cells.map((c, i) => {
    const id = `${stem}-${String(i).padStart(2, "0")}`.slice(-64);
    const metadata = c.tags ? { tags: c.tags } : {};
    const source = toLines(c.lines.join("\n"));
    return c.type === "markdown"
      ? { cell_type: "markdown", id, metadata, source }
      : { cell_type: "code", execution_count: null, id, metadata, outputs: [], source };
  });
  const metadata = parsed.smoke ? { ...METADATA, "tfjs-tune": { smoke: parsed.smoke } } : METADATA;
  return JSON.stringify({ cells, metadata, nbformat: 4, nbformat_minor: 5 }, null, 1) + "\n";
}

function main() {
  const check = process.argv.includes("--check");
  const sources = readdirSync(sourceDir)
    .filter((f) => /^\d\d-.*\.ts$/.test(f))
    .sort();
  if (!sources.length) throw new Error(`no NN-name.ts sources in ${sourceDir}`);
  const stale = [];
  for (const f of sources) {
    const target = join(outDir, f.replace(/\.ts$/, ".ipynb"));
    const json = buildNotebook(readFileSync(join(sourceDir, f), "utf8"), f);
    if (check) {
      if (!existsSync(target) || readFileSync(target, "utf8") !== json) stale.push(target);
    } else {
      writeFileSync(target, json);
      console.log(`wrote ${target}`);
    }
  }
  if (stale.length) {
    console.error(`out of date (run node scripts/build-notebooks.mjs):\n  ${stale.join("\n  ")}`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
