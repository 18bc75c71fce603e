/**
 * `iptables-translate` (iptables 1.8.9): an iptables command line turned into the
 * nft command that would do the same, by pure text translation (the kernel's tables
 * are not read). The rule is parsed exactly as iptables parses it, so the errors are
 * iptables' own, with the program's name.
 */
import { parseArgs, RULE_COMMANDS } from "./iptables-args.ts";
import { translateRuleBody } from "./nft-expr.ts";
import { IPTABLES_VERSION } from "./rule-values.ts";

export interface TranslateResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  /** Written to stderr before stdout reaches the terminal (iptables-translate's stdout is buffered). */
  readonly stderrFirst?: boolean;
}

const PROG = "iptables-translate";

function notImplemented(): TranslateResult {
  // "nft " is already on stdout when the translator gives up on the command.
  return { stdout: "nft ", stderr: "Translation not implemented\n", exitCode: 1, stderrFirst: true };
}

export function runIptablesTranslate(argv: readonly string[], prog = PROG): TranslateResult {
  const p = parseArgs(argv, { prog });
  if ("ok" in p) return { stdout: "", stderr: p.stderr, exitCode: p.exitCode };
  if (p.cmd === "V") return { stdout: `${prog} ${IPTABLES_VERSION}\n`, stderr: "", exitCode: 0 };
  if (!p.cmd) {
    return {
      stdout: "",
      stderr: `${prog} ${IPTABLES_VERSION}: no command specified\nTry \`${prog} -h' or '${prog} --help' for more information.\n`,
      exitCode: 2,
    };
  }
  const family = prog.startsWith("ip6") ? "ip6" : "ip";
  const at = `${family} ${p.table}`;
  const ok = (line: string): TranslateResult => ({ stdout: `nft ${line}\n`, stderr: "", exitCode: 0 });
  switch (p.cmd) {
    case "N":
      return ok(`add chain ${at} ${p.chain}`);
    case "X":
      return p.chain === undefined ? notImplemented() : ok(`delete chain ${at} ${p.chain}`);
    case "F":
      return ok(p.chain === undefined ? `flush table ${at}` : `flush chain ${at} ${p.chain}`);
    case "L":
      return ok(`list table ${at}`);
  }
  if (!RULE_COMMANDS.has(p.cmd) || (p.cmd !== "A" && p.cmd !== "I")) return notImplemented();
  const r = p.parser.finish({ ...(p.chain !== undefined ? { chain: p.chain } : {}), table: p.table });
  if (!r.ok) return { stdout: "", stderr: r.stderr, exitCode: r.exitCode };
  const verb = p.cmd === "A" ? "add" : "insert";
  const lines = r.rules.map((rule) => {
    const body = translateRuleBody(rule);
    // An extension with no translation: the command line itself, as a comment.
    return body === undefined
      ? `nft # ${argv.map((a) => a + " ").join("")}\n`
      : `nft '${verb} rule ${at} ${p.chain} ${body}'\n`;
  });
  return { stdout: lines.join(""), stderr: "", exitCode: 0 };
}
