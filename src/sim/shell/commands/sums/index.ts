/** `md5sum`, `sha1sum`, `sha256sum`, `sha512sum`: print or check message digests (GNU coreutils 9.1, or busybox's). */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, flag, FREE } from "../../spec.ts";
import { utf8Encode } from "../../lib/bytes.ts";
import { md5, sha1, sha256, sha512 } from "../../lib/digest.ts";
import { readInputs } from "../../lib/inputs.ts";
import { openEach } from "../../lib/files.ts";
import { isBusybox, machineOf } from "../../machine.ts";

const ALGOS: Record<string, (b: readonly number[]) => string> = {
  md5sum: md5,
  sha1sum: sha1,
  sha256sum: sha256,
  sha512sum: sha512,
};

function sum(tool: string): Command {
  const digest = ALGOS[tool]!;
  return (argv, ctx): CommandResult => {
    const bb = isBusybox(machineOf(ctx.world, ctx.session), tool);
    const check = argv.includes("-c") || argv.includes("--check");
    const files = argv.slice(1).filter((a) => !a.startsWith("-") || a === "-");
    if (!check) {
      const r = readInputs(tool, files, ctx);
      const stdout = r.inputs.map((i) => `${digest(utf8Encode(i.text))}  ${i.name}\n`).join("");
      return { world: ctx.world, stdout, stderr: r.stderr, exitCode: r.failed ? 1 : 0 };
    }
    // -c: each line `DIGEST  NAME` of the listed files, checked against the file it names
    let stdout = "";
    let stderr = "";
    let failed = 0;
    let status = 0;
    for (const list of openEach(ctx, files)) {
      if (list.text === undefined) {
        stderr += `${tool}: ${list.name}: ${list.why}\n`;
        status = 1;
        continue;
      }
      const lines = list.text.split("\n").filter((l) => l !== "");
      if (lines.length === 0) {
        stderr += `${tool}: ${list.name}: no properly formatted checksum lines found\n`;
        status = 1;
      }
      for (const l of lines) {
        const m = /^([0-9a-f]+) [ *](.*)$/.exec(l);
        if (!m) continue;
        const [target] = openEach(ctx, [m[2]!]);
        if (target!.text === undefined) {
          stderr += bb ? `${tool}: can't open '${m[2]}': ${target!.why}\n` : `${tool}: ${m[2]}: ${target!.why}\n`;
          stdout += `${m[2]}: FAILED open or read\n`;
          failed++;
          continue;
        }
        const ok = digest(utf8Encode(target!.text)) === m[1];
        stdout += `${m[2]}: ${ok ? "OK" : "FAILED"}\n`;
        if (!ok) failed++;
      }
    }
    if (failed > 0) {
      status = 1;
      if (!bb) stderr += `${tool}: WARNING: ${failed} computed checksum${failed > 1 ? "s" : ""} did NOT match\n`;
    }
    return { world: ctx.world, stdout, stderr, exitCode: status };
  };
}

export const SUM_COMMANDS: readonly CommandModule[] = Object.keys(ALGOS).map((tool) => ({
  spec: {
    name: tool,
    summary: `compute and check ${tool.replace("sum", "").toUpperCase()} message digest`,
    options: [flag(["-c", "--check"])],
    args: [FREE],
  },
  run: sum(tool),
}));
