import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OutputJournal, readJournal } from "../../src/kernel/output-journal.js";
import { unreceived, type JupyterMessage } from "../../src/runner/jupyter-client.js";

const stream = (name: string, text: string) => ({ header: { msg_type: "stream" }, content: { name, text } }) as unknown as JupyterMessage;

test("the output journal keeps the running cell's writes only, and survives a line cut short", () => {
  const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-journal-"));
  try {
    const path = join(dir, "output.jsonl");
    const logs: string[] = [];
    const journal = new OutputJournal(path, (t) => logs.push(t));
    journal.startCell("m1", 1);
    journal.write("stdout", "old cell\n");
    journal.startCell("m2", 2);
    journal.write("stdout", "a\n");
    journal.write("stderr", "warn\n");
    journal.write("stdout", "b");
    appendFileSync(path, '{"name":"stdout","te'); // the crash cut the last write
    assert.equal(readJournal(path, "m1"), undefined, "another cell's journal is not read");
    assert.deepEqual(readJournal(path, "m2"), {
      count: 2,
      truncated: false,
      streams: [
        { name: "stdout", text: "a\n" },
        { name: "stderr", text: "warn\n" },
        { name: "stdout", text: "b" },
      ],
    });
    journal.close();
    assert.deepEqual(logs, []);
    assert.equal(readJournal(join(dir, "missing.jsonl"), "m2"), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("unreceived: the journal's text beyond what iopub delivered, per stream, in order", () => {
  const journal = [
    { name: "stdout" as const, text: "one\n" },
    { name: "stderr" as const, text: "e1\n" },
    { name: "stdout" as const, text: "two\nthree\n" },
    { name: "stdout" as const, text: "four\n" },
  ];
  // the kernel coalesces writes: iopub carried "one\ntwo\n" of stdout and all of stderr
  assert.deepEqual(unreceived(journal, [stream("stdout", "one\ntwo\n"), stream("stderr", "e1\n")]), [{ name: "stdout", text: "three\nfour\n" }]);
  assert.deepEqual(unreceived(journal, []), [
    { name: "stdout", text: "one\n" },
    { name: "stderr", text: "e1\n" },
    { name: "stdout", text: "two\nthree\nfour\n" },
  ]);
  assert.deepEqual(unreceived(journal, [stream("stdout", "one\ntwo\nthree\nfour\n"), stream("stderr", "e1\n")]), []);
});
