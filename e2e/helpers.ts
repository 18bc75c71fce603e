import { expect, type Page } from "@playwright/test";

/** Collects console errors/warnings and page errors, to assert none happened. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
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
