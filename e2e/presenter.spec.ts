import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { linkState, run, watchConsole } from "./helpers.ts";

const counter = (page: Page) => page.getByTestId("step-counter");
const bigStep = (page: Page) => page.getByTestId("presenter-step");
const prompt = (page: Page) => page.locator("#terminal-input");

/** Publishes nginx and curls it from the host: a trace of some twenty key moments. */
async function withTrace(page: Page) {
  await page.goto("/");
  await run(page, "docker run -d -p 2024:80 --name web nginx");
  await run(page, "curl -s -o /dev/null http://10.88.0.4:2024/");
  await expect(counter(page)).toHaveText(/^step 1 of \d+$/);
}

async function presenterOn(page: Page) {
  await page.getByRole("button", { name: "Presenter mode" }).click();
  await expect(page.getByRole("button", { name: "Presenter mode" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("html")).toHaveClass(/presenter/);
}

const stepN = async (page: Page) => Number(/^step (\d+)/.exec((await counter(page).textContent()) ?? "")![1]);

/**
 * The smallest text on screen among the visible panels, the header and the presenter bar:
 * every element with text of its own, its computed size times the scale it is drawn at
 * (the graph's zoom included), with where it was, for a message.
 */
async function smallestText(page: Page): Promise<{ px: number; where: string }> {
  // Once the graph's view stops moving (a fit or a follow glides).
  await page.evaluate(async () => {
    const viewport = document.querySelector(".react-flow__viewport");
    let last = "";
    let still = 0;
    for (let frame = 0; viewport && frame < 300 && still < 15; frame++) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = getComputedStyle(viewport).transform;
      still = now === last ? still + 1 : 0;
      last = now;
    }
  });
  return page.evaluate(() => {
    let px = Infinity;
    let where = "";
    const roots = document.querySelectorAll("header, [data-testid=presenter-bar], main section[aria-labelledby]");
    for (const root of roots)
      for (const el of root.querySelectorAll<HTMLElement>("*")) {
        const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== "");
        if (!own || el.closest(".sr-only, [aria-hidden=true], .react-flow__attribution, option")) continue;
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (r.width === 0 || r.height === 0 || style.visibility === "hidden") continue;
        // The graph's zoom for what it draws (nothing else on the page is scaled).
        const viewport = el.closest<HTMLElement>(".react-flow__viewport");
        const scale = viewport ? new DOMMatrix(getComputedStyle(viewport).transform).a : 1;
        const size = parseFloat(style.fontSize) * scale;
        if (size < px) {
          px = size;
          where = `${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 40)}"`;
        }
      }
    return { px, where };
  });
}

test.describe("presenter mode", () => {
  test("a clicker's PageDown/PageUp step the trace from inside the terminal, leaving the prompt's text and the page where they were", async ({
    page,
  }) => {
    const problems = watchConsole(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    await withTrace(page);
    await presenterOn(page);
    await prompt(page).click();
    await prompt(page).fill("docker ps");
    const scroller = page.getByTestId("terminal-output").locator("..");
    const before = await scroller.evaluate((el) => el.scrollTop);
    const pageBefore = await page.evaluate(() => [window.scrollX, window.scrollY]);
    await page.keyboard.press("PageDown");
    await page.keyboard.press("PageDown");
    await expect(counter(page)).toHaveText(/^step 3 of \d+$/);
    await expect(bigStep(page)).toContainText(/Step 3 of \d+/);
    await page.keyboard.press("PageUp");
    await expect(counter(page)).toHaveText(/^step 2 of \d+$/);
    await expect(bigStep(page)).toContainText(/Step 2 of \d+/);
    await expect(prompt(page)).toBeFocused();
    await expect(prompt(page)).toHaveValue("docker ps");
    expect(await scroller.evaluate((el) => el.scrollTop)).toBe(before);
    expect(await page.evaluate(() => [window.scrollX, window.scrollY])).toEqual(pageBefore);
    // What happens at the step is written out beside its number, the same words the trace panel shows.
    const text = await page.getByTestId("current-step").locator("p").first().textContent();
    await expect(page.getByTestId("presenter-step-text")).toHaveText(text!);
    // The clicker's keys do not reach the prompt either: Enter still runs what was typed.
    await prompt(page).press("Enter");
    await expect(page.getByTestId("terminal-output")).toContainText("root@docker-host:~# docker ps");
    expect(problems).toEqual([]);
  });

  test("→, ← and Space step from anywhere but the terminal, where they are typed", async ({ page }) => {
    const problems = watchConsole(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    await withTrace(page);
    // Outside presenter mode too: after a command, a click on the page's title and the keys step.
    await page.getByRole("heading", { name: "Docker Network Lab", exact: true }).click();
    await page.keyboard.press("ArrowRight");
    await expect(counter(page)).toHaveText(/^step 2 of/);
    await page.keyboard.press(" ");
    await expect(counter(page)).toHaveText(/^step 3 of/);
    await page.keyboard.press("ArrowLeft");
    await expect(counter(page)).toHaveText(/^step 2 of/);
    // From a trace button, → steps too; Space presses the button.
    await page
      .getByRole("group", { name: "Animation controls" })
      .getByRole("button", { name: "Next", exact: true })
      .focus();
    await page.keyboard.press("ArrowRight");
    await expect(counter(page)).toHaveText(/^step 3 of/);
    await page.keyboard.press(" ");
    await expect(counter(page)).toHaveText(/^step 4 of/);

    // In the terminal they are typed, never stepping.
    await presenterOn(page);
    await prompt(page).click();
    await page.keyboard.type("ab");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press(" ");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.type("c");
    await expect(prompt(page)).toHaveValue("a bc");
    await expect(counter(page)).toHaveText(/^step 4 of/);
    expect(await stepN(page)).toBe(4);
    expect(problems).toEqual([]);
  });

  test("hides and brings back each panel; the choice survives leaving and re-entering presenter mode, and a link", async ({
    page,
  }) => {
    const problems = watchConsole(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    await withTrace(page);
    await page.getByTestId("lessons-button").click();
    await page
      .getByRole("dialog", { name: "Lessons" })
      .getByRole("button", { name: /^Start: Lesson 7,/ })
      .click();
    await expect(page.getByTestId("lesson-panel")).toBeVisible();
    await presenterOn(page);
    const toggles = page.getByRole("group", { name: "Panels shown" });
    const panels = [
      ["Topology", "#topology-panel"],
      ["Terminal", "#terminal-panel"],
      ["Packet trace", "#trace-panel"],
      ["Lesson", "#lesson-panel"],
    ] as const;
    for (const [name, id] of panels) {
      const toggle = toggles.getByRole("button", { name });
      await expect(toggle).toHaveAttribute("aria-pressed", "true");
      // From the keyboard: focus the toggle and press Enter.
      await toggle.focus();
      await page.keyboard.press("Enter");
      await expect(toggle).toHaveAttribute("aria-pressed", "false");
      await expect(page.locator(id)).toBeHidden();
      await toggle.click();
      await expect(page.locator(id)).toBeVisible();
    }
    // Hide two, leave presenter mode (everything shows), come back (the same two are hidden).
    await toggles.getByRole("button", { name: "Terminal" }).click();
    await toggles.getByRole("button", { name: "Lesson" }).click();
    await expect(page.locator("#terminal-panel")).toBeHidden();
    await page.getByRole("button", { name: "Presenter mode" }).click();
    await expect(page.getByTestId("presenter-bar")).toBeHidden();
    await expect(page.locator("#terminal-panel")).toBeVisible();
    await expect(page.locator("#lesson-panel")).toBeVisible();
    await presenterOn(page);
    await expect(page.locator("#terminal-panel")).toBeHidden();
    await expect(page.locator("#lesson-panel")).toBeHidden();
    await expect(page.locator("#topology-panel")).toBeVisible();
    await expect(page.locator("#trace-panel")).toBeVisible();
    // The link holds the layout; a fresh browser opens in it.
    await expect
      .poll(async () => (await linkState(page))?.layout)
      .toMatchObject({ presenter: true, hidden: ["terminal", "lesson"] });
    const other = await (await page.context().browser()!.newContext()).newPage();
    await other.setViewportSize({ width: 1280, height: 720 });
    await other.goto(page.url());
    await expect(other.getByTestId("presenter-bar")).toBeVisible();
    await expect(other.locator("#terminal-panel")).toBeHidden();
    await expect(other.locator("#trace-panel")).toBeVisible();
    await other.context().close();
    expect(problems).toEqual([]);
  });

  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ] as const)
    test(`every text reads at 20 px or more at ${width}×${height}, the graph's nodes and pipeline at the zoom drawn`, async ({
      page,
    }, testInfo) => {
      await page.setViewportSize({ width, height });
      await withTrace(page);
      await presenterOn(page);
      for (let i = 0; i < 5; i++) await page.keyboard.press("PageDown");
      await expect(page.getByTestId("hook-PREROUTING")).toBeVisible();
      const all = await smallestText(page);
      expect(all.px, all.where).toBeGreaterThanOrEqual(20);
      // The graph alone, with only it shown too (the zoom differs with the room it gets).
      const toggles = page.getByRole("group", { name: "Panels shown" });
      await toggles.getByRole("button", { name: "Terminal" }).click();
      await toggles.getByRole("button", { name: "Packet trace" }).click();
      const graph = await smallestText(page);
      expect(graph.px, graph.where).toBeGreaterThanOrEqual(20);
      await page.screenshot({ path: testInfo.outputPath(`presenter-${width}.png`) });
      if (width === 1920) {
        await toggles.getByRole("button", { name: "Terminal" }).click();
        await expect(page.locator("#terminal-panel")).toBeVisible();
        expect((await smallestText(page)).px).toBeGreaterThanOrEqual(20);
        if (process.env.UPDATE_DOCS) await page.screenshot({ path: "docs/presenter-mode.png" });
      }
    });

  test("the presenter theme passes axe, contrast included, in light and dark", async ({ page }) => {
    // Two full axe runs with contrast over a traced page take 25 s on a busy two-core machine.
    test.slow();
    await page.setViewportSize({ width: 1280, height: 720 });
    await withTrace(page);
    await presenterOn(page);
    await page.keyboard.press("PageDown");
    for (const dark of [false, true]) {
      if (dark) await page.getByRole("button", { name: "Dark theme" }).click();
      await expect(page.locator("html")).toHaveClass(dark ? /dark/ : /^(?!.*dark)/);
      const axe = await new AxeBuilder({ page }).analyze();
      expect(axe.violations.map((v) => `${v.id} (${v.nodes.length})`)).toEqual([]);
    }
  });
});
