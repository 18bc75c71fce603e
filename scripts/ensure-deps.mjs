#!/usr/bin/env node
/**
 * Installs what the app and its tests need, so a fresh clone works with one command:
 *   - npm packages, with `npm ci` whenever node_modules is missing or older than the lockfile;
 *   - with --browser, Debian's Chromium for the end-to-end tests (Playwright cannot
 *     download its own browser on these machines), through apt-get when run as root.
 * Uses Node's standard library only: it runs before anything is installed.
 */
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";

const wantBrowser = process.argv.includes("--browser");
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function run(cmd, args) {
  console.log(`> ${cmd} ${args.join(" ")}`);
  execFileSync(cmd, args, { stdio: "inherit" });
}

const stamp = "node_modules/.package-lock.json";
if (!existsSync(stamp) || statSync(stamp).mtimeMs < statSync("package-lock.json").mtimeMs) {
  run("npm", ["ci", "--no-audit", "--no-fund"]);
}

if (wantBrowser && !existsSync(chromium)) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", "chromium"]);
  } else {
    console.error(
      `The end-to-end tests need Chromium at ${chromium}.\n` +
        "Install Debian's package (sudo apt-get install -y chromium), or point CHROMIUM_PATH at a Chromium binary.",
    );
    process.exit(1);
  }
}
