/**
 * The translators of Debian 12's iptables package: `iptables-translate` (one
 * command line) and `iptables-restore-translate` (an iptables-save file).
 */
import { runIptablesTranslate } from "../../../netfilter/iptables-translate.ts";
import { runRestoreTranslate } from "../../../netfilter/restore-translate.ts";
import { readFile } from "../../../kernel/files.ts";
import type { Command, CommandResult } from "../../command.ts";

export const iptablesTranslate: Command = (argv, ctx) => {
  const r = runIptablesTranslate(argv.slice(1), argv[0] === "ip6tables-translate" ? "ip6tables-translate" : undefined);
  const result: CommandResult = { world: ctx.world, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  if (!r.stderrFirst) return result;
  return {
    ...result,
    output: [
      { stream: "stderr", text: r.stderr },
      { stream: "stdout", text: r.stdout },
    ],
  };
};

export const iptablesRestoreTranslate: Command = (argv, ctx) => {
  const r = runRestoreTranslate(
    argv.slice(1),
    (path: string) =>
      path === "/dev/null"
        ? ""
        : readFile(ctx.world, ctx.session.machine, path.startsWith("/") ? path : `/root/${path}`),
    ctx.world.clock,
  );
  return { world: ctx.world, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
};
