import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { allNodesInView, nodeFontPx, nodesClearOfControls, pipelineClashes, run, watchConsole } from "./helpers.ts";

/** Clicks the trace's step whose text contains `text`, making it the current step. */
async function jumpTo(page: Page, text: string | RegExp) {
  await page.getByTestId("trace-events").getByRole("button", { name: text }).first().click();
}

test.describe("packets, traced", () => {
  test("a request from the host to baidu.com's address travels hop by hop and back", async ({ page }, testInfo) => {
    const problems = watchConsole(page);
    await page.goto("/");
    await expect(page.getByTestId("node-host")).toBeVisible();
    await run(page, "curl -s http://203.0.113.10/");
    const output = page.getByTestId("terminal-output");
    await expect(output).toContainText(
      '<html><meta http-equiv="refresh" content="0;url=http://www.baidu.com/"></html>',
    );
    const list = page.getByTestId("trace-events");
    await expect(list.locator("li").first()).toHaveText(
      /^#1 curl in docker-host sends SYN: tcp 10\.88\.0\.4:\d+ → 203\.0\.113\.10:80 \[SYN\]$/,
    );
    await expect(list).toContainText("#1 leaves eth0 of docker-host, arrives on eth0 of internet");
    await expect(list).toContainText("#1 delivered to");
    await expect(page.getByTestId("packet-dot")).toBeVisible();

    // The trace waits at its first key moment instead of playing unseen.
    await expect(page.getByRole("button", { name: "Play" })).toBeVisible();
    await jumpTo(page, /^#2 .* sends SYN-ACK \(reply\)/);
    await expect(page.getByTestId("header-card")).toContainText("SYN-ACK");
    await expect(page.getByTestId("header-card")).toContainText("reply");
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await expect(page.getByTestId("step-counter")).toHaveText(/^step \d+ of \d+$/);
    await page.getByRole("button", { name: "Next packet" }).click();
    await expect(page.getByTestId("header-card")).toContainText("Packet #3");
    await page.screenshot({ path: testInfo.outputPath("host-curl.png"), fullPage: true });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id} (${v.nodes.length})`)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test("the article: publish nginx on 2024, MASQUERADE on the way out, DNAT on the way in", async ({
    page,
  }, testInfo) => {
    const problems = watchConsole(page);
    // A laptop's screen: the graph must be readable here, not only on a big monitor.
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto("/");
    await expect(page.getByTestId("node-host")).toBeVisible();
    const output = page.getByTestId("terminal-output");
    const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

    await run(page, "docker run -d -p 2024:80 --name mynginxs nginx");
    await expect(output.locator("div").last()).toHaveText(/^[0-9a-f]{64}$/);
    const container = page.getByTestId("node-container");
    await expect(container).toContainText("mynginxs");
    await expect(container).toContainText(/eth0@if\d+ 172\.17\.0\.2\/16/);
    await expect(page.getByTestId("node-port")).toContainText(/^veth[0-9a-f]{7}@if\d+/);
    await expect(page.getByTestId("node-port")).toContainText("master docker0");
    await expect(page.getByTestId("node-bridge")).toContainText("172.17.0.1/16");
    await expect(page.getByTestId("node-host")).toContainText("docker-proxy 0.0.0.0:2024 → 172.17.0.2:80");
    // Read on screen once the view is fitted: titles at 11 px or more, every other line at 9 px or more.
    await expect.poll(() => allNodesInView(page)).toBe(true);
    const font = await nodeFontPx(page);
    expect(font.title).toBeGreaterThanOrEqual(11);
    expect(font.text).toBeGreaterThanOrEqual(9);
    // The container, first in its rank, is not hidden under the zoom controls and legend.
    expect(await nodesClearOfControls(page)).toBe(true);
    await shot("1-docker-run");

    await run(page, "docker ps");
    await expect(output).toContainText(
      /nginx +"nginx -g 'daemon of…" .* 0\.0\.0\.0:2024->80\/tcp, :::2024->80\/tcp +mynginxs/,
    );

    await run(page, "iptables -t nat -nL");
    await expect(output).toContainText(
      "DNAT       6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:2024 to:172.17.0.2:80",
    );
    await expect(output).toContainText("MASQUERADE  0    --  172.17.0.0/16        0.0.0.0/0");
    await shot("2-iptables");

    await run(page, "docker exec -it mynginxs bash");
    await expect(page.getByTestId("prompt")).toHaveText(/^root@[0-9a-f]{12}:\/#/);
    await run(page, "curl -s baidu.com");
    await expect(output).toContainText(
      '<html><meta http-equiv="refresh" content="0;url=http://www.baidu.com/"></html>',
    );
    await jumpTo(page, /nat POSTROUTING rule \d+ → MASQUERADE/);
    await expect(page.getByTestId("matched-rule")).toContainText("MASQUERADE");
    await expect(page.getByTestId("matched-rule")).toContainText("172.17.0.0/16");
    await jumpTo(page, /MASQUERADE in docker-host/);
    await expect(page.getByTestId("header-card")).toContainText("MASQUERADE: source 172.17.0.2 → 10.88.0.4");
    await expect(page.getByTestId("conntrack")).toContainText("src=172.17.0.2");
    expect(await pipelineClashes(page)).toEqual([]);
    await shot("3-masquerade");

    await run(page, "exit");
    await expect(page.getByTestId("prompt")).toHaveText(/^root@docker-host:~#/);
    await page.getByTestId("machine-switcher").selectOption("internet");
    await expect(page.getByTestId("prompt")).toHaveText(/^root@internet:~#/);
    await run(page, "curl -s http://10.88.0.4:2024/");
    await expect(output).toContainText("<title>Welcome to nginx!</title>");
    await jumpTo(page, /nat DOCKER rule \d+ → DNAT/);
    await expect(page.getByTestId("matched-rule")).toContainText("tcp dpt:2024 to:172.17.0.2:80");
    await jumpTo(page, /DNAT in docker-host/);
    await expect(page.getByTestId("header-card")).toContainText("DNAT: destination 10.88.0.4:2024 → 172.17.0.2:80");
    await shot("4-dnat");

    await page.getByTestId("node-container").click();
    await expect(page.getByTestId("details")).toContainText("eth0 172.17.0.2/16");
    await expect.poll(() => allNodesInView(page)).toBe(true);
    await shot("5-details");

    await run(page, "undo");
    await expect(page.getByTestId("node-container")).toHaveCount(1);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id} (${v.nodes.length})`)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test("on a laptop, containers stacked in their rank stay clear of the zoom controls and legend", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto("/");
    await expect(page.getByTestId("node-host")).toBeVisible();
    for (const [name, port] of [
      ["one", 2024],
      ["two", 2025],
    ] as const) {
      await run(page, `docker run -d -p ${port}:80 --name ${name} nginx`);
      await expect(page.getByTestId("node-container").filter({ hasText: name })).toBeVisible();
    }
    // The second container tops its rank, in the pane's top-right corner where the controls are.
    await expect.poll(() => allNodesInView(page)).toBe(true);
    await expect.poll(() => nodesClearOfControls(page)).toBe(true);
  });

  test("with reduced motion, the packet jumps from hop to hop instead of gliding", async ({ page }) => {
    await page.emulateMedia({ reducedMotion: "reduce" });
    await page.goto("/");
    await expect(page.getByTestId("node-host")).toBeVisible();
    await run(page, "curl -s http://203.0.113.10/");
    await jumpTo(page, /^#1 leaves eth0 of docker-host, arrives on eth0 of internet/);
    const dot = page.getByTestId("packet-dot");
    const at = () => dot.evaluate((el) => getComputedStyle(el).transform);
    await page.waitForTimeout(50);
    const early = await at();
    await page.waitForTimeout(700);
    expect(await at()).toBe(early);
  });

  test("on a phone, three containers stay readable and the view follows the packet to one off screen", async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/");
    await expect(page.getByTestId("node-host")).toBeVisible();
    for (const name of ["web1", "web2", "web3"]) await run(page, `docker run -d --name ${name} nginx`);
    await expect(page.getByTestId("node-container")).toHaveCount(3);
    // Side by side they are wider than a phone: the graph keeps a readable size instead of fitting.
    expect((await nodeFontPx(page)).text).toBeGreaterThanOrEqual(9);
    const inPane = (name: string) =>
      page.evaluate((title) => {
        const pane = document.querySelector('[data-testid="topology"]')!.getBoundingClientRect();
        const node = [...document.querySelectorAll('[data-testid="node-container"]')].find((n) =>
          n.textContent?.startsWith(title),
        )!;
        const r = node.getBoundingClientRect();
        return r.left >= pane.left - 1 && r.right <= pane.right + 1;
      }, name);
    const away = (await inPane("web1")) ? "web3" : "web1";
    expect(await inPane(away)).toBe(false);
    await run(page, `docker exec -it ${away} bash`);
    await run(page, "curl -s baidu.com");
    // The lookup is folded into one step in the key moments: every step shows its packets.
    await page.getByRole("button", { name: "Every step" }).click();
    await jumpTo(page, new RegExp(`^#2 delivered to curl in ${away}`));
    await expect.poll(() => inPane(away)).toBe(true);
    await page.screenshot({ path: testInfo.outputPath("phone-follow.png"), fullPage: true });
  });

  test("on a phone, tapping suggestion chips composes a command", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/");
    await expect(page.getByTestId("node-host")).toBeVisible();
    await page.getByRole("button", { name: "ip route" }).click();
    const input = page.getByRole("textbox", { name: /command/ });
    await expect(input).toHaveValue("ip route");
    await input.press("Enter");
    await expect(page.getByTestId("terminal-output")).toContainText("default via 10.88.0.1 dev eth0");
    // The graph is not shrunk to fit a phone's width below a readable size.
    expect((await nodeFontPx(page)).text).toBeGreaterThanOrEqual(9);
    await page.screenshot({ path: testInfo.outputPath("phone.png"), fullPage: true });
  });
});
