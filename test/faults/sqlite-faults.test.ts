// SQLite file faults: a study read from a read-only file (the readOnly option, and a read-only file
// system), a full disk (PRAGMA max_page_count) and damaged pages (a copy overwritten) are errors
// naming the file and what to do, never a raw SqliteError; nothing finished before is lost.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStudy, float, loadStudy, randomSampler } from "../../src/hpo/index.js";
import { SqliteStorage, sqliteStorage } from "../../src/hpo/storage/sqlite-storage.js";
import { StorageFileError } from "../../src/hpo/storage/sqlite-open.js";

const space = { x: float(0, 1) };
const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-sqlite-faults-"));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A closed study file with `n` complete trials. */
async function studyFile(path: string, n: number): Promise<void> {
  const study = await createStudy({ name: "s", space, storage: path, sampler: randomSampler(), seed: 1 });
  await study.optimize((p) => p.x, { nTrials: n });
  await study.storage.close?.();
}

/** The error a call throws (or fails the test when it does not throw). */
async function errorOf(fn: () => unknown): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    return e as Error;
  }
  assert.fail("expected an error");
}

function assertFileError(e: Error, path: string, what: RegExp): void {
  assert.ok(e instanceof StorageFileError, `${e.name}: ${e.message}`);
  assert.ok(e.message.includes(path), `names the file: ${e.message}`);
  assert.match(e.message, what);
  assert.doesNotMatch(e.message, /^disk I\/O error|^database disk image is malformed/);
}

test("readOnly: true reads a study for analysis, refuses writes by name, and leaves the file byte-identical", async () => {
  await withDir(async (dir) => {
    const file = join(dir, "s.db");
    await studyFile(file, 4);
    const before = sha(file);
    const storage = sqliteStorage(file, { readOnly: true });
    assert.match(storage.readOnly ?? "", /readOnly: true/);
    const study = await loadStudy("s", { space, storage });
    assert.equal(study.trials.filter((t) => t.state === "complete").length, 4);
    assert.equal(study.bestValue, Math.min(...study.trials.map((t) => t.value!)));
    assert.equal(study.trialsTable().numRows(), 4);
    const e = await errorOf(() => study.ask());
    assertFileError(e, file, /open for reading only \(opened with readOnly: true\); nothing was written/);
    await storage.close();
    assert.equal(sha(file), before, "the study file was not modified");
    await assert.rejects(async () => new SqliteStorage(join(dir, "missing.db"), { readOnly: true }), /does not exist/);
    assert.ok(!existsSync(join(dir, "missing.db")), "a read-only open creates nothing");
  });
});

/** Runs `script` in a mount namespace where `dir` is mounted read-only at `mnt`; undefined when that is not permitted here. */
function inReadOnlyMount(dir: string, mnt: string, args: string[]): { status: number | null; stdout: string; stderr: string } | undefined {
  const probe = spawnSync("unshare", ["-m", "sh", "-c", `mount --bind ${dir} ${mnt} && mount -o remount,bind,ro ${mnt}`], { encoding: "utf8" });
  if (probe.status !== 0) return undefined;
  const fixture = join(import.meta.dirname, "fixtures", "read-study.ts");
  const cmd = `mount --bind "$1" "$2" && mount -o remount,bind,ro "$2" && shift 2 && exec "$@"`;
  const r = spawnSync("unshare", ["-m", "sh", "-c", cmd, "sh", dir, mnt, process.execPath, "--import", "tsx", fixture, ...args], {
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("a study file on a read-only file system opens for reading (a snapshot when its -shm cannot be made)", async (t) => {
  await withDir(async (dir) => {
    const data = join(dir, "data");
    const mnt = join(dir, "ro");
    mkdirSync(data);
    mkdirSync(mnt);
    const file = join(data, "s.db");
    await studyFile(file, 3);
    const before = sha(file);
    const r = inReadOnlyMount(data, mnt, [join(mnt, "s.db"), "s"]);
    if (r === undefined) {
      t.skip("no permission for a read-only bind mount (unshare -m) on this machine");
      return;
    }
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { readOnly: string; complete: number; bestValue: number; write: string };
    assert.equal(out.complete, 3);
    assert.equal(typeof out.bestValue, "number");
    assert.match(out.readOnly, /cannot be written; reading a copy taken when it was opened/);
    assert.match(out.write, /^StorageFileError: .*open for reading only/);
    assert.ok(out.write.includes(join(mnt, "s.db")), out.write);
    assert.equal(sha(file), before);
  });
});

test("disk full (max_page_count): a StorageFileError naming the file and what to do; finished trials are kept", async () => {
  await withDir(async (dir) => {
    const file = join(dir, "s.db");
    const study = await createStudy({ name: "s", space, storage: file, sampler: randomSampler(), seed: 2 });
    await study.optimize((p) => p.x, { nTrials: 2 });
    const storage = study.storage as SqliteStorage;
    const pages = storage.db.pragma("page_count", { simple: true }) as number;
    storage.db.pragma(`max_page_count = ${pages + 1}`); // a disk with one page left
    const e = await errorOf(() => study.optimize(async (p, trial) => (await trial.setUserAttrs({ log: "x".repeat(3000) }), p.x), { nTrials: 50 }));
    assertFileError(e, file, /the disk holding .* is full .*rolled back.*Free space on that disk/);
    assert.equal((e as StorageFileError).sqliteCode, "SQLITE_FULL");
    assert.doesNotMatch(e.name, /SqliteError/);
    const finishedBefore = (await storage.listTrials("s")).filter((r) => r.state === "complete").length;
    await storage.close();
    const again = await loadStudy("s", { space, storage: file });
    const done = again.trials.filter((r) => r.state === "complete");
    assert.equal(done.length, finishedBefore);
    assert.ok(done.length >= 2, "the trials finished before the disk filled are there");
    const check = (again.storage as SqliteStorage).db.pragma("integrity_check", { simple: true });
    assert.equal(check, "ok");
    await again.storage.close?.();
  });
});

/** Overwrites SQLite pages `from`..`to` (1-based, inclusive) of the file with a pattern. */
function damagePages(path: string, from: number, to: number): void {
  const bytes = readFileSync(path);
  const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
  bytes.fill(0xa5, (from - 1) * pageSize, Math.min(bytes.length, to * pageSize));
  writeFileSync(path, bytes);
}

test("damaged pages: opening or reading a damaged copy is a StorageFileError naming the file and the way out", async () => {
  await withDir(async (dir) => {
    const file = join(dir, "s.db");
    await studyFile(file, 20);
    const probe = new SqliteStorage(file);
    const root = probe.db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'trials'").pluck().get() as number;
    const pages = probe.db.pragma("page_count", { simple: true }) as number;
    await probe.close();

    // the trials table's root page: the file opens (schema and meta are intact), reading trials fails
    const copy1 = join(dir, "damaged-trials.db");
    copyFileSync(file, copy1);
    damagePages(copy1, root, root);
    const e1 = await errorOf(() => loadStudy("s", { space, storage: copy1 }));
    assertFileError(e1, copy1, /is damaged .*restore it from a backup or recover what is readable with `sqlite3 .*\.recover/);
    assert.match((e1 as StorageFileError).sqliteCode ?? "", /^SQLITE_(CORRUPT|NOTADB)/);

    // every page after the first: refused at open, and the copy is left as it was
    const copy2 = join(dir, "damaged-all.db");
    copyFileSync(file, copy2);
    damagePages(copy2, 2, pages);
    const h = sha(copy2);
    const e2 = await errorOf(() => loadStudy("s", { space, storage: copy2 }));
    assertFileError(e2, copy2, /corrupt SQLite database|is damaged|not a SQLite database/);
    assert.equal(sha(copy2), h);

    // the original is untouched by all this
    const ok = await loadStudy("s", { space, storage: file });
    assert.equal(ok.trials.length, 20);
    await ok.storage.close?.();
  });
});
