/**
 * Writes each lesson's oracle scenario (its setup, then its reference solution) to
 * tests/fixtures/oracle/scenarios/<id>.sh, for recording on the oracle:
 *
 *   npx tsx scripts/lesson-scenarios.ts [ID...]
 *   /work/shared/oracle/docker-oracle run -o /tmp/golden tests/fixtures/oracle/scenarios/<id>.sh
 *
 * then copy the transcript into tests/fixtures/oracle/golden/ (never edit one by hand).
 */
import { writeFileSync } from "node:fs";
import { LESSONS } from "../src/lessons/catalogue.ts";
import { lessonScenario } from "../src/lessons/scenario.ts";
import { LESSON_TEXTS } from "../src/lessons/texts.ts";

const wanted = process.argv.slice(2);
LESSONS.forEach((lesson, i) => {
  if (wanted.length > 0 && !wanted.includes(lesson.id)) return;
  const path = `tests/fixtures/oracle/scenarios/${lesson.id}.sh`;
  writeFileSync(path, lessonScenario(lesson, `Lesson ${i + 1}: ${LESSON_TEXTS.en[lesson.id].title}`));
  console.log(path);
});
