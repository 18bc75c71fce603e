/** Docker 26.1.5's texts, as the oracle's Debian build (26.1.5+dfsg1) prints them. */
import type { ArgsRule } from "./profile.ts";
import { engineTexts } from "./texts.ts";

export const TEXTS_26 = engineTexts({
  version: "26.1.5+dfsg1",
  api: "1.45",
  go: "go1.24.4",
  cliCommit: "a72d7cd",
  engineCommit: "411e817",
  built: "Thu Aug 13 05:35:48 2026",
  builtIso: "2026-08-13T05:35:48.000000000+00:00",
  containerd: { version: "1.7.24~ds1", commit: "1.7.24~ds1-6+deb13u1" },
  logPlugins: "awslogs fluentd gcplogs gelf journald json-file local splunk syslog",
  insecureRegistries: ["127.0.0.0/8"],
  bridgeNfIptables: true,
  id: "8572e045-f609-4248-8a5a-7bbe2d9d5ae1",
});

function plural(word: string, n: number): string {
  return n === 1 ? word : `${word}s`;
}

/** How CLI 26's validators word an argument count. */
export function wanted(rule: Exclude<ArgsRule, { kind: "none" }>): string {
  switch (rule.kind) {
    case "min":
      return `at least ${rule.n} ${plural("argument", rule.n)}`;
    case "max":
      return `at most ${rule.n} ${plural("argument", rule.n)}`;
    case "exact":
      return `exactly ${rule.n} ${plural("argument", rule.n)}`;
    case "range":
      return `at least ${rule.min} and at most ${rule.max} ${plural("argument", rule.max)}`;
  }
}
