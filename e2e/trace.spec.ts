/**
 * The packet seen inside the host, on the graph itself: the machine's netfilter hooks, the
 * packet's label changing at DNAT and MASQUERADE, where a drop stops it and why, a trace a
 * person can follow (key moments, jumps, filters), readable at 1280×720 and on a phone.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { nextUntil, pipelineClashes, run, watchConsole } from "./helpers.ts";

const PUBLISH = "docker run -d -p 2024:80 --name web nginx";

async function fromInternet(page: Page, line: string) {
  await page.getByTestId("machine-switcher").selectOption("internet");
  await expect(page.getByTestId("prompt")).toHaveText(/^root@internet:~#/);
  await run(page, line);
}

/** The smallest font size of `els` as drawn on screen: CSS size times every ancestor's scale. */
async function screenPx(els: Locator): Promise<number> {
  // Measured once the graph stops moving (a fit or a glide to the packet).
  await els.page().evaluate(async () => {
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
  const sizes = await els.evaluateAll((nodes) =>
    nodes.map((n) => {
      const h = n as HTMLElement;
      const scale = h.offsetWidth > 0 ? h.getBoundingClientRect().width / h.offsetWidth : 1;
      return parseFloat(getComputedStyle(h).fontSize) * scale;
    }),
  );
  return Math.min(...sizes);
}

const counter = (page: Page) => page.getByTestId("step-counter");
const hook = (page: Page, box: string) => page.getByTestId("hook-pipeline").getByTestId(`hook-${box}`);

test.describe("netfilter on the graph", () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test("inbound: the SYN passes the host's hooks, DOCKER's DNAT rule lights up and the label changes there", async ({
    page,
  }, testInfo) => {
    const problems = watchConsole(page);
    await page.goto("/");
    await run(page, PUBLISH);
    await fromInternet(page, "curl -s http://10.88.0.4:2024/");
    await expect(page.getByTestId("terminal-output")).toContainText("<title>Welcome to nginx!</title>");

    // It waits at the first key moment, and the inbound curl's key moments fit on one screen.
    await expect(page.getByRole("button", { name: "Play" })).toBeVisible();
    await expect(counter(page)).toHaveText(/^step 1 of (\d+)$/);
    const total = Number((await counter(page).textContent())!.match(/of (\d+)/)![1]);
    expect(total).toBeLessThanOrEqual(30);
    const listed = await page.getByTestId("trace-events").locator(":scope > li").count();
    expect(listed).toBe(total);
    await page.getByRole("button", { name: "Every step" }).click();
    await expect(counter(page)).toHaveText(/^step 1 of \d{3}$/);
    await page.getByRole("button", { name: "Key moments" }).click();

    // The sender's own hooks first: the internet's OUTPUT and POSTROUTING, empty.
    await nextUntil(page, /OUTPUT in internet/);
    await expect(page.getByTestId("hook-pipeline")).toHaveAttribute("data-netns", "internet");
    await expect(hook(page, "OUTPUT")).toHaveAttribute("data-status", "here");
    await expect(page.getByTestId("pipeline-decision")).toContainText("no rules here");
    // At a bottom-row hook the label rides in the gap between the rows, over no hook.
    expect(await pipelineClashes(page)).toEqual([]);

    await nextUntil(page, /nat DOCKER rule \d+ → DNAT/);
    await expect(page.getByTestId("hook-pipeline")).toHaveAttribute("data-netns", "host");
    await expect(hook(page, "PREROUTING")).toHaveAttribute("data-status", "here");
    await expect(page.getByTestId("pipeline-chain")).toHaveText("nat · PREROUTING → DOCKER");
    await expect(page.getByTestId("pipeline-rule")).toContainText("DNAT tcp dpt:2024 to:172.17.0.2:80");
    // The matched rule, shown apart in the trace panel, wraps instead of being cut off.
    const apart = page.getByTestId("matched-rule-apart");
    await expect(apart).toContainText("--to-destination 172.17.0.2:80");
    expect(await apart.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    const box = (await apart.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1280);

    await page.getByRole("button", { name: "Next", exact: true }).click();
    const change = page.getByTestId("nat-change");
    await expect(change).toHaveAttribute("data-kind", "DNAT");
    await expect(page.getByTestId("nat-dst").locator("s")).toHaveText("10.88.0.4:2024");
    await expect(page.getByTestId("nat-dst")).toContainText("172.17.0.2:80");
    await page.screenshot({ path: testInfo.outputPath("dnat.png") });

    // Text on the graph and in the trace reads at 14 px or more on a laptop's screen.
    expect(await screenPx(page.getByTestId("pipeline-decision"))).toBeGreaterThanOrEqual(14);
    expect(await screenPx(page.getByTestId("packet-label"))).toBeGreaterThanOrEqual(14);
    // Hook names, the machine's name and its interfaces, the pipeline's caption.
    expect(await screenPx(page.getByTestId("hook-pipeline").locator('[data-text="pipeline"]'))).toBeGreaterThanOrEqual(
      14,
    );
    expect(await screenPx(page.getByTestId("trace-events").locator("button"))).toBeGreaterThanOrEqual(14);
    expect(await screenPx(page.getByTestId("current-step").locator("p"))).toBeGreaterThanOrEqual(14);

    // On through FORWARD to POSTROUTING: the hooks passed are marked, in the kernel's order.
    await nextUntil(page, /POSTROUTING in docker-host/);
    for (const passed of ["PREROUTING", "route", "FORWARD"])
      await expect(hook(page, passed)).toHaveAttribute("data-status", "passed");
    await expect(hook(page, "POSTROUTING")).toHaveAttribute("data-status", "here");
    await expect(hook(page, "INPUT")).toHaveAttribute("data-status", "ahead");

    // The reply is un-DNATed by conntrack, and looks like a reply.
    await page.getByRole("button", { name: "Next NAT" }).click();
    await expect(change).toHaveAttribute("data-kind", "un-DNAT");
    await expect(page.getByTestId("packet-dot")).toHaveAttribute("data-reply", "true");
    await expect(page.getByTestId("nat-src").locator("s")).toHaveText("172.17.0.2:80");

    await page.locator("summary", { hasText: "Legend" }).click();
    await expect(page.getByTestId("legend")).toContainText("a reply: coming back");
    expect(problems).toEqual([]);
  });

  test("outbound: the container's hooks are empty, the host's POSTROUTING MASQUERADEs it", async ({
    page,
  }, testInfo) => {
    await page.goto("/");
    await run(page, PUBLISH);
    await run(page, "docker exec web curl -s baidu.com");
    await expect(page.getByTestId("terminal-output")).toContainText("www.baidu.com");
    // DNS is one folded step until opened.
    await expect(page.getByTestId("current-step")).toContainText(/^DNS lookup baidu\.com: \d+ packets folded/);
    await page.getByRole("button", { name: "Open the DNS steps" }).click();
    await expect(page.getByTestId("current-step")).toContainText("DNS query A baidu.com");
    await page.getByRole("button", { name: "Fold the DNS steps" }).click();

    await nextUntil(page, /POSTROUTING in web/);
    await expect(page.getByTestId("hook-pipeline")).toHaveAttribute("data-netns", /^[0-9a-f]{64}$/);
    await expect(page.getByTestId("pipeline-decision")).toContainText("POSTROUTING: no rules here");

    await page.getByRole("button", { name: "Next NAT" }).click();
    await expect(page.getByTestId("hook-pipeline")).toHaveAttribute("data-netns", "host");
    await expect(hook(page, "POSTROUTING")).toHaveAttribute("data-status", "here");
    await expect(page.getByTestId("nat-change")).toHaveAttribute("data-kind", "MASQUERADE");
    await expect(page.getByTestId("nat-src").locator("s")).toHaveText(/^172\.17\.0\.2:\d+$/);
    await expect(page.getByTestId("nat-src")).toContainText(/10\.88\.0\.4:\d+/);
    await page.screenshot({ path: testInfo.outputPath("masquerade.png") });
  });

  test("with ip_forward = 0 the SYN stops at the host's routing decision, and the terminal says why", async ({
    page,
  }) => {
    await page.goto("/");
    await run(page, PUBLISH);
    await run(page, "sysctl -w net.ipv4.ip_forward=0");
    await fromInternet(page, "curl -s -m 2 http://10.88.0.4:2024/");
    const note = page.getByTestId("lab-note");
    await expect(note).toContainText("the packet trace explains why this failed: docker-host does not forward");
    // The tool printed nothing (curl -s): the note is the lab's, apart from the output.
    await expect(page.getByTestId("terminal-output").locator(":scope > div").last()).toHaveAttribute("role", "note");
    await note.getByRole("button", { name: "Show in the trace" }).click();
    await expect(page.getByTestId("hook-pipeline")).toHaveAttribute("data-netns", "host");
    await expect(hook(page, "route")).toHaveAttribute("data-status", "dropped");
    await expect(hook(page, "PREROUTING")).toHaveAttribute("data-status", "passed");
    await expect(hook(page, "FORWARD")).toHaveAttribute("data-status", "ahead");
    await expect(page.getByTestId("packet-badge")).toHaveText("dropped");
    await expect(page.getByTestId("drop-reason")).toContainText("net.ipv4.ip_forward is 0");
  });

  test("without MASQUERADE the reply stops on the internet, and the cause is marked on the host", async ({
    page,
  }, testInfo) => {
    await page.goto("/");
    await run(page, PUBLISH);
    await run(page, "iptables -t nat -D POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE");
    await run(page, "docker exec web curl -s -m 2 http://203.0.113.10/");
    await page.getByRole("button", { name: "Next drop" }).click();
    await expect(page.getByTestId("hook-pipeline")).toHaveAttribute("data-netns", "internet");
    await expect(hook(page, "local")).toHaveAttribute("data-status", "dropped");
    await expect(page.getByTestId("cause-marker")).toContainText("POSTROUTING had no MASQUERADE for 172.17.0.2");
    await expect(page.getByTestId("drop-reason")).toContainText(
      "the reply to 172.17.0.2 has no route on internet: POSTROUTING on docker-host had no MASQUERADE for it",
    );
    await expect(page.getByTestId("lab-note")).toContainText("POSTROUTING on docker-host had no MASQUERADE");
    await page.screenshot({ path: testInfo.outputPath("no-masquerade.png") });
    // Earlier, the SYN left the host's POSTROUTING unchanged: no NAT mark on its way out.
    await page.getByRole("button", { name: "First", exact: true }).click();
    await nextUntil(page, /POSTROUTING in docker-host/);
    await expect(page.getByTestId("nat-change")).toHaveCount(0);
  });

  test("filters narrow the list by kind of event and by machine", async ({ page }) => {
    await page.goto("/");
    await run(page, PUBLISH);
    await fromInternet(page, "curl -s http://10.88.0.4:2024/");
    await page.getByRole("button", { name: "Every step" }).click();
    await page.getByRole("button", { name: "Filters" }).click();
    await page.getByRole("group", { name: "Kinds of event" }).getByLabel("NAT").check();
    const items = page.getByTestId("trace-events").locator(":scope > li");
    await expect(items.first()).toContainText("DNAT in docker-host (by rule)");
    expect(await items.count()).toBe(12);
    await expect(counter(page)).toHaveText("step 1 of 12");
    await page.getByRole("button", { name: "Show all" }).click();
    await page.getByRole("group", { name: "Machines" }).getByLabel("web").check();
    await expect(items.first()).toContainText(/web/);
  });

  for (const theme of ["light", "dark"] as const) {
    test(`no accessibility violations with the pipeline on the graph, ${theme} theme`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme, reducedMotion: "reduce" });
      await page.goto("/");
      await run(page, PUBLISH);
      await fromInternet(page, "curl -s http://10.88.0.4:2024/");
      await page.getByRole("button", { name: "Next NAT" }).click();
      await page.locator("summary", { hasText: "Legend" }).click();
      await page.getByRole("button", { name: "Filters" }).click();
      await expect(page.getByTestId("hook-pipeline")).toBeVisible();
      await expect(page.locator("html")).toHaveClass(theme === "dark" ? /dark/ : /^(?!.*dark)/);
      const axe = await new AxeBuilder({ page }).analyze();
      expect(axe.violations.map((v) => `${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(" ")}`)).toEqual([]);
    });
  }
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the graph and the step shown are seen together; touch targets are 44 px", async ({ page }, testInfo) => {
    await page.goto("/");
    await run(page, PUBLISH);
    await fromInternet(page, "curl -s http://10.88.0.4:2024/");
    const caption = page.getByTestId("step-caption");
    await caption.getByRole("button", { name: "Next", exact: true }).click();
    for (let i = 0; i < 12 && !(await page.getByTestId("nat-change").count()); i++)
      await caption.getByRole("button", { name: "Next", exact: true }).click();
    await expect(page.getByTestId("nat-change")).toHaveAttribute("data-kind", "DNAT");
    await page.evaluate(() => document.getElementById("topology-panel")!.scrollIntoView());
    const inView = async (l: Locator) => {
      const b = (await l.boundingBox())!;
      return b.y >= 0 && b.y + b.height <= 844 && b.x >= -1 && b.x + b.width <= 391;
    };
    await expect.poll(() => inView(page.getByTestId("hook-pipeline").getByTestId("hook-PREROUTING"))).toBe(true);
    expect(await inView(caption.locator("p"))).toBe(true);
    expect(await inView(caption.getByRole("button", { name: "Next", exact: true }))).toBe(true);
    expect(await screenPx(caption.locator("p"))).toBeGreaterThanOrEqual(14);
    expect(await screenPx(page.getByTestId("pipeline-decision"))).toBeGreaterThanOrEqual(14);
    for (const name of ["First", "Back", "Play", "Next", "Last"]) {
      const b = (await caption.getByRole("button", { name, exact: true }).boundingBox())!;
      expect(b.height).toBeGreaterThanOrEqual(44);
      expect(b.width).toBeGreaterThanOrEqual(44);
    }
    const jump = (await page.getByRole("button", { name: "Next NAT" }).boundingBox())!;
    expect(jump.height).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: testInfo.outputPath("phone-dnat.png") });
  });
});
