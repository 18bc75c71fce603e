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
