#!/usr/bin/env node
// npm test's pretest: builds the library and the kernel only when a source is newer than the build.
import { buildIfStale } from "./start.mjs";

if (!buildIfStale()) console.log("build-if-stale: the build is current");
