import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { linkState, run, watchConsole } from "./helpers.ts";

/** Opens the lesson list from the header and starts lesson `n`. */
async function startLesson(page: Page, n: number) {
  await page.getByTestId("lessons-button").click();
  const list = page.getByRole("dialog", { name: "Lessons" });
  await expect(list).toBeVisible();
  await list.getByRole("button", { name: new RegExp(`^(Start|Start again): Lesson ${n},`) }).click();
  await expect(list).toBeHidden();
  await expect(page.getByTestId("lab-lesson-start")).toContainText(`Lesson ${n}:`);
}

/** Runs a line on another machine, as the machine switcher does, and comes back to the host. */
async function runOn(page: Page, machine: string, line: string) {
  await page.getByTestId("machine-switcher").selectOption({ label: machine });
  await run(page, line);
  await page.getByTestId("machine-switcher").selectOption("host");
}

const goal = (page: Page, name: string | RegExp) => page.getByRole("checkbox", { name });

test.describe("lessons", () => {
  test("lesson 7 from the list: its solution typed in, each goal turns done, and the proof is one click away", async ({
    page,
  }, testInfo) => {
    const problems = watchConsole(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto("/");
    await expect(page.getByTestId("welcome")).toBeVisible();
    await startLesson(page, 7);
    await expect(page.getByTestId("welcome")).toBeHidden();
    const panel = page.getByTestId("lesson-panel");
    await expect(panel).toContainText("Publishing a port");
    await expect(page.getByRole("checkbox")).toHaveCount(3);
    for (const c of await page.getByRole("checkbox").all()) {
      await expect(c).not.toBeChecked();
      await expect(c).toHaveAttribute("aria-readonly", "true");
    }

    await run(page, "docker run -d -p 2024:80 --name web nginx");
    await expect(goal(page, "A container publishes host port 2024 to its port 80")).toBeChecked();
    await expect(goal(page, "The nat table's DOCKER chain holds the DNAT rule for port 2024")).toBeChecked();
    await expect(goal(page, /A request from the internet/)).not.toBeChecked();
    await run(page, "docker ps --format '{{.Names}} {{.Ports}}'");
    await run(page, "docker port web");
    await run(page, "iptables -t nat -nL DOCKER");
    await expect(page.getByTestId("terminal-output")).toContainText(
      "DNAT       6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:2024 to:172.17.0.2:80",
    );
    await page.getByRole("button", { name: "Show the solution" }).click();
    await expect(page.getByTestId("lesson-solution")).toContainText("internet$ curl -s -m 3");
    await page.screenshot({ path: testInfo.outputPath("lesson-in-progress.png") });
    if (process.env.UPDATE_DOCS) await page.screenshot({ path: "docs/lesson-in-progress.png" });

    await runOn(
      page,
      "internet (outside client)",
      "curl -s -m 3 -o /dev/null -w '%{http_code}\\n' http://10.88.0.4:2024/",
    );
    await expect(goal(page, /A request from the internet/)).toBeChecked();
    await expect(page.getByTestId("lab-lesson-done")).toContainText("Lesson complete: Publishing a port.");
    await expect(page.getByTestId("lesson-complete")).toBeVisible();

    // "Show me" brings back the request's trace at the DOCKER chain's DNAT rule.
    await run(page, "docker ps");
    await page.getByRole("button", { name: "Show me" }).click();
    await expect(page.getByTestId("current-step")).toContainText(/nat DOCKER rule \d+ → DNAT/);
    await expect(page.getByTestId("lessons-button")).toHaveText("Lessons (1/12)");

    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id} (${v.nodes.length})`)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test("lesson 8's predictions stop the trace; one answered right, one wrong, each judged on what the packet then does", async ({
    page,
  }, testInfo) => {
    // It plays a whole request's trace, two segments longer since responses go as headers then body.
    test.setTimeout(60_000);
    const problems = watchConsole(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto("/");
    await startLesson(page, 8);
    await runOn(page, "internet (outside client)", "curl -s -m 3 http://10.88.0.4:2024/");
    await page.getByRole("button", { name: "Play" }).click();

    const card = page.getByTestId("prediction");
    await expect(card).toContainText("Which destination address will it have when nginx receives it?", {
      timeout: 20_000,
    });
    await expect(page.getByRole("button", { name: "Play" })).toBeVisible();
    await expect(page.getByTestId("current-step")).not.toContainText("PREROUTING");
    await card.getByRole("button", { name: /The container's address/ }).click();
    await expect(page.getByTestId("prediction-result")).toContainText("Right. The simulation: 172.17.0.2");
    await page.screenshot({ path: testInfo.outputPath("prediction-right.png") });
    if (process.env.UPDATE_DOCS) await page.screenshot({ path: "docs/lesson-prediction.png" });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id} (${v.nodes.length})`)).toEqual([]);

    await card.getByRole("button", { name: "Play on" }).click();
    await expect(card).toContainText("Which source address will nginx see?", { timeout: 20_000 });
    await card.getByRole("button", { name: /The host's address/ }).click();
    await expect(page.getByTestId("prediction-result")).toContainText("Not quite. The simulation: 10.88.0.1");
    await expect(page.getByTestId("prediction-result")).toContainText("Only the destination was translated.");
    // The card and the lesson panel read in the dark theme too.
    await page.getByRole("button", { name: "Dark theme" }).click();
    const dark = await new AxeBuilder({ page }).analyze();
    expect(dark.violations.map((v) => `${v.id} (${v.nodes.length})`)).toEqual([]);
    await card.getByRole("button", { name: "Play on" }).click();
    await expect(card).toBeHidden();
    expect(problems).toEqual([]);
  });

  test("help lists what the lab can do and the attached machine's commands, in the interface's language", async ({
    page,
  }) => {
    const problems = watchConsole(page);
    await page.goto("/");
    await run(page, "help");
    const help = page.getByTestId("lab-help");
    await expect(help).toContainText("Docker Network Lab: what you can do here");
    await expect(help).toContainText("undo (take back the last command)");
    await expect(help).toContainText("Commands on docker-host:");
    await expect(help.locator("dt")).toContainText(["conntrack", "docker", "iptables"]);
    await expect(help).toContainText("A self-sufficient runtime for containers");
    await page.getByRole("combobox", { name: "Language" }).selectOption("ru");
    await expect(help).toContainText("Docker Network Lab: что здесь можно делать");
    await page.getByRole("combobox", { name: "Язык" }).selectOption("en");

    // In a lesson, a command that is not found offers the next hint.
    await startLesson(page, 3);
    await run(page, "dockr ps");
    await expect(page.getByTestId("lab-stuck")).toContainText("That command is not on this machine. Stuck?");
    await page.getByTestId("lab-stuck").getByRole("button", { name: "Show a hint" }).click();
    await expect(page.getByTestId("lesson-hints")).toContainText("ip route");
    expect(problems).toEqual([]);
  });

  test("a link copied mid-lesson holds the lesson and the goal reached; a fresh browser opens it there and finishes it", async ({
    page,
    context,
  }) => {
    const problems = watchConsole(page);
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto("/");
    await startLesson(page, 7);
    await run(page, "docker run -d -p 2024:80 --name web nginx");
    await expect(goal(page, /A container publishes/)).toBeChecked();
    await page.getByRole("button", { name: "Copy link" }).click();
    await expect(page.getByRole("button", { name: "Link copied" })).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    // The address bar holds the same: the lesson, the goals reached, and its start before the lines.
    await expect.poll(async () => (await linkState(page))?.lesson).toEqual({ id: "l07-publish", goal: 2 });
    expect((await linkState(page))?.entries.map((e) => e.line)).toEqual([
      "reset",
      "docker run -d -p 2024:80 --name web nginx",
    ]);

    const other = await context.browser()!.newContext();
    const p2 = await other.newPage();
    const problems2 = watchConsole(p2);
    await p2.setViewportSize({ width: 1280, height: 720 });
    await p2.goto(copied.replace(/^https?:\/\/[^/]+/, ""));
    await expect(p2.getByTestId("lesson-panel")).toContainText("Publishing a port");
    await expect(goal(p2, "A container publishes host port 2024 to its port 80")).toBeChecked();
    await expect(goal(p2, /The nat table's DOCKER chain/)).toBeChecked();
    await expect(goal(p2, /A request from the internet/)).not.toBeChecked();
    await expect(p2.getByTestId("welcome")).toBeHidden();
    await expect(p2.getByTestId("lab-lesson-start")).toContainText("Lesson 7:");
    await expect(p2.getByTestId("node-container")).toContainText("web");
    await runOn(p2, "internet (outside client)", "curl -s -m 3 http://10.88.0.4:2024/");
    await expect(goal(p2, /A request from the internet/)).toBeChecked();
    await expect(p2.getByTestId("lab-lesson-done")).toContainText("Lesson complete: Publishing a port.");
    await expect(p2.getByTestId("lessons-button")).toHaveText("Lessons (1/12)");
    // Undo goes back a step at a time: the goal the request reached, then the lesson's lines, then its start.
    await run(p2, "undo");
    await expect(goal(p2, /A request from the internet/)).not.toBeChecked();
    await run(p2, "undo");
    await expect(goal(p2, /A container publishes/)).not.toBeChecked();
    await run(p2, "undo");
    await expect(p2.getByTestId("lesson-panel")).toBeHidden();
    await other.close();
    expect(problems).toEqual([]);
    expect(problems2).toEqual([]);
  });

  test("progress survives a reload: the lesson in hand, its goals, and the list's marks", async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto("/");
    await startLesson(page, 7);
    await run(page, "docker run -d -p 2024:80 --name web nginx");
    await expect(goal(page, /A container publishes/)).toBeChecked();
    await page.getByRole("button", { name: "Show a hint" }).click();
    await page.reload();
    await expect(page.getByTestId("lesson-panel")).toContainText("Publishing a port");
    await expect(goal(page, /A container publishes/)).toBeChecked();
    await expect(goal(page, /The nat table's DOCKER chain/)).toBeChecked();
    await expect(goal(page, /A request from the internet/)).not.toBeChecked();
    await expect(page.getByTestId("lesson-hints").locator("li")).toHaveCount(1);
    await expect(page.getByTestId("welcome")).toBeHidden();
    // The replayed history rebuilt the world the goals were met in.
    await expect(page.getByTestId("node-container")).toContainText("web");
    await page.getByTestId("lessons-button").click();
    const row = page.getByTestId("lesson-row").filter({ hasText: "Lesson 7:" });
    await expect(row.getByTestId("lesson-status")).toHaveText("2 of 3 goals · current");
    await page.getByRole("dialog").getByRole("button", { name: "Sandbox" }).click();
    await expect(page.getByTestId("lesson-panel")).toBeHidden();
    await page.reload();
    await expect(page.getByTestId("lesson-panel")).toBeHidden();
    expect(problems).toEqual([]);
  });
});
