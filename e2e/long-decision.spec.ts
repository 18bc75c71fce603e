import { expect, test } from "@playwright/test";
import { nextUntil, pipelineClashes, run } from "./helpers.ts";

test.describe("the hook pipeline", () => {
  test.use({ viewport: { width: 1280, height: 720 } });
  test("a learner's long rule is cut to the decision line's band, clear of the caption", async ({ page }, testInfo) => {
    await page.goto("/");
    await run(page, "docker run -d -p 2024:80 --name web nginx");
    await run(
      page,
      `iptables -I DOCKER-USER -p tcp -s 10.88.0.0/16 -m multiport --dports 80,443,8080,8443 -m comment --comment "let the office network reach the web servers on every port they publish, and keep counting" -j RETURN`,
    );
    await page.getByTestId("machine-switcher").selectOption("internet");
    await run(page, "curl -s -o /dev/null http://10.88.0.4:2024/");
    await page.getByRole("button", { name: "Every step" }).click();
    await nextUntil(page, /filter DOCKER-USER rule 1/, 60);
    const decision = page.getByTestId("pipeline-decision");
    await expect(decision).toContainText("office network");
    expect(await pipelineClashes(page)).toEqual([]);
    const [band, caption] = await page.evaluate(() =>
      ['[data-testid="pipeline-decision"]', '[data-testid="hook-pipeline"] > [data-text="pipeline"]'].map((s) => {
        const r = document.querySelector(s)!.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom };
      }),
    );
    expect(band!.bottom).toBeLessThanOrEqual(caption!.top + 1);
    await page.screenshot({ path: testInfo.outputPath("long-decision.png") });
  });
});
