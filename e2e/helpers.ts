import { expect, type Page } from "@playwright/test";
import { decodeLink } from "../src/store/link.ts";
import type { SessionState } from "../src/store/session-state.ts";

/** The session the address bar's link holds now (it is rewritten a moment after each change). */
export async function linkState(page: Page): Promise<SessionState | null> {
  const d = await decodeLink(new URL(page.url()).hash);
  return d.kind === "session" ? d.state : null;
}

/** Collects console errors/warnings and page errors, to assert none happened. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    // Playwright's own notice where service workers are blocked (playwright.config.ts), not the app's.
    if (m.text() === "Service Worker registration blocked by Playwright") return;
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

/** Types a command into the terminal and waits until the worker has answered. */
export async function run(page: Page, line: string): Promise<void> {
  const input = page.getByRole("textbox", { name: /command/ });
  await input.fill(line);
  const before = await page.getByTestId("terminal-output").locator(":scope > div").count();
  await input.press("Enter");
  await expect(page.getByTestId("terminal-output").locator(":scope > div")).not.toHaveCount(before);
  await expect(page.getByTestId("machine-switcher")).toBeEnabled();
}

/** Whether every topology node lies inside the graph's pane (the view was fitted). */
export async function allNodesInView(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const pane = document.querySelector('[data-testid="topology"]')!.getBoundingClientRect();
    return [...document.querySelectorAll(".react-flow__node")].every((n) => {
      const r = n.getBoundingClientRect();
      return (
        r.left >= pane.left - 1 && r.right <= pane.right + 1 && r.top >= pane.top - 1 && r.bottom <= pane.bottom + 1
      );
    });
  });
}

/** Whether no node of the graph lies under the zoom controls and legend in the pane's corner. */
export async function nodesClearOfControls(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const c = document.querySelector('[data-testid="topology"] .react-flow__controls')!.getBoundingClientRect();
    return [...document.querySelectorAll(".react-flow__node")].every((n) => {
      const r = n.getBoundingClientRect();
      return r.right <= c.left || r.left >= c.right || r.bottom <= c.top || r.top >= c.bottom;
    });
  });
}

/**
 * The smallest font size, in screen pixels, of the topology's node titles and of their other
 * text: the CSS size times the scale the graph is drawn at (every ancestor transform
 * included, measured as drawn width over layout width).
 */
export async function nodeFontPx(page: Page): Promise<{ title: number; text: number }> {
  // Measured once the view stops moving: mid-fit, a shrinking graph is still big.
  await page.evaluate(async () => {
    const viewport = document.querySelector(".react-flow__viewport")!;
    let last = "";
    let still = 0;
    for (let frame = 0; frame < 300 && still < 15; frame++) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = getComputedStyle(viewport).transform;
      still = now === last ? still + 1 : 0;
      last = now;
    }
  });
  return page.evaluate(() => {
    const onScreen = (el: Element) => {
      const h = el as HTMLElement;
      const scale = h.getBoundingClientRect().width / h.offsetWidth;
      return parseFloat(getComputedStyle(h).fontSize) * scale;
    };
    const nodes = [...document.querySelectorAll('.react-flow__node [data-testid^="node-"]')];
    // A node's divs are its title, then its subtitle; the handles are divs too, and skipped.
    const divs = (n: Element) => [...n.querySelectorAll(":scope > div:not(.react-flow__handle)")];
    const titles = nodes.map((n) => divs(n)[0]!);
    const texts = nodes.flatMap((n) => [...divs(n).slice(1), ...n.querySelectorAll("li")]);
    return { title: Math.min(...titles.map(onScreen)), text: Math.min(...texts.map(onScreen)) };
  });
}

/**
 * What overlaps in the hook pipeline once the packet has come to rest: its label over the
 * pipeline's caption or over a hook, or a hook's text (its tables) running out of its box.
 */
export async function pipelineClashes(page: Page): Promise<string[]> {
  await page.evaluate(async () => {
    let last = "";
    let still = 0;
    for (let frame = 0; frame < 300 && still < 15; frame++) {
      await new Promise((r) => requestAnimationFrame(r));
      const dot = document.querySelector('[data-testid="packet-dot"]');
      const now = dot ? getComputedStyle(dot).transform : "";
      still = now === last ? still + 1 : 0;
      last = now;
    }
  });
  return page.evaluate(() => {
    const clashes: string[] = [];
    const overlap = (a: DOMRect, b: DOMRect) =>
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const label = document.querySelector('[data-testid="packet-label"]');
    const caption = document.querySelector('[data-testid="hook-pipeline"] > [data-text="pipeline"]');
    if (!label || !caption) clashes.push("no packet label or no pipeline caption on screen");
    else if (overlap(label.getBoundingClientRect(), caption.getBoundingClientRect()))
      clashes.push("the packet's label covers the pipeline's caption");
    for (const box of document.querySelectorAll('[data-testid^="hook-"][data-status]')) {
      const r = box.getBoundingClientRect();
      if (label && overlap(label.getBoundingClientRect(), r))
        clashes.push(`the packet's label covers ${box.getAttribute("data-testid")}`);
      for (const line of box.children) {
        const l = line.getBoundingClientRect();
        if (l.left < r.left - 0.5 || l.right > r.right + 0.5)
          clashes.push(`${box.getAttribute("data-testid")}: text runs out of its box`);
      }
    }
    return clashes;
  });
}

/** Steps with Next until the step shown says `text` (at most `max` steps). */
export async function nextUntil(page: Page, text: RegExp, max = 40) {
  for (let i = 0; i < max; i++) {
    if (text.test((await page.getByTestId("current-step").textContent()) ?? "")) return;
    await page.getByRole("button", { name: "Next", exact: true }).click();
  }
  throw new Error(`never reached ${text}`);
}
