/**
 * Typed access to the parts of the installed `tslab` package we reuse: its TypeScript converter (the
 * tslab fork of TS 5.0: type-checked cells, top-level await, variables shared between cells) and its
 * executor (runs converted cells with `vm.runInThisContext`). tslab is CommonJS; we load it with require.
 */
import { createRequire } from "node:module";
import type { TsSys } from "./library-paths.js";

/** A tslab compile diagnostic (zero-based line/character). */
export interface TslabDiagnostic {
  start: { offset: number; line: number; character: number };
  end: { offset: number; line: number; character: number };
  messageText: string;
  category: number;
  code: number;
  fileName?: string;
}

/** The result of converting one cell. */
export interface TslabConvertResult {
  output?: string;
  declOutput?: string;
  diagnostics: TslabDiagnostic[];
  lastExpressionVar?: string;
  hasToplevelAwait?: boolean;
}

/** tslab's converter. */
export interface TslabConverter {
  convert(prevDecl: string, src: string): TslabConvertResult;
  inspect(prevDecl: string, src: string, position: number): unknown;
  complete(prevDecl: string, src: string, position: number): { start: number; end: number; candidates: string[] };
  addModule(name: string, content: string, meta?: unknown): TslabDiagnostic[];
  close(): void;
}

/** tslab's executor. */
export interface TslabExecutor {
  execute(src: string): Promise<boolean>;
  inspect(src: string, position: number): unknown;
  complete(src: string, position: number): { start: number; end: number; candidates: string[] };
  locals: Record<string, unknown>;
  reset(): void;
  interrupt(): void;
  close(): void;
}

/** The console tslab's executor reports to: `log(lastValue)`, `error(err)` or `error(fmt, file, line, col, text)`. */
export interface TslabConsole {
  log(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** The set of converters tslab's executor expects. */
export interface TslabConverterSet {
  readonly node: TslabConverter;
  readonly browser: TslabConverter;
  close(): void;
}

/** The loaded tslab modules. */
export interface Tslab {
  version: string;
  typescriptVersion: string;
  createConverter(options: { isJS?: boolean; isBrowser?: boolean }): TslabConverter;
  createExecutor(rootDir: string, convs: TslabConverterSet, console: TslabConsole): TslabExecutor;
  isCompleteCode(code: string): { completed: boolean; indent?: string };
  printQuickInfo(info: unknown): string;
  /** tslab's module-level display writer (its public `display` API sends through it). */
  jupyter: { lastWriteDisplayData: ((content: unknown, update: boolean) => void) | null };
  /** tslab's TypeScript fork (for parsing in is_complete). */
  ts: {
    /** The file system the compiler reads through (tslab's own `sys` delegates to it). */
    sys: TsSys;
    createSourceFile(
      name: string,
      text: string,
      target: number,
      setParents?: boolean,
      kind?: number,
    ): { parseDiagnostics?: Array<{ start: number; length: number; messageText: unknown }> };
    ScriptTarget: { Latest: number };
    ScriptKind: { TS: number; TSX: number };
    forEachChild(node: unknown, cb: (child: unknown) => void): void;
    isShorthandPropertyAssignment(node: unknown): boolean;
  };
}

let loaded: Tslab | undefined;

/** Loads tslab's converter, executor, inspect printer and TypeScript fork from the installed package. */
export function loadTslab(): Tslab {
  if (loaded) return loaded;
  const req = createRequire(import.meta.url);
  const pkgPath = req.resolve("tslab/package.json");
  const fromTslab = createRequire(pkgPath);
  const converter = fromTslab("./dist/converter.js");
  const executor = fromTslab("./dist/executor.js");
  const inspect = fromTslab("./dist/inspect.js");
  const jupyter = fromTslab("./dist/jupyter.js");
  const ts = fromTslab("@tslab/typescript-for-tslab");
  loaded = {
    version: (fromTslab("./package.json") as { version: string }).version,
    typescriptVersion: ts.version as string,
    createConverter: converter.createConverter,
    createExecutor: executor.createExecutor,
    isCompleteCode: converter.isCompleteCode,
    printQuickInfo: inspect.printQuickInfo,
    jupyter,
    ts,
  };
  return loaded;
}
