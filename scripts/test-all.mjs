#!/usr/bin/env node
/**
 * Every test the project has, in one run: the static gates (typecheck, lint,
 * format), the unit tests (Vitest) and the end-to-end tests (Playwright in
 * Chromium against the production build). It keeps going past a failure so one
 * run shows everything, and ends with the one line CI reads:
 *   N passed, N failed
 * where N passed counts unit and e2e tests, and N failed adds every failed test,
 * every skipped test and every failed gate. The exit code is 0 only when nothing failed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const results = "test-results";
mkdirSync(results, { recursive: true });

function step(name, cmd, args) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  const ok = r.status === 0;
  console.log(`=== ${name}: ${ok ? "ok" : `FAILED (exit ${r.status ?? r.signal})`}`);
  return ok;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

let passed = 0;
let failed = 0;
const failures = [];

for (const [name, cmd, args] of [
  ["typecheck", "npm", ["run", "-s", "typecheck"]],
  ["lint", "npm", ["run", "-s", "lint"]],
  ["format", "npm", ["run", "-s", "format:check"]],
]) {
  if (!step(name, cmd, args)) {
    failed += 1;
    failures.push(name);
  }
}

const unitReport = `${results}/unit-report.json`;
rmSync(unitReport, { force: true });
const unitOk = step("unit tests", "npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile=${unitReport}`,
]);
const unit = readJson(unitReport);
if (unit) {
  passed += unit.numPassedTests;
  // A skipped or unfinished test proves nothing: it counts as a failure, never silently.
  const unproven = unit.numPendingTests + unit.numTodoTests;
  failed += unit.numFailedTests + unproven;
  if (unproven) failures.push(`${unproven} unit test(s) skipped`);
}
if (!unitOk && (!unit || unit.numFailedTests === 0)) {
  failed += 1;
  failures.push("unit tests (run failed)");
}

const e2eReport = `${results}/e2e-report.json`;
rmSync(e2eReport, { force: true });
const e2eOk = step("e2e tests", "npx", ["playwright", "test"]);
const e2e = existsSync(e2eReport) ? readJson(e2eReport) : null;
if (e2e?.stats) {
  passed += e2e.stats.expected;
  failed += e2e.stats.unexpected + e2e.stats.flaky + e2e.stats.skipped;
  if (e2e.stats.skipped) failures.push(`${e2e.stats.skipped} e2e test(s) skipped`);
}
if (!e2eOk && (!e2e?.stats || e2e.stats.unexpected + e2e.stats.flaky === 0)) {
  failed += 1;
  failures.push("e2e tests (run failed)");
}

if (failures.length) console.log(`\nfailed steps: ${failures.join(", ")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
