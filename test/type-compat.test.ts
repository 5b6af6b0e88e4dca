// The public types must compile under tslab's checker: its TypeScript 5.0.4 fork, with the options
// tslab hard-codes (moduleResolution Node10, which reads package.json "types", not "exports").
// A cell-like probe importing "tfjs-tune" and its subpath entries (typesVersions) must type-check clean, a wrong type in it
// must be caught (the types are real, not `any`), and dist/**/*.d.ts must have no errors under 5.0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type * as TS from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
// The fork has the typescript API (only its version differs), so the 5.9 types describe it.
const ts = require("@tslab/typescript-for-tslab") as typeof TS;

/** A notebook-like cell: imports by package name, exercises generics, tfjs types and plot specs. */
const probeSource = `
import {
  categorical, createStudy, earlyStopping, float, int, lossesSpec, medianStopping,
  summarize, tpeSampler, type TrialRecord,
} from "tfjs-tune";
import { buildModel } from "tfjs-tune/chapter";
import { randomSampler } from "tfjs-tune/hpo";
import type { SqliteStorageOptions } from "tfjs-tune/sqlite";

const space = {
  lr: float(1e-4, 1e-2, { log: true }),
  filters: int(8, 32),
  activation: categorical(["relu", "tanh"]),
};

export async function cell(): Promise<string> {
  const study = await createStudy({ space, direction: "maximize", sampler: tpeSampler(), scheduler: medianStopping(), seed: 0 });
  await study.optimize(async (params) => params.lr * params.filters, { nTrials: 2 });
  const best = study.bestParams;
  const activation: "relu" | "tanh" | undefined = best?.activation;
  const records: readonly TrialRecord[] = study.trials;
  const model = buildModel();
  const units: number = model.countParams();
  const stop = earlyStopping({ patience: 3 });
  const spec = lossesSpec({ history: { loss: [1, 0.5], val_loss: [1.1, 0.7] } });
  const mean: number = summarize(records.map((r) => r.value ?? 0)).mean;
  const sqlite: SqliteStorageOptions = {};
  return [activation, units, typeof stop, typeof spec, mean, randomSampler().name, Object.keys(sqlite).length].join(" ");
}
`;

/** A line that must fail: `lr` is a number. */
const wrongLine = "\nexport const wrong: string = (undefined as unknown as Awaited<ReturnType<typeof createStudy<typeof space>>>).bestParams!.lr;\n";

/** tslab's compiler options (node_modules/tslab/dist/converter.js), without emit. */
function tslabOptions(skipLibCheck: boolean): TS.CompilerOptions {
  return {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    declaration: true,
    experimentalDecorators: true,
    resolveJsonModule: true,
    jsx: ts.JsxEmit.React,
    allowJs: true,
    checkJs: true,
    skipLibCheck,
    rootDir: join(root, "notebooks"),
    noEmit: true,
  };
}

/** A program over one in-memory cell file in notebooks/ (never written to disk). */
function programFor(text: string, options: TS.CompilerOptions, old?: TS.Program): { program: TS.Program; cell: string } {
  const cell = join(root, "notebooks", "__type_compat_probe__.ts");
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => (name === cell ? ts.createSourceFile(name, text, lang) : getSourceFile(name, lang, ...rest));
  host.fileExists = (name) => name === cell || fileExists(name);
  host.readFile = (name) => (name === cell ? text : readFile(name));
  return { program: ts.createProgram([cell], options, host, old), cell };
}

function describe(diagnostics: readonly TS.Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "(global)";
    return `${where} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

function cellDiagnostics(program: TS.Program, cell: string): TS.Diagnostic[] {
  const sf = program.getSourceFile(cell);
  assert.ok(sf, "the probe cell is not in the program");
  return [...program.getOptionsDiagnostics(), ...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
}

const built = existsSync(join(root, "dist", "index.d.ts"));
const linked = existsSync(join(root, "node_modules", "tfjs-tune", "package.json"));

test("tslab's TypeScript fork is 5.0.x", () => {
  assert.match(ts.version, /^5\.0\./);
});

test("tfjs-tune's types check clean under tslab's TypeScript 5.0 (Node10 resolution), and catch a wrong type", (t) => {
  if (!built || !linked) {
    t.skip("needs dist/index.d.ts (npm run build) and node_modules/tfjs-tune (npm's prepare script links it)");
    return;
  }
  // skipLibCheck: false so that 5.0-incompatible syntax in dist/**/*.d.ts is reported too;
  // the cell's own diagnostics are what tslab shows a notebook user.
  const options = tslabOptions(false);
  const { program, cell } = programFor(probeSource, options);
  const resolved = program.getSourceFiles().map((f) => f.fileName);
  assert.ok(
    resolved.some((f) => f.endsWith("/dist/index.d.ts") && !f.includes("node_modules/@")),
    "tfjs-tune did not resolve to dist/index.d.ts",
  );
  assert.deepEqual(describe(cellDiagnostics(program, cell)), []);

  const distDir = join(root, "dist") + "/";
  const distFiles = program.getSourceFiles().filter((f) => f.fileName.startsWith(distDir));
  assert.ok(distFiles.length > 20, `only ${distFiles.length} dist/*.d.ts files reached from the entry`);
  const distDiagnostics = distFiles.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]);
  assert.deepEqual(describe(distDiagnostics), []);

  const wrong = programFor(probeSource + wrongLine, options, program);
  const errors = describe(cellDiagnostics(wrong.program, wrong.cell));
  assert.equal(errors.length, 1, errors.join("\n"));
  assert.match(errors[0], /TS2322 Type 'number' is not assignable to type 'string'/);
});
