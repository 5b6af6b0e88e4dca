import { marked } from "marked";
import { cellSource, stripAnsi, type Notebook, type NotebookOutput } from "./notebook-format.js";

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function joined(v: unknown): string {
  return Array.isArray(v) ? v.join("") : String(v ?? "");
}

/** Picks the richest output a static page can show without scripts: SVG, PNG, JPEG, HTML, then text. */
function renderData(data: Record<string, unknown>): string {
  if (data["image/svg+xml"]) return `<div class="img">${joined(data["image/svg+xml"])}</div>`;
  if (data["image/png"]) return `<div class="img"><img alt="figure" src="data:image/png;base64,${joined(data["image/png"]).replace(/\s/g, "")}"></div>`;
  if (data["image/jpeg"]) return `<div class="img"><img alt="figure" src="data:image/jpeg;base64,${joined(data["image/jpeg"]).replace(/\s/g, "")}"></div>`;
  if (data["text/html"]) return `<div class="html">${joined(data["text/html"])}</div>`;
  if (data["text/markdown"]) return `<div class="md">${marked.parse(joined(data["text/markdown"]), { async: false })}</div>`;
  if (data["text/plain"]) return `<pre class="text">${escapeHtml(joined(data["text/plain"]))}</pre>`;
  return "";
}

function renderOutput(o: NotebookOutput): string {
  switch (o.output_type) {
    case "stream":
      return `<pre class="stream ${o.name}">${escapeHtml(joined(o.text))}</pre>`;
    case "error":
      return `<pre class="error">${escapeHtml(stripAnsi(o.traceback.length ? o.traceback.join("\n") : `${o.ename}: ${o.evalue}`))}</pre>`;
    default:
      return renderData(o.data);
  }
}

const STYLE = `
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
.cell{margin:1.1rem 0}.code{display:flex;gap:.6rem}.prompt{color:#8a8a8a;font:12px/1.9 ui-monospace,monospace;min-width:3.2rem;text-align:right}
pre{margin:0;white-space:pre-wrap;word-break:break-word;font:13px/1.45 ui-monospace,"DejaVu Sans Mono",monospace}
.src{flex:1;background:#f6f7f9;border:1px solid #e2e4e8;border-radius:6px;padding:.55rem .75rem;overflow-x:auto}
.outputs{margin:.35rem 0 0 3.8rem}.outputs>*{margin:.3rem 0}.stderr{color:#8a4b00}.error{color:#b00020;background:#fff3f3;padding:.5rem;border-radius:6px}
.img svg,.img img{max-width:100%;height:auto}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem}
h1,h2,h3{line-height:1.25}code{background:#f0f1f4;padding:0 .2rem;border-radius:3px}`;

/** A self-contained HTML page of an executed notebook: no scripts, no network, charts as inline SVG or PNG. */
export function notebookToHtml(nb: Notebook, title: string): string {
  const body = nb.cells
    .map((cell) => {
      const src = cellSource(cell);
      if (cell.cell_type === "markdown") return `<div class="cell md">${marked.parse(src, { async: false })}</div>`;
      if (cell.cell_type === "raw") return `<div class="cell raw"><pre>${escapeHtml(src)}</pre></div>`;
      const count = cell.execution_count ?? " ";
      const outs = (cell.outputs ?? []).map(renderOutput).join("\n");
      return `<div class="cell code-cell"><div class="code"><div class="prompt">[${count}]:</div><pre class="src">${escapeHtml(src)}</pre></div>${outs ? `<div class="outputs">${outs}</div>` : ""}</div>`;
    })
    .join("\n");
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>\n<body>\n${body}\n</body></html>\n`;
}
