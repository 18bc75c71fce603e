/**
 * Builds the lab's service worker (src/service-worker/sw.ts) into dist/sw.js once the
 * production build is written, with the list of every file in dist/ to precache: the HTML,
 * every JS chunk (lazy ones and the simulation worker's included), CSS, icons, the manifest.
 *
 * Hand-written rather than vite-plugin-pwa: the lab is one page of hashed static files, so
 * precache-and-serve is all it needs, and this costs no dependency (vite-plugin-pwa brings
 * about 270 packages, 55 MB of node_modules, 5 s more `npm ci` and 2 s more per build,
 * which every e2e run pays).
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { Script } from "node:vm";
import { transformWithOxc, type Plugin } from "vite";

export const SW_FILE = "sw.js";
const SOURCE = new URL("../src/service-worker/sw.ts", import.meta.url);
/** A chunk this big would be a bundling mistake; caching it on every phone would hurt. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Every file under `dir` a visit may need, as paths relative to it with `/`, sorted. */
export function precacheList(dir: string): string[] {
  const files: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(relative(dir, path).split(sep).join("/"));
    }
  };
  walk(dir);
  return files.filter((f) => f !== SW_FILE && !f.endsWith(".map") && !f.startsWith(".")).sort();
}

/** A short hash of the files' names and contents: it changes whenever any of them does. */
export function buildVersion(dir: string, files: readonly string[]): string {
  const hash = createHash("sha256");
  for (const file of files)
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(join(dir, file)))
      .update("\0");
  return hash.digest("hex").slice(0, 16);
}

/** The compiled service worker with the build's file list and version filled in. */
export async function serviceWorkerCode(files: readonly string[], version: string): Promise<string> {
  // Throws on a syntax error, which fails the build.
  const { code } = await transformWithOxc(readFileSync(SOURCE, "utf8"), "sw.ts", { lang: "ts" });
  const filled = code
    .replace(/^export \{\s*\};?\s*$/m, "")
    .replaceAll("__PRECACHE__", JSON.stringify(files))
    .replaceAll("__VERSION__", JSON.stringify(version));
  // Parsed as a classic script, so registering it needs no module service worker support:
  // an import or export in sw.ts fails the build here.
  new Script(filled, { filename: SW_FILE });
  return filled;
}

export function offline(): Plugin {
  let outDir = "dist";
  return {
    name: "dnl-offline",
    apply: "build",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // After the bundle and public/ are both written, so the list holds every file.
    closeBundle: {
      order: "post",
      sequential: true,
      async handler() {
        const files = precacheList(outDir);
        for (const file of files) {
          const size = statSync(join(outDir, file)).size;
          if (size > MAX_FILE_BYTES) throw new Error(`${file} is ${size} bytes: too big to precache`);
        }
        const version = buildVersion(outDir, files);
        writeFileSync(join(outDir, SW_FILE), await serviceWorkerCode(files, version));
        const bytes = files.reduce((sum, f) => sum + statSync(join(outDir, f)).size, 0);
        this.environment.logger.info(
          `${SW_FILE}: precaches ${files.length} files, ${(bytes / 1024).toFixed(1)} kB (version ${version})`,
        );
      },
    },
  };
}
