/**
 * The service worker that lets the lab run without a network once it has loaded (classrooms
 * with bad Wi-Fi). It precaches the whole production build and answers from that cache.
 *
 * Built by scripts/vite-plugin-offline.ts, which replaces __PRECACHE__ and __VERSION__ with
 * the build's file list and a hash of its contents. Any change to the build changes this
 * file's bytes, which is how browsers notice an update: they compare sw.js on every visit.
 *
 * Updates never interrupt a session: a new version installs beside the running one and
 * waits; the page offers to reload (src/ui/app/service-worker.ts) and only then is it told
 * to take over. Once every tab of the old version is closed, the next visit gets the new one.
 *
 * Only the DOM library is in this project's typings, so the few service-worker types used
 * are declared here; the file is compiled on its own and must import nothing.
 */

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
}
interface ServiceWorkerScope {
  readonly location: Location;
  readonly registration: ServiceWorkerRegistration;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
  addEventListener(type: "message", listener: (event: ExtendableMessageEvent) => void): void;
}

declare const __PRECACHE__: readonly string[];
declare const __VERSION__: string;

const sw = self as unknown as ServiceWorkerScope;
const PREFIX = "dnl-precache-";
const CACHE = PREFIX + __VERSION__;
/** Precached paths as absolute URLs, resolved against where sw.js is served (any sub-path). */
const urls = __PRECACHE__.map((path) => new URL(path, sw.location.href).href);
const precached = new Set(urls);
const shell = new URL("index.html", sw.location.href).href;

sw.addEventListener("install", (event) => {
  event.waitUntil(precache());
});

async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  try {
    await Promise.all(
      urls.map(async (url) => {
        // `reload` skips the HTTP cache, so a stale index.html cannot pair with new chunks.
        const response = await fetch(new Request(url, { cache: "reload" }));
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        // A server that redirects index.html to its folder: browsers refuse a redirected
        // response as the answer to a navigation, so keep a plain copy of it.
        await cache.put(url, response.redirected ? new Response(response.body, response) : response);
      }),
    );
  } catch (error) {
    // A failed install leaves the working version in charge, and no half-filled cache.
    await caches.delete(CACHE);
    throw error;
  }
}

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      // Keep the version this one replaces: a tab still running it may yet load one of its
      // chunks. Older versions have no tab left and go.
      const ours = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
      await Promise.all(ours.slice(0, -1).map((name) => caches.delete(name)));
      // Take charge of the page that installed us, so the first visit already works offline.
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") event.waitUntil(sw.skipWaiting());
});

sw.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  url.hash = "";
  const inScope = url.href.startsWith(sw.registration.scope);
  if (precached.has(url.href)) {
    event.respondWith(fromCache(url.href, request));
    return;
  }
  if (request.mode === "navigate" && inScope) {
    // The lab is one page (its state lives in the hash): every other navigation in scope,
    // the folder itself or with a query, is that page.
    event.respondWith(fromCache(shell, request));
    return;
  }
  // A chunk of the previous version, for a tab that still runs it.
  if (inScope) event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
});

async function fromCache(key: string, request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  return (await cache.match(key)) ?? (await caches.match(key)) ?? fetch(request);
}

export {};
