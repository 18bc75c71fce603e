import { chromium } from "@playwright/test";
const lines = process.argv.slice(3);
const out = process.argv[2];
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const p = await b.newPage({ viewport: { width: 1280, height: 720 } });
await p.goto("http://127.0.0.1:5199/");
await p.waitForSelector('[data-testid="prompt"]');
for (const l of lines) {
  const input = p.getByRole("textbox", { name: /command/ });
  await input.fill(l);
  await input.press("Enter");
  await p.waitForTimeout(700);
}
await p.waitForTimeout(1000);
await p.screenshot({ path: out });
await b.close();
