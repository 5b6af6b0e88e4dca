/**
 * Works around a tslab converter bug: it rewrites a reference to a variable of an earlier cell as
 * `exports.name`, but not inside a shorthand property (`{ seed }`), which then fails at run time
 * with "seed is not defined". Writing each shorthand property out as `seed: seed` before conversion
 * means the same in every position (object literals and destructuring assignments alike), and the
 * converter then rewrites the value like any other reference.
 */

/** The part of TypeScript's API this needs (tslab's fork provides it). */
export interface ShorthandTs {
  createSourceFile(name: string, text: string, target: number, setParents?: boolean, kind?: number): unknown;
  forEachChild(node: unknown, cb: (child: unknown) => void): void;
  isShorthandPropertyAssignment(node: unknown): boolean;
  ScriptTarget: { Latest: number };
  ScriptKind: { TS: number };
}

interface ShorthandNode {
  name: { getStart(): number; end: number; text: string };
}

/** Returns `src` with every shorthand property `{ x }` written as `{ x: x }`; unchanged when there is none. */
export function expandShorthand(ts: ShorthandTs, src: string): string {
  if (!/[{,]\s*[A-Za-z_$][\w$]*\s*[,}=]/.test(src)) return src; // fast path: no candidate at all
  const file = ts.createSourceFile("cell.ts", src, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const names: Array<{ end: number; text: string }> = [];
  const visit = (node: unknown): void => {
    if (ts.isShorthandPropertyAssignment(node)) {
      const n = (node as ShorthandNode).name;
      names.push({ end: n.end, text: n.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (names.length === 0) return src;
  let out = src;
  for (const n of names.sort((a, b) => b.end - a.end)) out = `${out.slice(0, n.end)}: ${n.text}${out.slice(n.end)}`;
  return out;
}
