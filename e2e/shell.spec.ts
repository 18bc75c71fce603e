import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

test.describe("the app shell", () => {
  test("shows the three regions and talks to the worker", async ({ page }, testInfo) => {
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));

    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Docker Network Lab" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Topology" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Terminal" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Packet trace" })).toBeVisible();
    await expect(page.locator(".react-flow__node")).toHaveCount(2);

    const input = page.getByRole("textbox", { name: /command/ });
    await expect(input).toBeFocused();
    await input.fill("echo hello from the worker");
    await input.press("Enter");
    const output = page.getByTestId("terminal-output");
    await expect(output).toContainText("root@docker-host:~# echo hello from the worker");
    await expect(output).toContainText(/^.*hello from the worker\s*$/m);

    await input.fill("dockr ps");
    await input.press("Enter");
    await expect(output).toContainText("bash: dockr: command not found");
    await expect(page.getByTestId("trace-events")).toContainText("host: dockr ps → exit 127");

    await input.press("ArrowUp");
    await expect(input).toHaveValue("dockr ps");

    await page.screenshot({ path: testInfo.outputPath("shell.png"), fullPage: true });
    expect(problems).toEqual([]);
  });

  test("has no accessibility violations", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator(".react-flow__node")).toHaveCount(2);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  });
});
