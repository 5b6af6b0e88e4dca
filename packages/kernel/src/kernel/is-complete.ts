/**
 * `is_complete_request`, decided by parsing the code as a TypeScript cell (the converter compiles
 * cells as .ts, so `<T>x` assertions are valid): "incomplete" when every parse error only asks for more
 * text at the very end (indent suggestion from tslab's rule), "invalid" when there is any other syntax
 * error, else "complete".
 */
import type { Tslab } from "./tslab.js";

/** The content of an `is_complete_reply`. */
export interface IsCompleteReply {
  status: "complete" | "incomplete" | "invalid";
  indent?: string;
}

/** Classifies a code fragment as complete, incomplete (with the next line's indent) or invalid. */
export function isComplete(tslab: Tslab, code: string): IsCompleteReply {
  const src = tslab.ts.createSourceFile("cell.ts", code, tslab.ts.ScriptTarget.Latest, false, tslab.ts.ScriptKind.TS);
  const diags = src.parseDiagnostics ?? [];
  if (diags.length === 0) return { status: "complete" };
  const wantsMore = diags.every((d) => d.start === code.length && d.length === 0 && typeof d.messageText === "string" && d.messageText.endsWith(" expected."));
  // Two trailing blank lines mean "run it anyway" (tslab's console convention): the parse errors stand.
  if (!wantsMore || /(^|\n)\s*\n\s*$/.test(code)) return { status: "invalid" };
  const line = /[^\n]*$/.exec(code)![0];
  const current = /^\s*/.exec(line)![0];
  const tslabIndent = tslab.isCompleteCode(code).indent;
  return { status: "incomplete", indent: tslabIndent ?? (/[{([]\s*$/.test(line) ? current + "  " : current) };
}
