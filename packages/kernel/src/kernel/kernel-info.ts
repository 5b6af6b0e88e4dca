/** The `kernel_info_reply` content: protocol, implementation and a true language_info. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROTOCOL_VERSION } from "./wire.js";

/** Version of the tfjs-tune package at `root`. */
export function packageVersion(root: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: string }).version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** Builds the kernel_info_reply content. */
export function kernelInfo(versions: { kernel: string; tslab: string; typescript: string }): Record<string, unknown> {
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "tfjs-tune",
    implementation_version: versions.kernel,
    language_info: {
      name: "typescript",
      version: versions.typescript,
      mimetype: "text/typescript",
      file_extension: ".ts",
      // JupyterLab reads `mode`; classic Notebook reads `name` + `typescript`.
      codemirror_mode: { name: "javascript", mode: "typescript", typescript: true },
      pygments_lexer: "typescript",
      nbconvert_exporter: "script",
      // Not in the spec's list but allowed (5.2+ permits extra fields): the runtime cells execute on.
      runtime: `Node.js ${process.version}`,
    },
    banner: `tfjs-tune kernel ${versions.kernel}: TypeScript ${versions.typescript} (tslab ${versions.tslab} compiler) on Node.js ${process.version}`,
    help_links: [
      { text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/intro.html" },
      { text: "Node.js API", url: "https://nodejs.org/api/" },
    ],
    debugger: false,
  };
}
