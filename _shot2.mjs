import { chromium } from "@playwright/test";
const [out, theme, lang, ...lines] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const p = await b.newPage({ viewport: { width: 1280, height: 720 } });
await p.goto("http://127.0.0.1:5199/");
await p.waitForSelector('[data-testid="prompt"]');
if (theme === "dark") await p.getByRole("button", { name: "Dark theme" }).click();
if (lang !== "en") await p.getByRole("combobox").filter({ hasText: "English" }).selectOption(lang);
for (const l of lines) {
  const input = p.getByRole("textbox").last();
  await input.fill(l);
  await input.press("Enter");
  await p.waitForTimeout(800);
}
await p.waitForTimeout(800);
const btns = p.locator("button").filter({ hasText: /^(Next drop|Следующий сброс|下一个丢弃)$/ });
if (await btns.count()) await btns.first().click().catch(() => {});
await p.waitForTimeout(1200);
await p.screenshot({ path: out });
await b.close();
