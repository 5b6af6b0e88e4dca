import { test } from "node:test";
import assert from "node:assert/strict";
import { loadDriver, MissingDriverError } from "../../../src/hpo/storage/optional-driver.js";

const notFound = (name: string) => () => {
  throw Object.assign(new Error(`Cannot find module '${name}'\nRequire stack:\n- x.js`), { code: "MODULE_NOT_FOUND" });
};

test("a missing driver package is a MissingDriverError that says what to install", () => {
  assert.throws(
    () => loadDriver("better-sqlite3", "SQLite storage", notFound("better-sqlite3")),
    (e: unknown) =>
      e instanceof MissingDriverError &&
      e.packageName === "better-sqlite3" &&
      /SQLite storage needs the better-sqlite3 package.*npm install better-sqlite3/.test(e.message),
  );
  assert.throws(() => loadDriver("pg", "PostgreSQL storage", notFound("pg")), /PostgreSQL storage needs the pg package.*npm install pg/);
});

test("other load failures (a dependency of the driver missing, a broken native build) pass through unchanged", () => {
  assert.throws(
    () => loadDriver("pg", "PostgreSQL storage", notFound("pg-pool")),
    (e: unknown) => !(e instanceof MissingDriverError) && /pg-pool/.test((e as Error).message),
  );
  const broken = () => {
    throw new Error("invalid ELF header");
  };
  assert.throws(() => loadDriver("better-sqlite3", "SQLite storage", broken), /invalid ELF header/);
});

test("installed drivers load", () => {
  assert.equal(typeof loadDriver("better-sqlite3", "SQLite storage"), "function");
  assert.equal(typeof (loadDriver("pg", "PostgreSQL storage") as { Pool: unknown }).Pool, "function");
});
