import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { encodeLink } from "../src/store/link.ts";
import { linkState, run, watchConsole } from "./helpers.ts";

const ARTICLE = "docker run -d -p 2024:80 --name mynginxs nginx";

/** The terminal's text from the last input line on. */
async function lastOutput(page: Page): Promise<string> {
  const rows = await page.getByTestId("terminal-output").locator(":scope > div").allInnerTexts();
  return rows.join("\n");
}

test.describe("Docker 26 beside Docker 28", () => {
  test("flips the engine with the article's commands typed, and shows both rule sets", async ({ page }, testInfo) => {
    const problems = watchConsole(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/");
    await expect(page.getByTestId("node-host")).toBeVisible();
    const picker = page.getByLabel("Docker engine");
    await expect(picker).toHaveValue("26");

    await run(page, ARTICLE);
    await run(page, "iptables -S FORWARD");
    const output = page.getByTestId("terminal-output");
    await expect(output).toContainText("-A FORWARD -j DOCKER-ISOLATION-STAGE-1");
    await expect(output).not.toContainText("DOCKER-FORWARD");

    // Switching rebuilds the world from the same commands on Docker 28, as a line of the session.
    await picker.selectOption("28");
    await expect(page.getByTestId("engine-status").filter({ hasText: "Rebuilt on Docker 28.5.2" })).toBeVisible();
    await expect(page.getByTestId("lab-engine").last()).toContainText(
      "Switched to Docker 28.5.2: the world rebuilt from the same commands (2)",
    );
    // The address bar's link holds the switch.
    await expect
      .poll(async () => (await linkState(page))?.entries.at(-1))
      .toEqual({ line: "#engine 28", machine: "host", engine: "28" });
    // The rebuilt world's container (its id differs on 28) replaces the old one on the graph.
    await expect(page.getByTestId("node-container")).toHaveCount(1);
    await expect(page.getByTestId("node-container")).toContainText("mynginxs");
    await run(page, "iptables -S FORWARD");
    await expect(output.locator("div").last()).toHaveText("-A FORWARD -j DOCKER-FORWARD");
    await run(page, "iptables -t raw -S PREROUTING");
    await expect(output.locator("div").last()).toHaveText("-A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP");
    await run(page, "docker ps --format '{{.Ports}}'");
    await expect(output.locator("div").last()).toHaveText("0.0.0.0:2024->80/tcp, [::]:2024->80/tcp");
    await run(page, "docker --version");
    expect(await lastOutput(page)).toContain("Docker version 28.5.2+dfsg4");

    // Both rule sets side by side, the lines only one engine writes marked.
    await page.getByRole("button", { name: "Compare 26 ↔ 28" }).click();
    const dialog = page.getByRole("dialog", { name: "The same commands on Docker 26 and Docker 28" });
    await expect(dialog).toBeVisible();
    const side26 = dialog.locator('section[data-engine="26"]');
    const side28 = dialog.locator('section[data-engine="28"]');
    await expect(side26.getByRole("heading")).toHaveText("Docker 26.1.5");
    await expect(side28.getByRole("heading")).toHaveText("Docker 28.5.2");
    const only = (side: typeof side26, text: string) =>
      side.locator('[data-kind="only"]').filter({ hasText: text }).first();
    await expect(only(side26, "-A FORWARD -j DOCKER-ISOLATION-STAGE-1")).toBeVisible();
    await expect(only(side26, "-A DOCKER-USER -j RETURN")).toBeVisible();
    await expect(
      only(side26, "-A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE"),
    ).toBeVisible();
    await expect(only(side28, "-A FORWARD -j DOCKER-FORWARD")).toBeVisible();
    await expect(only(side28, "-A DOCKER ! -i docker0 -o docker0 -j DROP")).toBeVisible();
    await expect(only(side28, "-A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP")).toBeVisible();
    // A rule both engines write is not marked.
    await expect(
      side28.locator('[data-kind="same"]').filter({
        hasText: "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 2024 -j DNAT --to-destination 172.17.0.2:80",
      }),
    ).toHaveCount(1);
    await page.screenshot({ path: testInfo.outputPath("compare.png"), fullPage: true });
    const axe = await new AxeBuilder({ page }).include("dialog").analyze();
    expect(axe.violations.map((v) => `${v.id} (${v.nodes.length})`)).toEqual([]);

    // The learner's own commands: the same two columns for the session.
    await dialog.getByLabel(/My commands/).check();
    await expect(side28.locator('[data-kind="only"]').filter({ hasText: "DOCKER-FORWARD" }).first()).toBeVisible();
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toBeHidden();

    // And back: the article's rules again.
    await picker.selectOption("26");
    await expect(page.getByTestId("engine-status").filter({ hasText: "Rebuilt on Docker 26.1.5" })).toBeVisible();
    await run(page, "iptables -S FORWARD");
    await expect(output.locator("div").last()).toHaveText("-A FORWARD -i docker0 -o docker0 -j ACCEPT");
    // `undo` takes the switch back: Docker 28 again, the picker with it.
    await run(page, "undo");
    await expect(picker).toHaveValue("28");
    expect(problems).toEqual([]);
  });

  test("opens a #lab=2 link on Docker 28 and shows Docker 28's rules and version", async ({ page }) => {
    const problems = watchConsole(page);
    const hash = await encodeLink({
      entries: [
        { line: "reset", machine: "host", engine: "28" },
        { line: ARTICLE, machine: "host" },
      ],
    });
    await page.goto(`/#${hash}`);
    await expect(page.getByLabel("Docker engine")).toHaveValue("28");
    await expect(page.getByTestId("node-container")).toContainText("mynginxs");
    await run(page, "iptables -S FORWARD");
    const output = page.getByTestId("terminal-output");
    await expect(output.locator("div").last()).toHaveText("-A FORWARD -j DOCKER-FORWARD");
    await run(page, "docker version --format '{{.Server.Version}}'");
    await expect(output.locator("div").last()).toHaveText("28.5.2+dfsg4");
    // A reload rebuilds it from storage, still on 28.
    await page.reload();
    await expect(page.getByLabel("Docker engine")).toHaveValue("28");
    expect(problems).toEqual([]);
  });

  test("opens on the engine an older link names, with ?engine=28 or in its hash", async ({ page }) => {
    await page.goto("/?engine=28");
    await expect(page.getByLabel("Docker engine")).toHaveValue("28");
    await run(page, "docker version --format '{{.Server.APIVersion}}'");
    await expect(page.getByTestId("terminal-output").locator("div").last()).toHaveText("1.51");

    await page.goto("/#engine=28");
    await expect(page.getByLabel("Docker engine")).toHaveValue("28");
    // A link made before the engine could be chosen replays on Docker 26.
    await page.goto("/?old=1#cmds=BYewzgLgdghgtgUyA");
    await expect(page.getByLabel("Docker engine")).toHaveValue("26");
    await expect(page.getByTestId("terminal-output")).toContainText("docker-host");
  });
});
