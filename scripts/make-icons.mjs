#!/usr/bin/env node
/**
 * Draws the install icons (public/icons/*.png) from public/favicon.svg, in the sizes
 * browsers ask a web app manifest for. The PNGs are committed: drawing them at build
 * time would need a rasterizer (sharp, resvg) in every install for files that change
 * only when the logo does. Run it again after editing favicon.svg:
 *   node scripts/make-icons.mjs
 * It uses the Chromium the e2e tests already use (CHROMIUM_PATH, else /usr/bin/chromium).
 */
import { chromium } from "@playwright/test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

const svg = readFileSync("public/favicon.svg", "utf8");
// The logo's own background: a maskable icon's full-bleed square takes it.
const background = /<rect[^>]*fill="(#[0-9a-f]{3,6})"/i.exec(svg)?.[1] ?? "#0b3b5c";

/**
 * `inset` is the share of the square the logo leaves free on each side: maskable icons
 * keep the logo inside the central 80% circle that every mask shape preserves; Apple's
 * icon is a full square that iOS rounds itself.
 */
const icons = [
  { file: "icon-192.png", size: 192, inset: 0, bleed: false },
  { file: "icon-512.png", size: 512, inset: 0, bleed: false },
  { file: "maskable-512.png", size: 512, inset: 0.12, bleed: true },
  { file: "apple-touch-icon-180.png", size: 180, inset: 0.06, bleed: true },
];

mkdirSync("public/icons", { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const { file, size, inset, bleed } of icons) {
    await page.setViewportSize({ width: size, height: size });
    const pad = Math.round(size * inset);
    const logo = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
    await page.setContent(
      `<html><body style="margin:0;width:${size}px;height:${size}px;background:${bleed ? background : "transparent"}">` +
        `<img src="${logo}" style="display:block;box-sizing:border-box;width:${size}px;height:${size}px;padding:${pad}px"></body></html>`,
    );
    await page.locator("img").evaluate((img) => img.decode());
    const png = await page.screenshot({ omitBackground: !bleed, type: "png" });
    writeFileSync(`public/icons/${file}`, png);
    console.log(`public/icons/${file}: ${size}×${size}, ${png.length} bytes`);
  }
} finally {
  await browser.close();
}
