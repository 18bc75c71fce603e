import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { allNodesInView, linkState, run, watchConsole } from "./helpers.ts";

test.describe("the app shell", () => {
  test("shows the three regions and talks to the worker", async ({ page }, testInfo) => {
    const problems = watchConsole(page);
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Docker Network Lab" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Topology" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Terminal" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Packet trace" })).toBeVisible();
    await expect(page.getByTestId("node-internet")).toContainText("10.88.0.1/16");
    await expect(page.getByTestId("node-host")).toContainText("10.88.0.4/16");

    const input = page.getByRole("textbox", { name: /command/ });
    await expect(input).toBeFocused();
    await run(page, "echo hello from the worker");
    const output = page.getByTestId("terminal-output");
    await expect(output).toContainText("root@docker-host:~# echo hello from the worker");
    await expect(output).toContainText(/^.*hello from the worker\s*$/m);

    await run(page, "dockr ps");
    await expect(output).toContainText("bash: dockr: command not found");
    await expect(page.getByTestId("trace-command")).toHaveText("dockr ps → exit 127");

    await input.press("ArrowUp");
    await expect(input).toHaveValue("dockr ps");
    await page.screenshot({ path: testInfo.outputPath("shell.png"), fullPage: true });
    expect(problems).toEqual([]);
  });

  test("a detached container's loop logs on the lab's clock, and time reports it", async ({ page }, testInfo) => {
    const problems = watchConsole(page);
    await page.goto("/");
    await expect(page.getByTestId("node-host")).toBeVisible();
    const output = page.getByTestId("terminal-output");
    await run(page, "docker run -d --name tick busybox sh -c 'while true; do echo hello; sleep 1; done'");
    await expect(page.getByTestId("topology").getByText("tick")).toBeVisible();
    await run(page, "time sleep 2.5");
    await expect(output).toContainText(/real\s+0m2\.500s/);
    // Tab stops every 8 columns, as in a terminal: `sys` and `real` put their times in one column.
    const stops = await output.evaluate((e) =>
      [...e.querySelectorAll("div")]
        .filter((d) => /^(real|sys)\t/.test(d.textContent ?? ""))
        .map((d) => {
          const r = document.createRange();
          const text = d.firstChild!;
          r.setStart(text, d.textContent.indexOf("\t") + 1);
          r.setEnd(text, d.textContent.indexOf("\t") + 2);
          return Math.round(r.getBoundingClientRect().left);
        }),
    );
    expect(new Set(stops).size).toBe(1);
    await run(page, "docker logs tick | wc -l");
    await expect(output.locator(":scope > div").last()).toContainText(/^\s*3\s*$/m);
    await page.screenshot({ path: testInfo.outputPath("ticking.png"), fullPage: true });
    expect(problems).toEqual([]);
  });

  test("completes with Tab, interrupts with Ctrl+C, clears with Ctrl+L", async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto("/");
    await expect(page.getByTestId("node-host")).toBeVisible();
    const input = page.getByRole("textbox", { name: /command/ });
    await input.fill("ech");
    await input.press("Tab");
    await expect(input).toHaveValue("echo ");
    await input.pressSequentially("half a line");
    await input.press("Control+c");
    await expect(page.getByTestId("terminal-output")).toContainText("root@docker-host:~# echo half a line^C");
    await expect(input).toHaveValue("");
    await input.press("ArrowUp");
    await expect(input).toHaveValue("");
    await input.press("Control+l");
    await expect(page.getByTestId("terminal-output").locator(":scope > div")).toHaveCount(0);
    expect(problems).toEqual([]);
  });

  test("the machine switcher attaches the terminal to the internet", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("node-internet")).toBeVisible();
    await page.getByTestId("machine-switcher").selectOption("internet");
    await expect(page.getByTestId("prompt")).toHaveText(/^root@internet:~#/);
    await run(page, "hostname");
    await expect(page.getByTestId("terminal-output")).toContainText("root@internet:~# hostname");
  });

  test("a namespace made with ip netns add is offered by name, and the terminal enters it", async ({ page }) => {
    await page.goto("/");
    await run(page, "ip netns add red");
    const switcher = page.getByTestId("machine-switcher");
    await expect(switcher.locator("option", { hasText: "network namespace red" })).toHaveCount(1);
    // The graph names it as one too, not as a container.
    await expect(page.locator(".react-flow__node", { hasText: "network namespace" })).toContainText("red");
    await switcher.selectOption("netns:red");
    await run(page, "ip -br link");
    // A new namespace has its loopback alone, and down.
    await expect(page.getByTestId("terminal-output")).toContainText(/lo\s+DOWN/);
  });

  test("a topology node can be selected from the keyboard, showing its details", async ({ page }) => {
    await page.goto("/");
    const host = page.locator(".react-flow__node", { has: page.getByTestId("node-host") });
    await host.focus();
    await page.keyboard.press("Enter");
    const details = page.getByTestId("details");
    await expect(details).toContainText("eth0 10.88.0.4/16");
    await expect(details).toContainText("default via 10.88.0.1 dev eth0");
    await expect(details).toContainText("$ iptables -t nat -nvL");
    // The pane got narrower: the graph is fitted again.
    await expect.poll(() => allNodesInView(page)).toBe(true);
    await details.getByRole("button", { name: "Close" }).click();
    await expect(details).toHaveCount(0);
  });

  test("the topology row takes what the graph needs; the bar under it trades height with the terminal and the trace", async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto("/");
    await expect(page.getByTestId("node-host")).toBeVisible();
    const topology = page.getByRole("region", { name: "Topology" });
    const terminal = page.getByRole("region", { name: "Terminal" });
    const splitter = page.getByRole("separator", { name: "Resize the topology" });
    const share = async () => Number(await splitter.getAttribute("aria-valuenow"));
    // Three nodes need less height than three containers: the row grows with the graph, up to 55%.
    await expect.poll(share).toBeLessThan(50);
    for (const name of ["web1", "web2", "web3"]) await run(page, `docker run -d --name ${name} nginx`);
    await expect.poll(share).toBe(55);
    await expect.poll(() => allNodesInView(page)).toBe(true);

    const before = (await topology.boundingBox())!.height;
    await splitter.focus();
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    await expect(splitter).toHaveAttribute("aria-valuenow", "45");
    await expect.poll(async () => (await topology.boundingBox())!.height).toBeLessThan(before - 40);
    await expect.poll(() => allNodesInView(page)).toBe(true);
    // Dragging works too: the bar follows the pointer.
    const bar = (await splitter.boundingBox())!;
    await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x + bar.width / 2, bar.y + 150, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await topology.boundingBox())!.height).toBeGreaterThan(before + 40);
    const term = (await terminal.boundingBox())!;
    expect(term.y).toBeGreaterThan((await topology.boundingBox())!.y + before);
    // The choice is kept for the next visit, whatever the graph.
    const chosen = await share();
    await page.reload();
    await expect(splitter).toHaveAttribute("aria-valuenow", String(chosen));
  });

  test("a share URL replays its history; a hostile one is refused, not rendered", async ({ page, browser }) => {
    await page.goto("/");
    await run(page, "echo shared <b>bold</b>");
    await page.getByTestId("machine-switcher").selectOption("internet");
    await run(page, "ip route");
    await expect.poll(async () => (await linkState(page))?.entries.length).toBe(2);
    const url = page.url();
    // Another browser, with nothing stored: only the link carries the session.
    const other = await (await browser.newContext()).newPage();
    await other.goto(url);
    const output = other.getByTestId("terminal-output");
    await expect(output).toContainText("root@docker-host:~# echo shared <b>bold</b>");
    // Each line ran on its machine again.
    await expect(output).toContainText(
      "root@internet:~# ip route10.88.0.0/16 dev eth0 proto kernel scope link src 10.88.0.1",
    );
    await expect(other.getByTestId("prompt")).toHaveText(/^root@internet:~#/);
    await expect(other.locator("b", { hasText: "bold" })).toHaveCount(0);

    await other.goto("about:blank");
    await other.goto("/#cmds=%3Cimg%20src%3Dx%3E");
    await expect(other.getByRole("alert")).toHaveText(
      /^The link was not opened: it is damaged \(cut short or altered\)\./,
    );
    await other.context().close();
  });

  for (const theme of ["light", "dark"] as const) {
    test(`has no accessibility violations (${theme} theme)`, async ({ page }, testInfo) => {
      await page.emulateMedia({ colorScheme: theme });
      await page.goto("/");
      await expect(page.getByTestId("node-host")).toBeVisible();
      await run(page, "echo hi");
      const results = await new AxeBuilder({ page }).analyze();
      await page.screenshot({ path: testInfo.outputPath(`axe-${theme}.png`), fullPage: true });
      expect(
        results.violations.map(
          (v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`,
        ),
      ).toEqual([]);
    });
  }
});
