/**
 * Registers the service worker that keeps the lab working offline (src/service-worker/sw.ts,
 * built into sw.js next to index.html) and offers a new version when one is installed.
 *
 * Registered from module code, never an inline script, so a CSP of `script-src 'self';
 * worker-src 'self'` allows it. Only in production builds: the dev server has no sw.js.
 */
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { UpdateNotice } from "./UpdateNotice.tsx";

/** How often a tab left open (a whole class) asks whether a new version was deployed. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  // After the page has loaded, so precaching does not compete with the first visit.
  if (document.readyState === "complete") void register();
  else window.addEventListener("load", () => void register(), { once: true });
}

async function register(): Promise<void> {
  const container = navigator.serviceWorker;
  let registration: ServiceWorkerRegistration;
  try {
    // BASE_URL is "./": sw.js and its scope sit beside index.html, wherever that is served.
    registration = await container.register(`${import.meta.env.BASE_URL}sw.js`, {
      scope: import.meta.env.BASE_URL,
    });
  } catch {
    return; // refused (an insecure origin, a policy): the lab works online as before
  }
  // Resolves with nothing where a test harness blocks service workers (Playwright does).
  if (!(registration as ServiceWorkerRegistration | undefined)) return;

  let reloading = false;
  container.addEventListener("controllerchange", () => {
    // The first install also takes control (clients.claim); only a chosen update reloads.
    if (reloading) window.location.reload();
  });
  const offer = (waiting: ServiceWorker) => {
    showNotice(() => {
      // Another tab may have let it take over already; then a plain reload gets it.
      if (waiting.state !== "installed") return window.location.reload();
      reloading = true;
      waiting.postMessage("skip-waiting");
    });
  };

  // A version that was installed while this page was closed, or by another tab.
  if (registration.waiting && container.controller) offer(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const installing = registration.installing;
    installing?.addEventListener("statechange", () => {
      // With no controller this is the first install, not an update: nothing to offer.
      if (installing.state === "installed" && container.controller) offer(installing);
    });
  });
  window.setInterval(() => {
    registration.update().catch(() => {
      // offline or the server is down: ask again at the next interval
    });
  }, UPDATE_CHECK_MS);
}

let shown = false;

/** Renders the notice in a root of its own, so the app's layout is left alone. */
function showNotice(onReload: () => void): void {
  if (shown) return;
  shown = true;
  const host = document.createElement("div");
  document.body.append(host);
  createRoot(host).render(createElement(UpdateNotice, { onReload }));
}
