/** The `$schema` URL of Vega-Lite 5, the version Jupyter front ends render. */
export const VEGA_LITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/**
 * A Vega-Lite 5 specification as plain JSON (data inlined as `data.values` or top-level `datasets`).
 * Loose on purpose: vega-lite's own types are ESM-only with top-level await and cannot be imported here.
 */
export interface VegaLiteSpec {
  /** Schema URL; rendering and display force {@link VEGA_LITE_V5_SCHEMA}. */
  $schema?: string;
  /** Chart title (a string or a Vega-Lite title object). */
  title?: string | string[] | { text?: string | string[]; subtitle?: string | string[]; [key: string]: unknown };
  /** Inline data; `url` data is rejected by the display API (outputs must be self-contained). */
  data?: { values?: unknown[]; name?: string; url?: string; [key: string]: unknown };
  /** Mark type or mark definition. */
  mark?: string | { type: string; [key: string]: unknown };
  /** Encoding channels. */
  encoding?: Record<string, unknown>;
  /** Any other Vega-Lite property (layer, facet, concat, transform, width, height, config, ...). */
  [key: string]: unknown;
}
