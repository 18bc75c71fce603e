import AxeBuilder from "@axe-core/playwright";
import { chromium, expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createServer, type Server } from "node:http";
import { extname, join, normalize } from "node:path";
import { run, watchConsole } from "./helpers.ts";

/**
 * The lab once loaded keeps working with no network (a classroom's Wi-Fi drops), from any
 * sub-path, and a new deployment waits for the learner to choose to reload.
 *
 * These tests serve the production build (dist/, built by the webServer before any test)
 * themselves, under /lab/, so that they can take the server away for real: Chromium's
 * offline emulation does not reach a service worker's own fetches. Each test has its own
 * browser context, so no service worker or cache outlives it; the other specs block
 * service workers (playwright.config.ts).
 */

const DIST = join(import.meta.dirname, "..", "dist");
const PORT = Number(process.env.E2E_PORT ?? 4173) + 1;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const LAB = `${ORIGIN}/lab/`;
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".webmanifest": "application/manifest+json",
};

/**
 * What the service worker, its registration and the manifest need of a Content-Security-Policy
 * (the whole app's policy is set elsewhere): no inline script, nothing from another origin.
 */
const CSP = { "content-security-policy": "script-src 'self'; worker-src 'self'; manifest-src 'self'" };

/** A static server for dist/ under /lab/; `redeploy()` makes it serve a new version's sw.js. */
class LabServer {
  private server: Server | null = null;
  private release = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void (async () => {
        const path = new URL(req.url ?? "/", ORIGIN).pathname;
        if (path === "/lab") {
          res.writeHead(301, { location: "/lab/" }).end();
          return;
        }
        const file = path === "/lab/" ? "index.html" : normalize(path.slice("/lab/".length));
        if (!path.startsWith("/lab/") || file.startsWith("..")) {
          res.writeHead(404).end();
          return;
        }
        try {
          let body: Buffer | string = await readFile(join(DIST, file));
          if (file === "sw.js" && this.release > 0) {
            // What a new build's sw.js differs by: its version, so its cache's name.
            body = body.toString().replace(/PREFIX \+ "([0-9a-f]+)"/, `PREFIX + "$1-r${this.release}"`);
          }
          res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", ...CSP }).end(body);
        } catch {
          res.writeHead(404).end();
        }
      })();
    });
    await new Promise<void>((resolve) => this.server!.listen(PORT, "127.0.0.1", resolve));
  }

  redeploy(): void {
    this.release += 1;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const server = new LabServer();
test.beforeEach(() => server.start());
test.afterEach(() => server.stop());

async function labContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ serviceWorkers: "allow" });
}

/** Opens the lab and waits until its service worker has precached the build and controls the page. */
async function openControlled(page: Page): Promise<void> {
  await page.goto(LAB);
  await expect(page.getByTestId("node-host")).toBeVisible();
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === "activated", null, {
    timeout: 15_000,
  });
}

test.describe("offline", () => {
  test("once loaded, the lab reloads and runs commands with no network", async ({ browser }) => {
    const context = await labContext(browser);
    const page = await context.newPage();
    const problems = watchConsole(page);
    await openControlled(page);
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const cache = await caches.open(names[0]!);
      return { names, urls: (await cache.keys()).map((r) => new URL(r.url).pathname) };
    });
    expect(cached.names).toHaveLength(1);
    // The shell, the simulation worker's chunk, the styles, the icons and the manifest.
    for (const path of ["/lab/index.html", "/lab/manifest.webmanifest", "/lab/icons/icon-192.png"]) {
      expect(cached.urls).toContain(path);
    }
    expect(cached.urls.some((u) => /^\/lab\/assets\/sim\.worker-[\w-]+\.js$/.test(u))).toBe(true);
    expect(cached.urls.some((u) => u.endsWith(".css"))).toBe(true);

    // The Wi-Fi drops: no server at all, and the browser says it is offline.
    await server.stop();
    await context.setOffline(true);
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await expect(page.getByTestId("node-host")).toBeVisible();
    await run(page, "docker run -d -p 2024:80 --name web nginx");
    await run(page, "docker ps");
    const output = page.getByTestId("terminal-output");
    await expect(output).toContainText(/0\.0\.0\.0:2024->80\/tcp, :::2024->80\/tcp\s+web/);
    await expect(page.getByTestId("node-container")).toContainText("web");
    await expect(page.getByTestId("node-host")).toContainText("docker-proxy 0.0.0.0:2024 → 172.17.0.2:80");

    // A new tab opened while offline starts the lab too.
    const second = await context.newPage();
    await second.goto(LAB);
    await expect(second.getByTestId("node-host")).toBeVisible();
    await run(second, "docker ps");
    await expect(second.getByTestId("terminal-output")).toContainText("CONTAINER ID");
    expect(problems).toEqual([]);
    await context.close();
  });

  test("a new deployment waits for the learner: a notice, and the reload keeps the commands", async ({ browser }) => {
    const context = await labContext(browser);
    const page = await context.newPage();
    const problems = watchConsole(page);
    await openControlled(page);
    const firstCache = await page.evaluate(() => caches.keys());
    await run(page, "docker run -d --name web nginx");

    server.redeploy();
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });
    const notice = page.getByTestId("update-notice");
    await expect(notice).toBeVisible({ timeout: 15_000 });
    await expect(notice).toHaveText(/A new version of the lab is ready\./);
    // Nothing was interrupted: the same page, the session in progress, still running.
    await run(page, "docker ps --format '{{.Names}}'");
    await expect(page.getByTestId("terminal-output").locator(":scope > div").last()).toHaveText("web");

    await page.screenshot({ path: test.info().outputPath("update-notice.png") });
    const axe = await new AxeBuilder({ page }).include('[data-testid="update-notice"]').analyze();
    expect(axe.violations.map((v) => `${v.id} (${v.nodes.length})`)).toEqual([]);

    const navigated = page.waitForEvent("framenavigated");
    await notice.getByRole("button", { name: "Reload" }).click();
    await navigated;
    await expect(page.getByTestId("node-container")).toContainText("web");
    await expect(page.getByTestId("update-notice")).toHaveCount(0);
    const after = await page.evaluate(() => caches.keys());
    expect(after).toHaveLength(2); // the new version's, and the one it replaced (kept one generation)
    expect(after).toContain(firstCache[0]);
    expect(after.find((n) => n !== firstCache[0])).toMatch(/-r1$/);
    expect(problems).toEqual([]);
    await context.close();
  });
});

test.describe("install", () => {
  /** Width and height from a PNG's IHDR chunk. */
  const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

  test("the web app manifest is served, complete, and Chromium finds the lab installable", async () => {
    // Chromium never offers to install from an incognito context, and the usual ones are.
    const profile = await mkdtemp(join(tmpdir(), "dnl-install-"));
    const context = await chromium.launchPersistentContext(profile, {
      ...test.info().project.use.launchOptions,
      serviceWorkers: "allow",
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await openControlled(page);

    const href = await page.locator('link[rel="manifest"]').getAttribute("href");
    const manifestUrl = new URL(href!, LAB).href;
    expect(manifestUrl).toBe(`${LAB}manifest.webmanifest`);
    const response = await context.request.get(manifestUrl);
    expect(response.ok()).toBe(true);
    expect(response.headers()["content-type"]).toContain("application/manifest+json");
    const manifest = (await response.json()) as Record<string, unknown> & {
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({ name: "Docker Network Lab", short_name: "Network Lab", display: "standalone" });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/);
    // Relative to the manifest, so the same build installs from any sub-path.
    expect(new URL(manifest.start_url as string, manifestUrl).href).toBe(LAB);
    expect(new URL(manifest.scope as string, manifestUrl).href).toBe(LAB);

    for (const want of ["192x192", "512x512"]) {
      expect(manifest.icons.some((i) => i.sizes === want && i.type === "image/png" && i.purpose !== "maskable")).toBe(
        true,
      );
    }
    expect(manifest.icons.some((i) => i.purpose === "maskable")).toBe(true);
    for (const icon of manifest.icons) {
      const res = await context.request.get(new URL(icon.src, manifestUrl).href);
      expect(res.ok(), icon.src).toBe(true);
      expect(res.headers()["content-type"]).toBe(icon.type);
      if (icon.type === "image/png") {
        const { width, height } = pngSize(await res.body());
        expect(`${width}x${height}`).toBe(icon.sizes);
      }
    }
    // The light and dark theme colours of the window's title bar.
    const themes = await page
      .locator('meta[name="theme-color"]')
      .evaluateAll((metas) => metas.map((m) => `${m.getAttribute("media")} ${m.getAttribute("content")}`));
    expect(themes).toEqual(["(prefers-color-scheme: light) #f8fafc", "(prefers-color-scheme: dark) #020617"]);

    // Chromium's own reading of the manifest, and its verdict on installing.
    const cdp = await context.newCDPSession(page);
    const { errors } = (await cdp.send("Page.getAppManifest")) as { errors: { message: string }[] };
    expect(errors).toEqual([]);
    const { installabilityErrors } = (await cdp.send("Page.getInstallabilityErrors")) as {
      installabilityErrors: { errorId: string }[];
    };
    expect(installabilityErrors).toEqual([]);
    await context.close();
    await rm(profile, { recursive: true, force: true });
  });
});
