import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";
import { readNpz } from "../../src/data/npz.js";
import { readNpy, type NpyDtype } from "../../src/data/npy.js";
import { readZip, crc32, crc32Table } from "../../src/data/zip-reader.js";
import { Random } from "../../src/util/rng.js";
import { makeNpy } from "./npy-writer.js";
import { SHARED_DATA as sharedData } from "./shared-data.js";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));

interface Expected {
  dtype: string;
  shape: number[];
  order: "C" | "F";
  version: string;
  values: number[];
}
const expected: Record<string, Expected> = JSON.parse(readFileSync(fixtures + "numpy-cases.json", "utf8"));

test("numpy-written stored archive: every dtype, byte order, C/F order and version 1/2/3", () => {
  const npz = readNpz(fixtures + "numpy-cases.npz");
  assert.deepEqual([...npz.keys()], Object.keys(expected));
  for (const [name, want] of Object.entries(expected)) {
    const got = npz.get(name)!;
    assert.equal(got.dtype, want.dtype, name);
    assert.deepEqual(got.shape, want.shape, name);
    assert.equal(got.order, want.order, name);
    assert.equal(got.version, want.version, name);
    assert.deepEqual(Array.from(got.data), want.values, name);
  }
});

test("numpy-written compressed archive (np.savez_compressed) decodes to the same values", () => {
  const npz = readNpz(new Uint8Array(readFileSync(fixtures + "numpy-cases-compressed.npz")));
  assert.equal(npz.size, Object.keys(expected).length);
  for (const [name, want] of Object.entries(expected)) {
    assert.deepEqual(Array.from(npz.get(name)!.data), want.values, name);
    assert.deepEqual(npz.get(name)!.shape, want.shape, name);
  }
});

test("the chapter's data files: int64 [N, 190] with residues 0..20", () => {
  for (const [file, rows] of [
    ["hemo-positive.npz", 1826],
    ["hemo-negative.npz", 7490],
  ] as const) {
    const npz = readNpz(sharedData + file);
    const a = npz.get("arr_0")!;
    assert.equal(a.dtype, "int64");
    assert.deepEqual(a.shape, [rows, 190]);
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of a.data) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    assert.deepEqual([lo, hi], [0, 20]);
  }
});

const DTYPES: NpyDtype[] = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float16", "float32", "float64"];

function randomValue(r: Random, dtype: NpyDtype): number {
  switch (dtype) {
    case "bool":
      return r.int(2);
    case "int8":
      return r.int(256) - 128;
    case "uint8":
      return r.int(256);
    case "int16":
      return r.int(65536) - 32768;
    case "uint16":
      return r.int(65536);
    case "int32":
      return r.int(2 ** 32) - 2 ** 31;
    case "uint32":
      return r.int(2 ** 32);
    case "int64":
      return (r.int(2 ** 22) - 2 ** 21) * 2 ** 31 + r.int(2 ** 31); // spans about ±2^52
    case "uint64":
      return r.int(2 ** 21) * 2 ** 32 + r.int(2 ** 32);
    case "float16":
      return (r.int(2048) - 1024) / 64; // exactly representable in half precision
    case "float32":
      return Math.fround(r.normal() * 1e3);
    case "float64":
      return r.normal() * 1e6;
  }
}

test("property: random arrays round-trip through npy + zip (stored and deflated)", () => {
  const r = new Random(2024);
  for (let trial = 0; trial < 150; trial++) {
    const dtype = DTYPES[r.int(DTYPES.length)];
    const nd = r.int(5); // 0-d scalars up to 4-d
    const shape = Array.from({ length: nd }, () => r.int(5)); // zero-length axes included
    const count = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: count }, () => randomValue(r, dtype));
    const opts = {
      endian: r.int(2) ? ("<" as const) : (">" as const),
      order: r.int(2) ? ("C" as const) : ("F" as const),
      version: (r.int(3) + 1) as 1 | 2 | 3,
    };
    const label = `${dtype} ${JSON.stringify(shape)} ${JSON.stringify(opts)}`;
    const npy = makeNpy(dtype, shape, values, opts);
    const one = readNpy(npy);
    assert.deepEqual(Array.from(one.data), values, label);
    assert.deepEqual(one.shape, shape, label);
    assert.equal(one.version, `${opts.version}.0`, label);
    const zipped = zipSync({ "x.npy": [npy, { level: r.int(2) ? 0 : 6 }], "y.npy": [makeNpy("int8", [2], [1, -1]), { level: 0 }] });
    const npz = readNpz(zipped);
    assert.deepEqual([...npz.keys()], ["x", "y"], label);
    assert.deepEqual(Array.from(npz.get("x")!.data), values, label);
  }
});

test("int64 and uint64 beyond 2^53 - 1 are errors, the edges are exact", () => {
  const ok = readNpy(makeNpy("int64", [4], [2n ** 53n - 1n, -(2n ** 53n - 1n), -1n, 0n], { endian: ">" }));
  assert.deepEqual(Array.from(ok.data), [2 ** 53 - 1, -(2 ** 53 - 1), -1, 0]);
  assert.throws(() => readNpy(makeNpy("int64", [2], [0n, 2n ** 53n])), /int64 element 1 = 9007199254740992 is beyond/);
  assert.throws(() => readNpy(makeNpy("int64", [1], [-(2n ** 53n)])), /int64 element 0 = -9007199254740992/);
  assert.throws(() => readNpy(makeNpy("int64", [1], [-(2n ** 63n)])), /beyond/);
  assert.throws(() => readNpy(makeNpy("uint64", [1], [2n ** 64n - 1n])), /uint64 element 0 = 18446744073709551615/);
  assert.deepEqual(Array.from(readNpy(makeNpy("uint64", [1], [2n ** 53n - 1n])).data), [2 ** 53 - 1]);
  // the same checks on the big-endian (DataView) path
  assert.throws(() => readNpy(makeNpy("int64", [2], [0n, 2n ** 53n], { endian: ">" })), /int64 element 1 = 9007199254740992 is beyond/);
  assert.throws(() => readNpy(makeNpy("int64", [1], [-(2n ** 53n)], { endian: ">" })), /int64 element 0 = -9007199254740992/);
  assert.throws(() => readNpy(makeNpy("uint64", [1], [2n ** 53n], { endian: ">" })), /uint64 element 0 = 9007199254740992/);
  assert.deepEqual(Array.from(readNpy(makeNpy("uint64", [2], [2n ** 53n - 1n, 5n], { endian: ">" })).data), [2 ** 53 - 1, 5]);
});

test("object arrays, pickles, structured and unsupported dtypes are refused with clear errors", () => {
  assert.throws(() => readNpy(makeNpy("int8", [1], [0], { descr: "|O" })), /object arrays .*refused/);
  const pickle = new Uint8Array([0x80, 0x04, 0x95, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x8c]);
  assert.throws(() => readNpy(pickle), /pickle.*refused/);
  assert.throws(() => readNpz(zipSync({ "a.npy": pickle })), /member "a\.npy".*pickle/);
  assert.throws(() => readNpy(makeNpy("int8", [1], [0], { descr: "[('a', '<i4')]" })), /structured dtypes/);
  assert.throws(() => readNpy(makeNpy("float64", [1], [0], { descr: "<c16" })), /unsupported dtype '<c16'/);
  assert.throws(() => readNpy(makeNpy("float64", [1], [0], { descr: "<U2" })), /unsupported dtype '<U2'/);
  const v9 = makeNpy("int8", [1], [0]);
  v9[6] = 9;
  assert.throws(() => readNpy(v9), /unsupported \.npy format version 9\.0/);
  assert.throws(() => readNpy(new TextEncoder().encode("hello world, no npy")), /missing .*NUMPY magic/);
  assert.throws(() => readNpz(new TextEncoder().encode("plain text, definitely not a zip archive")), /not a ZIP archive/);
  assert.throws(() => readNpz("/nonexistent/dir/file.npz"), /cannot read \/nonexistent\/dir\/file\.npz/);
  assert.throws(() => readNpz(zipSync({})), /holds no arrays/);
});

test("truncated .npy data and headers give clear errors", () => {
  const npy = makeNpy(
    "int32",
    [3, 4],
    Array.from({ length: 12 }, (_, i) => i),
  );
  assert.throws(() => readNpy(npy.subarray(0, npy.length - 1)), /truncated data: shape \(3, 4\) of int32 needs 48 bytes, found 47/);
  assert.throws(() => readNpy(npy.subarray(0, 40)), /truncated \.npy header/);
  const longer = new Uint8Array(npy.length + 3);
  longer.set(npy);
  assert.throws(() => readNpy(longer), /3 unexpected bytes/);
});

test("every truncation of an archive is an error; corrupted bytes never yield wrong values", () => {
  const values = Array.from({ length: 60 }, (_, i) => (i * 7) % 21);
  const npy = makeNpy("int64", [6, 10], values);
  for (const level of [0, 6] as const) {
    const zipped = zipSync({ "arr_0.npy": [npy, { level }] });
    for (let cut = 0; cut < zipped.length; cut++) {
      assert.throws(
        () => readNpz(zipped.subarray(0, cut)),
        (err: Error) => /npz bytes: /.test(err.message),
        `cut ${cut}`,
      );
    }
    const r = new Random(level + 1);
    for (let trial = 0; trial < 300; trial++) {
      const bad = zipped.slice();
      const at = r.int(bad.length);
      bad[at] ^= 1 << r.int(8);
      let result;
      try {
        result = readNpz(bad);
      } catch (err) {
        assert.ok(err instanceof Error && err.message.length > 10, "errors carry a message");
        continue;
      }
      // a flip in metadata that does not matter (time stamp, version-made-by, a name byte) may pass
      const arr = [...result.values()][0];
      assert.deepEqual(Array.from(arr.data), values, `flip at ${at} changed the data silently`);
    }
  }
});

test("zip reader checks CRC-32 and understands ZIP64 fields written by numpy", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
  assert.equal(crc32Table(new TextEncoder().encode("123456789")), 0xcbf43926);
  const noise = Uint8Array.from({ length: 5000 }, (_, i) => (i * 2654435761) >>> 24);
  assert.equal(crc32Table(noise), crc32(noise));
  const bytes = new Uint8Array(readFileSync(sharedData + "hemo-positive.npz"));
  const entries = readZip(bytes);
  assert.deepEqual(
    entries.map((e) => e.name),
    ["arr_0.npy"],
  );
  assert.equal(entries[0].data.length, 2775648);
});
