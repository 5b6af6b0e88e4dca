// The database drivers are optional peer dependencies: a study in memory or in a JSONL file needs neither,
// and better-sqlite3 is a native build. They are required on first use, with a message that says what to install.
import { createRequire } from "node:module";

const requireHere = createRequire(import.meta.url);

/** Thrown when a storage's driver package is not installed. */
export class MissingDriverError extends Error {
  /** The npm package to install. */
  readonly packageName: string;
  constructor(packageName: string, purpose: string, cause: unknown) {
    super(`${purpose} needs the ${packageName} package, which is not installed here: run \`npm install ${packageName}\` in your project`, { cause });
    this.name = "MissingDriverError";
    this.packageName = packageName;
  }
}

/** `require(packageName)`, or a MissingDriverError naming it when it is not installed (other load errors pass through). */
export function loadDriver<T>(packageName: "better-sqlite3" | "pg", purpose: string, load: (name: string) => unknown = requireHere): T {
  try {
    return load(packageName) as T;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (code === "MODULE_NOT_FOUND" && String((e as Error).message).includes(`'${packageName}'`)) throw new MissingDriverError(packageName, purpose, e);
    throw e;
  }
}
