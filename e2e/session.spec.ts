import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { encodeLink } from "../src/store/link.ts";
import { toWire } from "../src/store/session-state.ts";
import { linkState, run, watchConsole } from "./helpers.ts";

const input = (page: Page) => page.getByRole("textbox", { name: /command/ });
const output = (page: Page) => page.getByTestId("terminal-output");
const notice = (page: Page, code: string) => page.locator(`[data-testid="notices"] [data-code="${code}"]`);

async function ready(page: Page, path = "/") {
  await page.goto(path);
  await expect(page.getByTestId("node-host")).toBeVisible();
  await expect(page.getByTestId("machine-switcher")).toBeEnabled();
}

/** A paste as the browser delivers it: one event with the whole text. */
async function paste(page: Page, text: string) {
  await input(page).focus();
  await input(page).evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData("text/plain", t);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Every securitypolicyviolation the page reports, from its first script on. */
async function watchCsp(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

test.describe("a session nothing can lose", () => {
  test("a reload gives back a session with Unicode lines, and one of 250 commands, whole", async ({ page }) => {
    // Three page loads and 250 commands: on a busy two-core machine that outlasts the default 30 s.
    test.slow();
    const problems = watchConsole(page);
    await ready(page);
    await run(page, "echo café «ёлка» 中文");
    await page.reload();
    await expect(notice(page, "restored")).toContainText("commands replayed: 1");
    await expect(output(page)).toContainText("root@docker-host:~# echo café «ёлка» 中文café «ёлка» 中文");

    // 250 lines pasted at once run one after another, as bash runs a pasted block.
    await paste(page, Array.from({ length: 250 }, (_, i) => `echo line-${i}`).join("\n") + "\n");
    await expect(output(page).getByText("line-249", { exact: true })).toBeVisible({ timeout: 60_000 });
    await page.reload();
    // Typed while the session replays: it waits for the replay, then runs.
    await input(page).fill("echo typed-during-replay");
    await input(page).press("Enter");
    await expect(notice(page, "restored")).toContainText("commands replayed: 251");
    await expect(output(page).locator(":scope > div").last()).toHaveText("typed-during-replay");
    const rows = await output(page).locator(":scope > div").allTextContents();
    expect(rows.indexOf("line-249")).toBeLessThan(rows.indexOf("typed-during-replay"));
    await expect(output(page).getByText("line-0", { exact: true })).toHaveCount(1);
    await expect(output(page).getByText("line-249", { exact: true })).toHaveCount(1);
    // A closed tab: a new page in the same browser takes the last session up.
    const other = await page.context().newPage();
    await ready(other);
    await expect(notice(other, "restored")).toContainText("commands replayed: 252");
    expect(problems).toEqual([]);
  });

  test("a here-document typed key by key waits at > and runs whole", async ({ page }) => {
    await ready(page);
    const box = input(page);
    await box.pressSequentially("cat <<EOF");
    await box.press("Enter");
    await expect(page.getByTestId("prompt")).toHaveText(/^>/);
    await expect(page.getByTestId("pending-input")).toHaveText("root@docker-host:~# cat <<EOF");
    await box.pressSequentially("hello «мир»");
    await box.press("Enter");
    await box.pressSequentially("  two words");
    await box.press("Enter");
    await expect(output(page)).not.toContainText("hello");
    await box.pressSequentially("EOF");
    await box.press("Enter");
    await expect(output(page)).toContainText(
      "root@docker-host:~# cat <<EOF> hello «мир»>   two words> EOFhello «мир»  two words",
    );
    await expect(page.getByTestId("prompt")).toHaveText(/^root@docker-host:~#/);
    // A pasted block runs as bash reads it: the here-document whole, then the next line.
    await paste(page, "cat <<END\npasted one\npasted two\nEND\necho after-paste\n");
    await expect(output(page).locator(":scope > div").last()).toHaveText("after-paste");
    await expect(output(page)).toContainText("cat <<END> pasted one> pasted two> ENDpasted onepasted two");
    // An open quote and a trailing backslash continue too; Ctrl+C abandons the whole command.
    await box.pressSequentially("echo 'a");
    await box.press("Enter");
    await box.pressSequentially("b' \\");
    await box.press("Enter");
    await expect(page.getByTestId("prompt")).toHaveText(/^>/);
    await box.pressSequentially("c");
    await box.press("Enter");
    await expect(output(page).locator(":scope > div").last()).toHaveText("b c");
    await box.pressSequentially("iptables-restore <<EOF");
    await box.press("Enter");
    await box.press("Control+c");
    await expect(page.getByTestId("prompt")).toHaveText(/^root@docker-host:~#/);
    // bash shows the abandoned command as typed, the interrupt on the line it came on.
    await expect(output(page)).toContainText("root@docker-host:~# iptables-restore <<EOF> ^C");
  });

  for (const fault of ["hung", "killed"] as const) {
    test(`a ${fault} worker is replaced and the world rebuilt without the line it stopped on`, async ({ page }) => {
      test.setTimeout(60_000);
      await ready(page);
      await run(page, "docker run -d -p 2024:80 --name web nginx");
      await run(page, "hostname lab");
      const [worker] = page.workers();
      expect(worker).toBeDefined();
      // The core has no command that hangs; the test makes the worker itself stop answering.
      if (fault === "hung")
        void worker!
          .evaluate(() => {
            for (;;) {
              // busy for ever
            }
          })
          .catch(() => undefined);
      else await worker!.evaluate(() => self.close());
      await input(page).fill("docker ps --format '{{.Names}}'");
      await input(page).press("Enter");
      await expect(page.getByRole("alert")).toContainText(
        "The simulation ran past 8 s on “docker ps --format '{{.Names}}'” and was restarted. The world was rebuilt from your earlier commands (2), without that one.",
        { timeout: 20_000 },
      );
      await expect(output(page)).toContainText(
        "lab: the simulation ran past 8 s on this line and was restarted without it",
      );
      await expect(page.getByTestId("machine-switcher")).toBeEnabled();
      await run(page, "hostname");
      await expect(output(page).locator(":scope > div").last()).toHaveText("lab");
      await run(page, "docker ps --format '{{.Names}}'");
      await expect(output(page).locator(":scope > div").last()).toHaveText("web");
      await expect(page.getByTestId("node-container")).toHaveCount(1);
    });
  }

  test("the link that grew a file until the tab died opens: the file stops growing with the real error, the lab stays usable", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const problems = watchConsole(page);
    const cat16 = (from: string, op: string, to: string) => `cat ${Array(16).fill(from).join(" ")} ${op} ${to}`;
    // The seven lines and a `cat`, and then the copy between two files that grows on any real system.
    const crash = await encodeLink({
      entries: [
        { line: "echo -n 0123456789 > /tmp/f", machine: "host" },
        ...Array.from({ length: 6 }, () => ({ line: cat16("/tmp/f", ">>", "/tmp/f"), machine: "host" })),
        { line: "cat /tmp/f", machine: "host" },
        ...Array.from({ length: 3 }, () => [
          { line: cat16("/tmp/f", ">", "/tmp/g"), machine: "host" },
          { line: cat16("/tmp/g", ">", "/tmp/f"), machine: "host" },
        ]).flat(),
      ],
    });
    await ready(page, `/#${crash}`);
    await expect(notice(page, "opened-link")).toContainText("commands replayed on a fresh lab: 14.");
    // GNU cat refuses to append a file to itself, and leaves it as it was.
    await expect(output(page).getByText("cat: /tmp/f: input file is output file").first()).toBeVisible();
    await expect(output(page).getByText("0123456789", { exact: true })).toBeVisible();
    // Copying between two files grows them until the disk is full: there a write fails as it would.
    await expect(output(page).getByText("cat: write error: No space left on device").first()).toBeVisible();
    await expect(output(page)).not.toContainText("internal error");
    await run(page, "wc -c /tmp/f");
    await expect(output(page).locator(":scope > div").last()).toHaveText(/^\d+ \/tmp\/f$/);
    await run(page, "echo still-here");
    await expect(output(page).locator(":scope > div").last()).toHaveText("still-here");
    await run(page, "docker run -d --name web nginx");
    await expect(page.getByTestId("node-container")).toHaveCount(1);
    // A reload (the same history from storage) opens as well.
    await page.reload();
    await expect(notice(page, "restored")).toBeVisible();
    await run(page, "echo after-reload");
    await expect(output(page).locator(":scope > div").last()).toHaveText("after-reload");
    expect(problems).toEqual([]);
  });

  // The core ends a shell whose container is gone as docker exec ends (commands-spec-fuzz.test.ts);
  // in the page, a person removes the container from the host (the machine switcher) or a link does.
  test("a container removed from under its shell leaves no broken terminal, and ping answers after it", async ({
    page,
    browser,
  }) => {
    const problems = watchConsole(page);
    await ready(page);
    await run(page, "docker run -d --name web nginx");
    await run(page, "docker exec -it web bash");
    await expect(page.getByTestId("prompt")).toHaveText(/^root@[0-9a-f]{12}:\/#/);
    await run(page, "hostname");
    // Another terminal on the host (the machine switcher) removes the container under that shell.
    await page.getByTestId("machine-switcher").selectOption("host");
    await run(page, "docker rm -f web");
    await expect(page.getByTestId("node-container")).toHaveCount(0);
    await expect(page.getByTestId("machine-switcher").locator("option")).toHaveText([
      "host",
      "internet (outside client)",
    ]);
    await run(page, "ping -c 1 1.1.1.1");
    await expect(output(page)).toContainText("1 packets transmitted");
    await expect(output(page)).not.toContainText("internal error");

    // The same as a link whose last line ran in that shell after the container went: it is
    // kept, not run (its machine no longer exists), and the lab answers on the host.
    const state = (await linkState(page))!;
    const web = state.entries.find((e) => e.line === "hostname")!.machine;
    expect(web).toMatch(/^[0-9a-f]{64}$/);
    const link = await encodeLink({
      entries: [
        ...state.entries.filter((e) => e.line !== "ping -c 1 1.1.1.1"),
        { line: "ping -c 1 1.1.1.1", machine: web },
      ],
      at: web,
    });
    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    const otherProblems = watchConsole(other);
    await ready(other, `/#${link}`);
    await expect(notice(other, "lines-not-run")).toContainText(
      "Lines kept without running, because their machine does not exist at that point: 1.",
    );
    await expect(other.getByTestId("prompt")).toHaveText(/^root@docker-host:~#/);
    await run(other, "ping -c 1 1.1.1.1");
    await expect(output(other)).toContainText("1 packets transmitted");
    await expect(output(other)).not.toContainText("internal error");
    await fresh.close();
    expect(problems).toEqual([]);
    expect(otherProblems).toEqual([]);
  });

  test("reset can be undone, and redo runs it again", async ({ page }) => {
    await ready(page);
    await run(page, "docker run -d --name web nginx");
    await run(page, "reset");
    await expect(page.getByTestId("node-container")).toHaveCount(0);
    await run(page, "undo");
    await expect(output(page)).toContainText("undone: reset");
    await expect(page.getByTestId("node-container")).toHaveCount(1);
    await run(page, "redo");
    await expect(page.getByTestId("node-container")).toHaveCount(0);
    await run(page, "redo");
    await expect(output(page)).toContainText("redo: nothing to redo");
  });
});

test.describe("links that hold the exact moment", () => {
  test("a link opens the same world paused at the same step of the same view, and says what it replayed", async ({
    page,
    browser,
  }) => {
    // Two browsers' page loads, a replay and a paused trace: 25 s on a busy two-core machine.
    test.slow();
    const problems = watchConsole(page);
    await ready(page);
    await run(page, "docker run -d -p 2024:80 --name web nginx");
    await page.getByTestId("machine-switcher").selectOption("internet");
    await run(page, "curl -s http://10.88.0.4:2024/ -o /dev/null");
    // The new trace waits at its first key moment; the DNAT is chosen from the key moments' list.
    await expect(page.getByRole("button", { name: "Play" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Key moments" })).toHaveAttribute("aria-pressed", "true");
    await page
      .getByTestId("trace-events")
      .getByRole("button", { name: /DNAT in docker-host/ })
      .first()
      .click();
    const counter = await page.getByTestId("step-counter").textContent();
    await page.getByRole("combobox", { name: "Language" }).selectOption("ru");
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
    const header = await page.getByTestId("header-card").textContent();
    // The link holds the step as an index into the full timeline, and no view: key moments are the default.
    await expect.poll(async () => (await linkState(page))?.language).toBe("ru");
    const step = (await linkState(page))!.step!;
    expect(Object.keys(step).sort()).toEqual(["index", "trace"]);
    expect(step.trace).toBe(1);
    expect(step.index).toBeGreaterThan(Number(/\d+/.exec(counter!)![0]) - 1);
    const url = page.url();

    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await other.goto(url);
    await expect(notice(other, "opened-link-at-step")).toContainText(
      `воспроизведено команд: 2; пауза на шаге ${/\d+/.exec(counter!)![0]} трассировки «curl -s http://10.88.0.4:2024/ -o /dev/null»`,
    );
    await expect(other.getByTestId("step-counter")).toHaveText(
      counter!.replace(/^step (\d+) of (\d+)$/, "шаг $1 из $2"),
    );
    await expect(other.getByTestId("header-card")).toHaveText(header!);
    await expect(other.getByRole("button", { name: "Ключевые моменты" })).toHaveAttribute("aria-pressed", "true");
    await expect(other.getByRole("button", { name: "Пуск" })).toBeVisible();
    await expect(other.getByTestId("prompt")).toHaveText(/^root@internet:~#/);
    await expect(other.locator("html")).toHaveAttribute("lang", "ru");
    // The same step in the full timeline: every step counts it at its index.
    await other.getByRole("button", { name: "Все шаги" }).click();
    await expect(other.getByTestId("step-counter")).toHaveText(new RegExp(`^шаг ${step.index + 1} из \\d+$`));
    await expect(other.getByTestId("header-card")).toHaveText(header!);
    await fresh.close();

    // Every step, filtered to TCP: the link holds the view and its filter, and a fresh page
    // (which would show key moments) opens in them.
    await page.getByRole("combobox", { name: "Язык" }).selectOption("en");
    await page.getByRole("button", { name: "Every step" }).click();
    await page.getByRole("button", { name: "Filters" }).click();
    await page.getByTestId("filters").getByRole("group", { name: "Protocols" }).getByLabel("TCP").check();
    await page
      .getByTestId("trace-events")
      .getByRole("button", { name: /DNAT in docker-host/ })
      .first()
      .click();
    const counterAll = await page.getByTestId("step-counter").textContent();
    const headerAll = await page.getByTestId("header-card").textContent();
    await expect
      .poll(async () => (await linkState(page))?.step)
      .toEqual({ trace: 1, index: step.index, view: "all", filters: { protocols: ["TCP"] } });
    const filtered = await browser.newContext();
    const third = await filtered.newPage();
    await third.goto(page.url());
    await expect(notice(third, "opened-link-at-step")).toBeVisible();
    await expect(third.getByTestId("step-counter")).toHaveText(counterAll!);
    await expect(third.getByRole("button", { name: "Every step" })).toHaveAttribute("aria-pressed", "true");
    await expect(third.getByRole("button", { name: "Filters (1)" })).toBeVisible();
    await expect(third.getByTestId("header-card")).toHaveText(headerAll!);
    await filtered.close();
    expect(problems).toEqual([]);
  });

  test("hostile links open a clear message and a usable lab, and no text from them is markup", async ({ page }) => {
    // Eight page loads, one per link: on a busy two-core machine that outlasts the default 30 s.
    test.slow();
    const violations = await watchCsp(page);
    const marker = "window.__pwned = 1";
    const hostile = await encodeLink({
      entries: [
        { line: `echo <script>${marker}</script>`, machine: "host" },
        { line: "echo <img src=x onerror=window.__pwned=2>", machine: "host" },
        { line: "echo '<b>bold</b>' \u202e\u0000 é", machine: "host" },
        { line: "hostname x", machine: "gone-container" },
      ],
    });
    const future = "lab=3.AAAA";
    const cases: [string, string | null][] = [
      [`#${hostile}`, null],
      ["#lab=2.%3Cscript%3Ealert(1)%3C%2Fscript%3E", "The link was not opened: it is damaged (cut short or altered)."],
      ["#lab=2.____", "The link was not opened: it is damaged (cut short or altered)."],
      [`#${future}`, "The link was not opened: a newer version of the lab made it (format 3)."],
      ["#lab=0.abc", "The link was not opened: the lab does not know its format (0)."],
      [`#lab=2.${"A".repeat(70_000)}`, "The link was not opened: it holds more than the lab accepts."],
      [
        `#${await encodeLink({ entries: [{ line: "x".repeat(2_000_000), machine: "host" }] })}`,
        "The link was not opened: it holds more than the lab accepts.",
      ],
      ["#cmds=%E0%A4%A", "The link was not opened: it is damaged (cut short or altered)."],
    ];
    for (const [hash, message] of cases) {
      await page.goto("about:blank");
      await ready(page, `/${hash}`);
      if (message === null) {
        await expect(notice(page, "opened-link")).toBeVisible();
        await expect(output(page)).toContainText(`echo <script>${marker}</script>`);
        await expect(output(page)).toContainText("<img src=x onerror=window.__pwned=2>");
        await expect(page.locator("b", { hasText: "bold" })).toHaveCount(0);
        await expect(page.locator("img[src=x]")).toHaveCount(0);
      } else await expect(page.getByRole("alert")).toHaveText(new RegExp(`^${message.replace(/[().]/g, "\\$&")}`));
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      await run(page, "echo usable");
      await expect(output(page).locator(":scope > div").last()).toHaveText("usable");
    }
    expect(await violations()).toEqual([]);
    expect(toWire({ entries: [] })).toBe('{"c":[]}');
  });

  test("a link opened in a running tab asks first; keeping the session keeps it, opening it keeps the old one for undo", async ({
    page,
  }) => {
    await ready(page);
    await run(page, "hostname mine");
    const theirs = await encodeLink({ entries: [{ line: "hostname theirs", machine: "host" }] });
    await page.evaluate((h) => (window.location.hash = h), theirs);
    const dialog = page.getByRole("dialog", { name: "Open the linked session?" });
    await expect(dialog).toBeVisible();
    for (const theme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: theme });
      const axe = await new AxeBuilder({ page }).analyze();
      expect(
        axe.violations.map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`),
      ).toEqual([]);
    }
    await dialog.getByRole("button", { name: "Keep my session" }).click();
    await expect(dialog).toBeHidden();
    await expect.poll(() => page.url()).not.toContain(theirs);
    await run(page, "hostname");
    await expect(output(page).locator(":scope > div").last()).toHaveText("mine");

    await page.evaluate((h) => (window.location.hash = h), theirs);
    await dialog.getByRole("button", { name: "Open the link" }).click();
    await expect(notice(page, "opened-link")).toBeVisible();
    await run(page, "hostname");
    await expect(output(page).locator(":scope > div").last()).toHaveText("theirs");
    await run(page, "undo");
    await run(page, "undo");
    await run(page, "hostname");
    await expect(output(page).locator(":scope > div").last()).toHaveText("mine");
  });

  test("Copy link copies the state as it is now", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await ready(page);
    await run(page, "hostname one");
    const copy = page.getByRole("button", { name: "Copy link" });
    await copy.click();
    await expect(page.getByRole("button", { name: "Link copied" })).toBeVisible();
    await run(page, "hostname two");
    await expect(copy).toBeVisible();
    await copy.click();
    // The copy is written asynchronously: read the clipboard once the button says it is done.
    await expect(page.getByRole("button", { name: "Link copied" })).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const other = await context.browser()!.newContext();
    const p2 = await other.newPage();
    await ready(p2, copied.replace(/^https?:\/\/[^/]+/, ""));
    await run(p2, "hostname");
    await expect(output(p2).locator(":scope > div").last()).toHaveText("two");
    await other.close();
  });
});

test.describe("scenario files", () => {
  test("export then import, by the file picker and by drag and drop", async ({ page, browser }) => {
    await ready(page);
    await run(page, "docker run -d -p 2024:80 --name web nginx");
    await run(page, "docker exec -it web bash");
    await run(page, "curl -s baidu.com -o /dev/null");
    await run(page, "exit");
    await run(page, "echo café > /etc/motd");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export scenario" }).click();
    const file = await download;
    const text = await readFile(await file.path(), "utf8");
    expect(text.split("\n").filter((l) => l !== "" && !l.startsWith("#"))).toEqual([
      "docker run -d -p 2024:80 --name web nginx",
      "web$ curl -s baidu.com -o /dev/null",
      "echo café > /etc/motd",
    ]);

    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await ready(other);
    const chooser = other.waitForEvent("filechooser");
    await other.getByRole("button", { name: "Import scenario" }).click();
    await (await chooser).setFiles({ name: "lab.sh", mimeType: "text/plain", buffer: Buffer.from(text) });
    await expect(notice(other, "imported")).toContainText("Imported lab.sh: commands replayed on a fresh lab: 3.");
    await expect(other.getByTestId("node-container")).toHaveCount(1);
    await run(other, "cat /etc/motd");
    await expect(output(other).locator(":scope > div").last()).toHaveText("café");

    // Dropped anywhere on the page; a file that is not UTF-8 is refused with a reason.
    await other.locator("main").evaluate(
      (el, content) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(content)], "bad.sh"));
        el.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
      },
      [0x66, 0xff, 0xfe],
    );
    await expect(other.getByRole("alert")).toHaveText(/^bad\.sh was not imported: it is not UTF-8 text\./);
    await other.locator("main").evaluate((el, content) => {
      const data = new DataTransfer();
      data.items.add(new File([content], "dropped.sh"));
      el.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    }, "docker run -d --name second nginx\n@server-log\n");
    await expect(notice(other, "imported").last()).toContainText("Imported dropped.sh");
    await expect(notice(other, "file-lines-not-run")).toContainText("2: @server-log");
    await expect(other.getByTestId("node-container")).toHaveCount(1);
    await fresh.close();
  });
});

test.describe("the Content-Security-Policy", () => {
  test("the production build runs whole under it: worker, graph, animation, dialog; inline script is refused", async ({
    page,
  }) => {
    const violations = await watchCsp(page);
    const response = await page.goto("/");
    expect(response!.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    expect(meta).toContain("script-src 'self'");
    expect(meta).toContain("style-src 'self'");
    expect(meta).not.toContain("unsafe");
    await expect(page.getByTestId("node-host")).toBeVisible();
    await run(page, "docker run -d -p 2024:80 --name web nginx");
    await page.getByTestId("machine-switcher").selectOption("internet");
    await run(page, "curl -s http://10.88.0.4:2024/ -o /dev/null");
    // Let the packet glide for a while: motion and React Flow set their styles as it moves.
    await expect(page.getByTestId("packet-dot")).toBeVisible();
    await page.waitForTimeout(1500);
    await page.getByRole("button", { name: "Dark theme" }).click();
    const theirs = await encodeLink({ entries: [{ line: "hostname theirs", machine: "host" }] });
    await page.evaluate((h) => (window.location.hash = h), theirs);
    await expect(page.getByRole("button", { name: "Keep my session" })).toBeVisible();
    await page.getByRole("button", { name: "Keep my session" }).click();
    expect(await violations()).toEqual([]);

    const injected = await page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.__inline = 1";
      document.head.append(s);
      return (window as unknown as { __inline?: number }).__inline;
    });
    expect(injected).toBeUndefined();
    // Chromium reports the refused element more than once; it is the only thing refused.
    await expect.poll(async () => [...new Set(await violations())]).toEqual(["script-src-elem inline"]);
  });
});
