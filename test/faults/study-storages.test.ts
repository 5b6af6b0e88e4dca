// Hostile names and mismatched studies on every storage (memory, SQLite, PostgreSQL): study names,
// attributes and categorical values holding quotes, SQL, LIKE wildcards or backslashes are stored
// and found as given (queries are parameterised); reopening a study with another space, direction(s)
// or objective names is a StudyMismatchError listing each difference, whichever storage holds it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { categorical, createStudy, float, int, loadStudy, randomSampler, StudyMismatchError } from "../../src/hpo/index.js";
import { MemoryStorage } from "../../src/hpo/storage/memory.js";
import { PostgresStorage } from "../../src/hpo/storage/postgres-storage.js";
import { SqliteStorage } from "../../src/hpo/storage/sqlite-storage.js";
import type { Storage, StudyRecord } from "../../src/hpo/types.js";
import type { Study } from "../../src/hpo/study.js";
import { findPostgresBin, startPostgresCluster, type PostgresCluster } from "../hpo/storage/postgres-cluster.js";

const noPostgres = findPostgresBin() ? false : "PostgreSQL server binaries not installed (Debian package postgresql)";
let cluster: PostgresCluster | undefined;
let dir = "";
let dbs = 0;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "tfjs-tune-study-storages-"));
  if (!noPostgres) cluster = await startPostgresCluster();
});
after(() => {
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Each storage kind: a fresh, empty storage, and a way to open the same one again. */
const kinds: Array<{ name: string; skip: string | false; fresh(): { open(): Storage } }> = [
  {
    name: "memory",
    skip: false,
    fresh() {
      const m = new MemoryStorage();
      return { open: () => m };
    },
  },
  {
    name: "sqlite",
    skip: false,
    fresh() {
      const file = join(dir, `s${dbs++}.db`);
      return { open: () => new SqliteStorage(file) };
    },
  },
  {
    name: "postgres",
    skip: noPostgres,
    fresh() {
      const url = cluster!.createDatabase(`d${dbs++}`);
      return { open: () => new PostgresStorage(url) };
    },
  },
];

const close = (s: Storage) => (s instanceof MemoryStorage ? undefined : s.close?.());

const HOSTILE = [
  `it's "quoted"`,
  `x'; DROP TABLE trials; --`,
  `Robert'); DROP TABLE tfjs_tune_trials; --`,
  `a%`,
  `a_`,
  `back\\slash \\' \\"`,
  `$1 $$ ? :name @p`,
  `études ✓ 试验`,
];

for (const kind of kinds) {
  test(`${kind.name}: study names, attributes and values with quotes or SQL are stored and found as given`, { skip: kind.skip }, async () => {
    const where = kind.fresh();
    const space = { opt: categorical(HOSTILE), x: float(0, 1) };
    const storage = where.open();
    for (const name of HOSTILE) {
      const study = await createStudy({ name, space, storage, sampler: randomSampler(), seed: 4, userAttrs: { [name]: name, note: `${name} ${name}` } });
      await study.optimize(
        async (p, trial) => {
          await trial.setUserAttrs({ [p.opt]: p.opt });
          return p.x;
        },
        { nTrials: 3 },
      );
    }
    // a name that only a LIKE or an unescaped quote would match is not found
    assert.equal(await storage.loadStudy("ab"), undefined);
    assert.equal(await storage.loadStudy(`it's`), undefined);
    await close(storage);
    const reopened = where.open();
    if (reopened instanceof SqliteStorage || reopened instanceof PostgresStorage) assert.deepEqual(await reopened.studyNames(), HOSTILE);
    for (const name of HOSTILE) {
      const study: Study<typeof space> = await loadStudy(name, { space, storage: reopened });
      assert.equal(study.name, name);
      const record: StudyRecord | undefined = await reopened.loadStudy(name);
      assert.equal(record?.name, name);
      assert.equal(record?.userAttrs[name], name);
      assert.equal(record?.userAttrs.note, `${name} ${name}`);
      assert.equal(study.trials.length, 3, `${name}: its own 3 trials, no other study's`);
      for (const t of study.trials) {
        assert.ok(HOSTILE.includes(t.params.opt));
        assert.equal(t.userAttrs[t.params.opt], t.params.opt);
      }
    }
    await close(reopened);
  });

  test(`${kind.name}: another space, direction(s) or objective names is a StudyMismatchError listing each difference`, { skip: kind.skip }, async () => {
    const where = kind.fresh();
    const space = { lr: float(1e-4, 1e-1, { log: true }), units: int(8, 64) };
    const def = { name: "mo", space, directions: ["minimize", "maximize"] as const, objectiveNames: ["loss", "auc"], sampler: randomSampler() };
    let storage = where.open();
    const first = await createStudy({ ...def, storage });
    await first.optimize((p) => [p.lr, p.units], { nTrials: 3 });
    await close(storage);

    const attempt = async (change: object): Promise<StudyMismatchError> => {
      storage = where.open();
      try {
        const e = await createStudy({ ...def, ...change, storage, loadIfExists: true }).catch((x: unknown) => x);
        assert.ok(e instanceof StudyMismatchError, String(e));
        return e;
      } finally {
        await close(storage);
      }
    };
    const dirs = await attempt({ directions: ["minimize", "minimize"] });
    assert.deepEqual(
      dirs.differences.map((d) => d.what),
      ["direction"],
    );
    assert.match(dirs.message, /direction: stored minimize, maximize, requested minimize, minimize/);
    const names = await attempt({ objectiveNames: ["loss", "accuracy"] });
    assert.match(names.message, /objective names: stored \["loss","auc"\], requested \["loss","accuracy"\]/);
    const single = await attempt({ directions: undefined, objectiveNames: undefined, direction: "minimize" });
    assert.match(single.message, /direction: stored minimize, maximize, requested minimize/);
    const all = await attempt({ space: { lr: float(1e-3, 1), units: int(8, 64) }, directions: ["maximize", "maximize"], objectiveNames: ["a", "b"] });
    assert.deepEqual(
      all.differences.map((d) => d.what),
      ['parameter "lr"', "direction", "objective names"],
    );
    assert.match(all.message, /Use a new study name/);

    // the study is unchanged by the refused attempts, and the same definition still opens it
    storage = where.open();
    const again = await createStudy({ ...def, storage, loadIfExists: true });
    assert.equal(again.trials.length, 3);
    assert.deepEqual(again.directions, ["minimize", "maximize"]);
    const loaded = await loadStudy("mo", { space, storage });
    assert.deepEqual(loaded.directions, ["minimize", "maximize"]);
    await close(storage);

    // extendSpace stores the wider space in this storage: it then opens without the option
    const wider = { ...space, units: int(4, 128), dropout: float(0, 0.5) };
    storage = where.open();
    await createStudy({ ...def, space: wider, storage, loadIfExists: true, extendSpace: true });
    await close(storage);
    storage = where.open();
    assert.equal((await loadStudy("mo", { space: wider, storage })).trials.length, 3);
    await assert.rejects(loadStudy("mo", { space, storage }), StudyMismatchError);
    await close(storage);
  });
}

test("storage SQL is parameterised: the only values spliced into statement text are named constants", () => {
  const root = join(import.meta.dirname, "../../src/hpo/storage");
  const allowed = new Set(["SERVER_NOW_MS"]); // SQL text itself (the server clock in ms), not a value
  let statements = 0;
  for (const file of readdirSync(root).filter((f) => /^(sqlite|postgres).*\.ts$/.test(f))) {
    const src = readFileSync(join(root, file), "utf8");
    for (const m of src.matchAll(/\.(query|prepare|exec|pragma)\(\s*`([^`]*)`/g)) {
      statements++;
      for (const [, expr] of m[2].matchAll(/\$\{([^}]*)\}/g)) {
        const ok = allowed.has(expr.trim()) || /^options\.synchronous === "normal" \? "NORMAL" : "FULL"$/.test(expr.trim());
        assert.ok(ok, `${file}: \${${expr}} spliced into SQL ${JSON.stringify(m[2].slice(0, 80))}: pass it as a parameter`);
      }
    }
  }
  assert.ok(statements >= 10, `found ${statements} statements`);
});
