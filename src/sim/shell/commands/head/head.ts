/** `head` and `tail` share one reader: lines or bytes from the start or the end. */
import type { Command } from "../../command.ts";
import { readInputs } from "../../lib/inputs.ts";
import { usageError } from "../../lib/text.ts";

/** head and tail share their option parsing: -n N, -N, -n +N (tail), -c N. */
export function headTail(tool: "head" | "tail"): Command {
  return (argv, ctx) => {
    let count = 10;
    let fromStart = false;
    let bytes = false;
    const files: string[] = [];
    const args = argv.slice(1);
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      let spec: string | undefined;
      if (a === "-n" || a === "-c") {
        bytes = a === "-c";
        spec = args[++i];
        if (spec === undefined) return usageError(ctx, tool, `option requires an argument -- '${a[1]}'`);
      } else if (/^-[nc]./.test(a)) {
        bytes = a[1] === "c";
        spec = a.slice(2);
      } else if (/^-\d+$/.test(a)) spec = a.slice(1);
      else if (a.startsWith("-") && a !== "-") {
        if (a === "-q" || a === "-v" || a === "-f") continue;
        return usageError(ctx, tool, `invalid option -- '${a[1]}'`);
      } else {
        files.push(a);
        continue;
      }
      const m = /^([+-]?)(\d+)$/.exec(spec);
      if (!m)
        return {
          world: ctx.world,
          stdout: "",
          stderr: `${tool}: invalid number of ${bytes ? "bytes" : "lines"}: \u2018${spec}\u2019\n`,
          exitCode: 1,
        };
      count = Number(m[2]);
      fromStart = tool === "tail" && m[1] === "+";
    }
    const r = readInputs(tool, files, ctx);
    const stderr =
      tool === "head"
        ? r.stderr.replace(/^head: (.*): No such/m, "head: cannot open '$1' for reading: No such")
        : r.stderr.replace(/^tail: (.*): No such/m, "tail: cannot open '$1' for reading: No such");
    let stdout = "";
    r.inputs.forEach((input, idx) => {
      if (r.inputs.length > 1)
        stdout += `${idx > 0 ? "\n" : ""}==> ${input.name === "-" ? "standard input" : input.name} <==\n`;
      if (bytes) {
        stdout +=
          tool === "head"
            ? input.text.slice(0, count)
            : fromStart
              ? input.text.slice(Math.max(0, count - 1))
              : count === 0
                ? ""
                : input.text.slice(-count);
        return;
      }
      const parts = input.text.split("\n");
      const trailing = parts[parts.length - 1] === "";
      if (trailing) parts.pop();
      let chosen: string[];
      if (tool === "head") chosen = parts.slice(0, count);
      else if (fromStart) chosen = parts.slice(Math.max(0, count - 1));
      else chosen = count === 0 ? [] : parts.slice(-count);
      const lastIncluded = chosen.length > 0 && (tool === "tail" || chosen.length === parts.length);
      stdout += chosen.join("\n") + (chosen.length > 0 && (trailing || !lastIncluded) ? "\n" : "");
    });
    // GNU head reading a regular file on its stdin seeks back to just past what it printed,
    // so the next reader of that descriptor (`head -1 <&3` again) goes on from there.
    const seeks = tool === "head" && ctx.stdinFile !== undefined && r.inputs.length === 1 && r.inputs[0]!.name === "-";
    return {
      world: ctx.world,
      stdout,
      stderr,
      exitCode: r.failed ? 1 : 0,
      ...(seeks ? { consumed: stdout.length } : {}),
    };
  };
}

export const head = headTail("head");
