#!/usr/bin/env node
// npm's `prepare` (after every npm install / npm ci): link the package into its own node_modules for the
// notebooks, and record which package-lock.json the install came from (so `npm start` does not reinstall).
import { linkSelf } from "./link-self.mjs";
import { stampInstall } from "./start.mjs";

console.log(`prepare: node_modules/tfjs-tune -> ..: ${linkSelf()}`);
stampInstall();
