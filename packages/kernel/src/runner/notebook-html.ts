import { marked } from "marked";
import sanitizeHtml from "sanitize-html";
import { cellSource, stripAnsi, type Notebook, type NotebookOutput } from "./notebook-format.js";

/**
 * What the page allows, as a Content-Security-Policy: no scripts, no network, no frames or forms;
 * images only from data: URLs, styles only inline. A second line of defence behind the sanitiser.
 */
export const NOTEBOOK_HTML_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/**
 * HTML from outputs and markdown, sanitised (sanitize-html): its default allow-list of text and table
 * elements, plus images from data: URLs and a few table attributes; every script, event handler,
 * style sheet, frame, form and javascript: URL is removed.
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, "img", "del", "ins", "sub", "sup"],
  allowedAttributes: {
    "*": ["class", "title", "align"],
    a: ["href", "name"],
    img: ["src", "alt", "width", "height"],
    td: ["colspan", "rowspan"],
    th: ["colspan", "rowspan", "scope"],
    ol: ["start"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["data"] },
  allowProtocolRelative: false,
};

/** Sanitised HTML (see {@link SANITIZE}). */
export function sanitizeOutputHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

function markdown(src: string): string {
  return sanitizeOutputHtml(marked.parse(src, { async: false }));
}

function joined(v: unknown): string {
  return Array.isArray(v) ? v.join("") : String(v ?? "");
}

/** Base64 text only: anything else could end the attribute it sits in. */
function base64(v: unknown): string {
  return joined(v).replace(/[^A-Za-z0-9+/=]/g, "");
}

/**
 * An SVG as an image: a browser runs no script, loads nothing and handles no event inside an SVG
 * shown through <img>, so a chart cannot carry code into the page. The data URL escapes only what a
 * URL or the attribute would misread (the markup stays readable in the page source).
 */
function svgImage(svg: string): string {
  const url = svg.replace(/[%#"&\n\r\t]/g, (c) => (c === "&" ? "&amp;" : `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`));
  return `<div class="img"><img alt="figure" src="data:image/svg+xml,${url}"></div>`;
}

/** Picks the richest output a static page can show without scripts: SVG, PNG, JPEG, HTML, then text. */
function renderData(data: Record<string, unknown>): string {
  if (data["image/svg+xml"]) return svgImage(joined(data["image/svg+xml"]));
  if (data["image/png"]) return `<div class="img"><img alt="figure" src="data:image/png;base64,${base64(data["image/png"])}"></div>`;
  if (data["image/jpeg"]) return `<div class="img"><img alt="figure" src="data:image/jpeg;base64,${base64(data["image/jpeg"])}"></div>`;
  if (data["text/html"]) return `<div class="html">${sanitizeOutputHtml(joined(data["text/html"]))}</div>`;
  if (data["text/markdown"]) return `<div class="md">${markdown(joined(data["text/markdown"]))}</div>`;
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

/**
 * A self-contained HTML page of an executed notebook: no scripts, no network, charts as SVG or PNG
 * images. Text outputs are escaped, HTML outputs and markdown sanitised, and a Content-Security-Policy
 * forbids scripts and network loads, so a notebook's outputs cannot run code when the page is opened.
 */
export function notebookToHtml(nb: Notebook, title: string): string {
  const body = nb.cells
    .map((cell) => {
      const src = cellSource(cell);
      if (cell.cell_type === "markdown") return `<div class="cell md">${markdown(src)}</div>`;
      if (cell.cell_type === "raw") return `<div class="cell raw"><pre>${escapeHtml(src)}</pre></div>`;
      const count = typeof cell.execution_count === "number" ? cell.execution_count : " ";
      const outs = (cell.outputs ?? []).map(renderOutput).join("\n");
      return `<div class="cell code-cell"><div class="code"><div class="prompt">[${count}]:</div><pre class="src">${escapeHtml(src)}</pre></div>${outs ? `<div class="outputs">${outs}</div>` : ""}</div>`;
    })
    .join("\n");
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${NOTEBOOK_HTML_CSP}"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>\n<body>\n${body}\n</body></html>\n`;
}
