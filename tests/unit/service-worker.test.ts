import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildVersion, precacheList, serviceWorkerCode } from "../../scripts/vite-plugin-offline.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "dnl-sw-"));
  mkdirSync(join(dir, "assets"));
  mkdirSync(join(dir, "icons"));
  for (const [file, text] of Object.entries({
    "index.html": "<html>",
    "assets/index-abc.js": "app",
    "assets/lazy-def.js": "lazy",
    "assets/index-abc.js.map": "{}",
    "assets/sim.worker-123.js": "worker",
    "icons/icon-192.png": "png",
    "manifest.webmanifest": "{}",
    "sw.js": "old worker",
  })) {
    writeFileSync(join(dir, file), text);
  }
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the precache list", () => {
  it("holds every file of the build but the service worker itself and source maps", () => {
    expect(precacheList(dir)).toEqual([
      "assets/index-abc.js",
      "assets/lazy-def.js",
      "assets/sim.worker-123.js",
      "icons/icon-192.png",
      "index.html",
      "manifest.webmanifest",
    ]);
  });

  it("gets a new version when any file's content changes, and only then", () => {
    const files = precacheList(dir);
    const first = buildVersion(dir, files);
    expect(buildVersion(dir, files)).toBe(first);
    writeFileSync(join(dir, "assets/lazy-def.js"), "lazy, fixed");
    expect(buildVersion(dir, files)).not.toBe(first);
  });
});

/** A service worker global scope just big enough to drive sw.js's event handlers. */
function fakeScope(scope: string, cacheNames: string[], missing: string[]) {
  const stores = new Map<string, Map<string, Response>>(cacheNames.map((n) => [n, new Map()]));
  const handlers = new Map<string, (event: unknown) => void>();
  const network: string[] = [];
  const keptRedirected: string[] = [];
  // The Cache Storage API answers with promises; these answer at once.
  const later = <T>(value: T) => Promise.resolve(value);
  const lookup = (store: Map<string, Response>, key: string | Request) =>
    store.get(typeof key === "string" ? key : key.url)?.clone();
  const cacheApi = (store: Map<string, Response>) => ({
    put: async (key: string, response: Response) => {
      if (response.redirected) keptRedirected.push(key);
      store.set(key, new Response(`cached ${await response.text()}`, response));
    },
    match: (key: string | Request) => later(lookup(store, key)),
  });
  const caches = {
    open: (name: string) => {
      if (!stores.has(name)) stores.set(name, new Map());
      return later(cacheApi(stores.get(name)!));
    },
    keys: () => later([...stores.keys()]),
    delete: (name: string) => later(stores.delete(name)),
    match: (key: string | Request) =>
      later([...stores.values()].map((store) => lookup(store, key)).find((hit) => hit !== undefined)),
  };
  let skipped = false;
  let claimed = false;
  const self = {
    location: new URL(`${scope}sw.js`),
    registration: { scope },
    clients: { claim: () => later(void (claimed = true)) },
    skipWaiting: () => later(void (skipped = true)),
    addEventListener: (type: string, fn: (event: unknown) => void) => handlers.set(type, fn),
  };
  const fetch = (request: Request) => {
    network.push(`${request.cache} ${request.url}`);
    if (missing.includes(request.url)) return later(new Response("not found", { status: 404 }));
    const response = new Response(request.url);
    // What a server that sends index.html's folder instead gives: a followed redirect.
    if (request.url.endsWith("/index.html")) Object.defineProperty(response, "redirected", { value: true });
    return later(response);
  };
  /** Dispatches an extendable event and waits for what it asked to wait for. */
  const dispatch = async (type: string, fields: object = {}) => {
    const pending: Promise<unknown>[] = [];
    let responded: Promise<Response> | undefined;
    handlers.get(type)!({
      ...fields,
      waitUntil: (p: Promise<unknown>) => pending.push(p),
      respondWith: (r: Response | Promise<Response>) => (responded = Promise.resolve(r)),
    });
    await Promise.all(pending);
    return responded ? await (await responded).text() : undefined;
  };
  const get = (url: string, mode: RequestMode = "cors", method = "GET") =>
    dispatch("fetch", { request: { url, mode, method } as Request });
  return {
    globals: { self, caches, fetch, URL, Request, Response },
    stores,
    network,
    keptRedirected,
    dispatch,
    get,
    state: () => ({ skipped, claimed }),
  };
}

describe("the service worker", () => {
  const scope = "https://school.example/lab/";

  async function loaded(previous: string[] = [], missing: string[] = []) {
    const code = await serviceWorkerCode(precacheList(dir), "v2");
    const sw = fakeScope(scope, previous, missing);
    runInNewContext(code, sw.globals); // as a classic script: no module service worker needed
    return sw;
  }
  async function installed(previous: string[] = []) {
    const sw = await loaded(previous);
    await sw.dispatch("install");
    sw.network.length = 0;
    return sw;
  }

  it("precaches every file of the build, under the sub-path it is served from, past the HTTP cache", async () => {
    const sw = await loaded();
    await sw.dispatch("install");
    const urls = precacheList(dir).map((f) => `${scope}${f}`);
    expect([...sw.stores.get("dnl-precache-v2")!.keys()].sort()).toEqual(urls);
    expect(sw.network.sort()).toEqual(urls.map((url) => `reload ${url}`));
    // index.html came through a redirect; a navigation could not be answered with that.
    expect(sw.keptRedirected).toEqual([]);
  });

  it("fails its install on a missing file and leaves no half-filled cache", async () => {
    const sw = await loaded(["dnl-precache-v1"], [`${scope}assets/lazy-def.js`]);
    await expect(sw.dispatch("install")).rejects.toThrow(/lazy-def\.js: HTTP 404/);
    expect([...sw.stores.keys()]).toEqual(["dnl-precache-v1"]);
  });

  it("answers the page, its chunks and the simulation worker from the cache, with no network", async () => {
    const sw = await installed();
    await sw.dispatch("activate");
    expect(await sw.get(`${scope}assets/sim.worker-123.js`)).toBe(`cached ${scope}assets/sim.worker-123.js`);
    expect(await sw.get(`${scope}assets/lazy-def.js`)).toBe(`cached ${scope}assets/lazy-def.js`);
    // Every navigation in scope is the one page, whatever its query or hash.
    for (const page of [scope, `${scope}?lang=ru`, `${scope}index.html#h=abc`]) {
      expect(await sw.get(page, "navigate")).toBe(`cached ${scope}index.html`);
    }
    expect(sw.network).toEqual([]);
  });

  it("leaves other origins, other paths and non-GET requests to the browser", async () => {
    const sw = await installed();
    expect(await sw.get("https://cdn.example/x.js")).toBeUndefined();
    expect(await sw.get("https://school.example/other/", "navigate")).toBeUndefined();
    expect(await sw.get(`${scope}assets/index-abc.js`, "cors", "POST")).toBeUndefined();
  });

  it("on taking over, keeps the version it replaces for its open tabs and drops older ones", async () => {
    const sw = await installed(["dnl-precache-v0", "someone-elses-cache", "dnl-precache-v1"]);
    expect(sw.state()).toEqual({ skipped: false, claimed: false }); // waits: no session is cut short
    await sw.dispatch("activate");
    expect([...sw.stores.keys()]).toEqual(["someone-elses-cache", "dnl-precache-v1", "dnl-precache-v2"]);
    expect(sw.state().claimed).toBe(true);
  });

  it("takes over only when the page asks, after the learner chose to reload", async () => {
    const sw = await installed();
    await sw.dispatch("message", { data: "something else" });
    expect(sw.state().skipped).toBe(false);
    await sw.dispatch("message", { data: "skip-waiting" });
    expect(sw.state().skipped).toBe(true);
  });
});
