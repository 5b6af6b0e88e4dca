// The kernel spells the library's protocol constants itself (so starting it never loads tfjs): they must agree.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DATA_ENV as libraryDataEnv } from "../../../src/data/cache-dir.js";
import { KERNEL_HOOK as libraryHook } from "../../../src/notebook/kernel-hook.js";
import { METRICS_MIME as libraryMime } from "../../../src/notebook/report-metrics.js";
import { DATA_ENV, KERNEL_HOOK, METRICS_MIME } from "../src/library-protocol.js";

test("the kernel's hook symbol, metrics MIME type and data variable are the library's", () => {
  assert.equal(KERNEL_HOOK, libraryHook);
  assert.equal(METRICS_MIME, libraryMime);
  assert.equal(DATA_ENV, libraryDataEnv);
});
