import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { loadHemolysis, seedCacheFrom } from "../../src/chapter/load-hemolysis.js";
import { loadNpzPair } from "../../src/data/npz-pair.js";
import { dataCacheDir } from "../../src/data/cache-dir.js";
import { readNpz } from "../../src/data/npz.js";
import { makeNpy } from "../data/npy-writer.js";
import { SHARED_DATA as sharedData } from "../data/shared-data.js";
import { zipSync } from "fflate";

const tmpRoot = mkdtempSync(join(tmpdir(), "tfjs-tune-data-test-"));
let n = 0;
const freshDir = () => join(tmpRoot, `cache-${n++}`);
after(() => rmSync(tmpRoot, { recursive: true, force: true }));

test("seedCacheFrom + loadHemolysis: 9,316 × 190, positives first with label 1", async () => {
  const dir = seedCacheFrom(sharedData, freshDir());
  assert.deepEqual(readdirSync(dir).sort(), ["hemo-negative.npz", "hemo-positive.npz"]);
  const data = await loadHemolysis({ cacheDir: dir, download: false });
  assert.equal(data.count, 9316);
  assert.equal(data.length, 190);
  assert.equal(data.features.length, 9316 * 190);
  let ones = 0;
  for (let i = 0; i < data.count; i++) ones += data.labels[i];
  assert.equal(ones, 1826);
  assert.ok(data.labels.subarray(0, 1826).every((x) => x === 1));
  assert.ok(data.labels.subarray(1826).every((x) => x === 0));
  const pos = readNpz(join(sharedData, "hemo-positive.npz")).get("arr_0")!;
  const neg = readNpz(join(sharedData, "hemo-negative.npz")).get("arr_0")!;
  assert.deepEqual(Array.from(data.features.subarray(0, 380)), Array.from(pos.data.subarray(0, 380)));
  assert.deepEqual(Array.from(data.features.subarray(1826 * 190, 1826 * 190 + 380)), Array.from(neg.data.subarray(0, 380)));
  // seeding twice is a no-op, and the copies are writable
  assert.equal(seedCacheFrom(sharedData, dir), dir);
});

test("TFJS_TUNE_DATA is honoured; dataCacheDir falls back to XDG / ~/.cache", async () => {
  const dir = seedCacheFrom(sharedData, freshDir());
  const old = process.env.TFJS_TUNE_DATA;
  process.env.TFJS_TUNE_DATA = dir;
  try {
    assert.equal(dataCacheDir(), dir);
    const data = await loadHemolysis({ download: false });
    assert.equal(data.count, 9316);
  } finally {
    if (old === undefined) delete process.env.TFJS_TUNE_DATA;
    else process.env.TFJS_TUNE_DATA = old;
  }
  assert.equal(dataCacheDir(undefined, { XDG_CACHE_HOME: "/x/cache" }), "/x/cache/tfjs-tune");
  assert.equal(dataCacheDir("/opt/d", { TFJS_TUNE_DATA: "/y" }), "/opt/d");
  assert.match(dataCacheDir(undefined, {}), /\.cache[\\/]tfjs-tune$/);
});

test("loadNpzPair: generic pairs, shape checks", () => {
  const pos = zipSync({ "arr_0.npy": makeNpy("int64", [2, 3], [1, 2, 3, 4, 5, 6]) });
  const neg = zipSync({ "arr_0.npy": makeNpy("uint8", [1, 3], [7, 8, 9]) });
  const d = loadNpzPair(pos, neg);
  assert.equal(d.count, 3);
  assert.equal(d.length, 3);
  assert.deepEqual(Array.from(d.features), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(Array.from(d.labels), [1, 1, 0]);
  assert.equal(d.sampleWeight, undefined);
  const other = zipSync({ "arr_0.npy": makeNpy("int32", [1, 4], [1, 2, 3, 4]) });
  assert.throws(() => loadNpzPair(pos, other), /differ in length \(positive npz bytes: 3, negative npz bytes: 4\)/);
  const flat = zipSync({ "arr_0.npy": makeNpy("int32", [4], [1, 2, 3, 4]) });
  assert.throws(() => loadNpzPair(flat, neg), /positive npz bytes array arr_0 must be 2-D \[rows, length\], got shape \(4\)/);
  assert.throws(() => loadNpzPair(pos, neg, { aray: "x" } as never), /loadNpzPair: unknown option aray; did you mean array\?/);
});

test("loadNpzPair: float arrays of whole numbers load as int32; any other value names file, array, index and value", () => {
  const dir = freshDir();
  mkdirSync(dir, { recursive: true });
  const pos = join(dir, "pos.npz");
  const neg = join(dir, "neg.npz");
  writeFileSync(pos, zipSync({ "arr_0.npy": makeNpy("float64", [2, 2], [1, 2, 20, 0]) }));
  writeFileSync(neg, zipSync({ "arr_0.npy": makeNpy("float32", [1, 2], [3, 4]) }));
  const d = loadNpzPair(pos, neg);
  assert.ok(d.features instanceof Int32Array);
  assert.deepEqual(Array.from(d.features), [1, 2, 20, 0, 3, 4]);
  writeFileSync(neg, zipSync({ "arr_0.npy": makeNpy("float32", [1, 2], [3, 4.5]) }));
  assert.throws(() => loadNpzPair(pos, neg), /loadNpzPair: neg\.npz array arr_0 element 1 is 4\.5, not a whole number/);
  writeFileSync(neg, zipSync({ "arr_0.npy": makeNpy("float32", [1, 2], [3, NaN]) }));
  assert.throws(() => loadNpzPair(pos, neg), /neg\.npz array arr_0 element 1 is NaN/);
  writeFileSync(neg, zipSync({ "arr_0.npy": makeNpy("float64", [1, 2], [3, 2 ** 40]) }));
  assert.throws(() => loadNpzPair(pos, neg), /element 1 = 1099511627776 does not fit in int32/);
});

test("loadNpzPair: an extra array is named, never dropped silently; {array, weights} pick them; weights become sampleWeight", () => {
  const pos = zipSync({ "seqs.npy": makeNpy("int32", [2, 2], [1, 2, 3, 4]), "w.npy": makeNpy("float64", [2], [0.5, 2]) });
  const neg = zipSync({ "seqs.npy": makeNpy("int32", [1, 2], [5, 6]), "w.npy": makeNpy("float32", [1], [1]) });
  const lines: string[] = [];
  const d = loadNpzPair(pos, neg, { log: (l) => lines.push(l) });
  assert.equal(d.sampleWeight, undefined);
  assert.equal(lines.length, 2);
  assert.match(lines[0], /positive npz bytes holds seqs \[2, 2\] int32, w \[2\] float64; using seqs \(choose with \{array, weights\}\)/);
  const w = loadNpzPair(pos, neg, { array: "seqs", weights: "w", log: false });
  assert.deepEqual(Array.from(w.sampleWeight ?? []), [0.5, 2, 1]);
  assert.throws(() => loadNpzPair(pos, neg, { array: "x", log: false }), /positive npz bytes \(positive\) has no array "x"; it holds seqs, w/);
  const badW = zipSync({ "seqs.npy": makeNpy("int32", [1, 2], [5, 6]), "w.npy": makeNpy("float32", [1], [-1]) });
  assert.throws(() => loadNpzPair(pos, badW, { weights: "w", log: false }), /weights w element 0 is -1; expected a finite weight ≥ 0/);
});

// A local HTTP server serving the shared files, with scripted failures per file name.
type Fault = "503" | "404" | "corrupt" | "short";
let server: Server;
let baseUrl = "";
const faults = new Map<string, Fault[]>();
const hits: string[] = [];
before(async () => {
  server = createServer((req, res) => {
    const name = (req.url ?? "").split("/").pop() ?? "";
    hits.push(name);
    const fault = faults.get(name)?.shift();
    const path = join(sharedData, name);
    if (fault === "404" || !existsSync(path)) return void res.writeHead(404).end("not found");
    if (fault === "503") return void res.writeHead(503).end("busy");
    const body = readFileSync(path);
    if (fault === "corrupt") body[body.length >> 1] ^= 0xff;
    res.writeHead(200, { "content-length": String(body.length), "content-type": "application/octet-stream" });
    if (fault === "short") {
      res.write(body.subarray(0, 1000));
      return void res.destroy();
    }
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data/`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const noTmp = (dir: string) => assert.deepEqual(existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".tmp")) : [], []);

test("download from a local server: a transient 503 and a broken body are retried, files land in the cache", async () => {
  const dir = freshDir();
  hits.length = 0;
  faults.set("hemo-positive.npz", ["503", "short"]);
  const lines: string[] = [];
  const data = await loadHemolysis({ cacheDir: dir, baseUrl, backoffMs: 5, progress: (l) => lines.push(l) });
  assert.equal(data.count, 9316);
  assert.deepEqual(hits, ["hemo-positive.npz", "hemo-positive.npz", "hemo-positive.npz", "hemo-negative.npz"]);
  assert.ok(
    lines.some((l) => /HTTP 503.*retry 1\/3/.test(l)),
    lines.join("\n"),
  );
  assert.ok(
    lines.some((l) => /retry 2\/3/.test(l)),
    lines.join("\n"),
  );
  assert.ok(
    lines.some((l) => /downloading hemo-negative\.npz: 106\.9 kB done/.test(l)),
    lines.join("\n"),
  );
  assert.deepEqual(readdirSync(dir).sort(), ["hemo-negative.npz", "hemo-positive.npz"]);
  // second load hits the cache only
  hits.length = 0;
  await loadHemolysis({ cacheDir: dir, baseUrl, progress: false });
  assert.deepEqual(hits, []);
});

test("a corrupted download (SHA-256 mismatch) is an error and leaves nothing in the cache", async () => {
  const dir = freshDir();
  faults.set("hemo-positive.npz", ["corrupt"]);
  await assert.rejects(loadHemolysis({ cacheDir: dir, baseUrl, backoffMs: 5, progress: false }), (err: Error) => {
    assert.match(err.message, /SHA-256 mismatch for hemo-positive\.npz/);
    assert.match(err.message, /expected 96cb24d5/);
    return true;
  });
  assert.equal(existsSync(join(dir, "hemo-positive.npz")), false);
  noTmp(dir);
});

test("a cached file with the wrong SHA-256 is never replaced: the error names it, the expected and the found hash", async () => {
  const dir = seedCacheFrom(sharedData, freshDir());
  writeFileSync(join(dir, "hemo-negative.npz"), "garbage");
  hits.length = 0;
  await assert.rejects(loadHemolysis({ cacheDir: dir, baseUrl, progress: false }), (err: Error) => {
    assert.equal(err.name, "DataFileError");
    assert.ok(err.message.startsWith(`${join(dir, "hemo-negative.npz")} is not the expected hemo-negative.npz`), err.message);
    assert.match(err.message, /its SHA-256 is 795b6904[0-9a-f]{56}, expected f83aad41[0-9a-f]{56}/);
    return true;
  });
  assert.deepEqual(hits, []);
  assert.equal(readFileSync(join(dir, "hemo-negative.npz"), "utf8"), "garbage");
});

test("a data folder that is a file is a one-line error naming it", async () => {
  const folder = freshDir();
  mkdirSync(folder, { recursive: true });
  const file = join(folder, "not-a-folder");
  writeFileSync(file, "x");
  await assert.rejects(
    loadHemolysis({ cacheDir: file, progress: false }),
    /^DataFileError: loadHemolysis: .*not-a-folder \(the cacheDir option\) is a file; expected a folder that holds the data files$/,
  );
});

test("404 is not retried; no network gives an error naming the files and the directory", async () => {
  const dir = freshDir();
  hits.length = 0;
  faults.set("hemo-positive.npz", ["404"]);
  await assert.rejects(loadHemolysis({ cacheDir: dir, baseUrl, backoffMs: 5, progress: false }), /HTTP 404/);
  assert.deepEqual(hits, ["hemo-positive.npz"]);
  // a port nobody listens on: connection refused on every attempt
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  await assert.rejects(loadHemolysis({ cacheDir: dir, baseUrl: `http://127.0.0.1:${port}`, retries: 1, backoffMs: 5, progress: false }), (err: Error) => {
    assert.ok(err.message.startsWith(`loadHemolysis: 2 data files are missing from ${dir}:\n`), err.message);
    assert.match(err.message, /Downloading hemo-positive\.npz failed: .*ECONNREFUSED/);
    assert.match(err.message, /hemo-positive\.npz {2}\(SHA-256 96cb24d5[^\n]*\n {4}from https:[^\n]*\n {2}hemo-negative\.npz {2}\(SHA-256 f83aad41/);
    assert.match(err.message, /or set TFJS_TUNE_DATA to a folder that holds them/);
    assert.equal(err.message.split("hemo-positive.npz  (").length, 2, "each file is listed once");
    return true;
  });
  await assert.rejects(loadHemolysis({ cacheDir: dir, download: false }), /2 data files are missing from .*\n[\s\S]*\(Downloading is disabled\.\)/);
  noTmp(dir);
});

test("seedCacheFrom refuses a missing or altered source file", () => {
  const bad = freshDir();
  assert.throws(() => seedCacheFrom(bad, freshDir()), /hemo-positive\.npz does not exist/);
  const altered = seedCacheFrom(sharedData, freshDir());
  writeFileSync(join(altered, "hemo-positive.npz"), "not the real file");
  assert.throws(
    () => seedCacheFrom(altered, freshDir()),
    /hemo-positive\.npz is not the expected hemo-positive\.npz: its SHA-256 is [0-9a-f]{64}, expected 96cb24d5/,
  );
});
