import { expect, test, type Page } from "@playwright/test";
import { watchConsole } from "./helpers.ts";

/** Runs a line (the prompt's label is in the page's language, so it is found by its id). */
async function run(page: Page, line: string) {
  const input = page.locator("#terminal-input");
  const rows = page.getByTestId("terminal-output").locator(":scope > div");
  const before = await rows.count();
  await input.fill(line);
  await input.press("Enter");
  await expect(rows).not.toHaveCount(before);
  await expect(page.getByTestId("machine-switcher")).toBeEnabled();
}

/** What each language calls the things this test looks at. */
const WORDS = {
  ru: {
    lang: "ru",
    picker: "Язык",
    lessons: "Уроки",
    list: "Уроки",
    start: /^Начать: Урок 7,/,
    panel: "Урок 7 из 12",
    title: "Публикация порта",
    controls: "Управление анимацией",
    buttons: ["В начало", "Назад", "Пуск", "Вперёд", "В конец"],
    counter: /^шаг 1 из \d+$/,
    presenter: "Режим презентации",
    bigStep: /Шаг 1 из \d+/,
    trace: "Трассировка пакетов",
  },
  zh: {
    lang: "zh-CN",
    picker: "语言",
    lessons: "课程",
    list: "课程",
    start: /^开始: 第 7 课,/,
    panel: "第 7 课，共 12 课",
    title: "发布端口",
    controls: "动画控制",
    buttons: ["第一步", "上一步", "播放", "下一步", "最后一步"],
    counter: /^第 1 步，共 \d+ 步$/,
    presenter: "演示模式",
    bigStep: /第 1 步，共 \d+ 步/,
    trace: "数据包追踪",
  },
} as const;

/** The page's own boxes overlap nowhere and nothing is cut at the right edge. */
async function noClipping(page: Page) {
  const width = page.viewportSize()!.width;
  const overflow = await page.evaluate(
    (w) =>
      [
        ...document.querySelectorAll<HTMLElement>(
          "header *, [data-testid=presenter-bar] *, main section h2, main button",
        ),
      ]
        .filter((el) => el.getBoundingClientRect().width > 0)
        // A row that scrolls sideways on purpose (the suggestion chips), or gives way with an ellipsis (the tagline).
        .filter((el) => {
          for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
            if (/auto|scroll/.test(getComputedStyle(a).overflowX) || getComputedStyle(a).textOverflow === "ellipsis")
              return false;
          return true;
        })
        .filter((el) => el.getBoundingClientRect().right > w + 1)
        .map((el) => el.textContent?.trim().slice(0, 30)),
    width,
  );
  expect(overflow).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

for (const code of ["ru", "zh"] as const) {
  const w = WORDS[code];
  test(`the picker switches to ${code}: <html lang>, a lesson, the trace's controls and presenter mode speak it`, async ({
    page,
  }, testInfo) => {
    const problems = watchConsole(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto("/");
    await page.getByRole("combobox", { name: "Language" }).selectOption(code);
    await expect(page.locator("html")).toHaveAttribute("lang", w.lang);
    await expect(page.getByRole("combobox", { name: w.picker })).toHaveValue(code);

    await page.getByTestId("lessons-button").click();
    const list = page.getByRole("dialog", { name: w.list });
    await list.getByRole("button", { name: w.start }).click();
    await expect(list).toBeHidden();
    await expect(page.locator("#lesson-name")).toHaveText(w.title);
    await expect(page.locator("#lesson-panel")).toContainText(w.panel);

    await run(page, "docker run -d -p 2024:80 --name web nginx");
    await run(page, "curl -s -o /dev/null http://10.88.0.4:2024/");
    // What the tools print is never translated.
    await expect(page.getByTestId("terminal-output")).toContainText("root@docker-host:~# docker run -d -p 2024:80");
    const controls = page.getByRole("group", { name: w.controls });
    for (const b of w.buttons) await expect(controls.getByRole("button", { name: b, exact: true })).toBeVisible();
    await expect(page.getByTestId("step-counter")).toHaveText(w.counter);
    await expect(page.locator("#trace-title")).toHaveText(w.trace);
    await noClipping(page);
    await page.screenshot({ path: testInfo.outputPath(`${code}-1280.png`) });
    if (code === "ru" && process.env.UPDATE_DOCS) await page.screenshot({ path: "docs/interface-ru.png" });

    await page.getByRole("button", { name: w.presenter }).click();
    await expect(page.getByTestId("presenter-step")).toContainText(w.bigStep);
    await noClipping(page);
    await page.screenshot({ path: testInfo.outputPath(`${code}-presenter.png`) });

    // On a phone: nothing sticks out sideways.
    await page.getByRole("button", { name: w.presenter }).click();
    await page.setViewportSize({ width: 390, height: 844 });
    await noClipping(page);
    await page.screenshot({ path: testInfo.outputPath(`${code}-phone.png`), fullPage: true });
    expect(problems).toEqual([]);
  });
}
