/** `base64`: encode or decode data and print it (GNU coreutils 9.1, or busybox's). */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, flag, FREE, valued } from "../../spec.ts";
import { b64Decode, b64Encode, utf8Decode, utf8Encode } from "../../lib/bytes.ts";
import { openEach } from "../../lib/files.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { usageError } from "../../lib/text.ts";

/** GNU base64 -d: stops at the first byte that is not base64 (newlines aside), or at a group cut short. */
function gnuDecode(text: string): { out: string; bad: boolean } {
  const s = text.replace(/\n/g, "");
  const m = /^[A-Za-z0-9+/]*={0,2}/.exec(s)![0];
  const d = b64Decode(m);
  const bad = m.length < s.length || m.length % 4 !== 0;
  return { out: utf8Decode(d.bytes), bad };
}

const base64: Command = (argv, ctx): CommandResult => {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "base64");
  let decode = false;
  let wrap = 76;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-d" || a === "--decode") decode = true;
    else if (a === "-i" || a === "--ignore-garbage") continue;
    else if (a === "-w" || a.startsWith("--wrap=") || /^-w\d+$/.test(a)) {
      const v = a === "-w" ? argv[++i] : a.replace(/^(-w|--wrap=)/, "");
      if (v === undefined || !/^\d+$/.test(v)) return usageError(ctx, "base64", `invalid wrap size: '${v ?? ""}'`);
      wrap = Number(v);
    } else if (a === "--version" && !bb)
      return { world: ctx.world, stdout: "base64 (GNU coreutils) 9.1\n", stderr: "", exitCode: 0 };
    else if (a.startsWith("-") && a !== "-") return usageError(ctx, "base64", `invalid option -- '${a.slice(1, 2)}'`);
    else files.push(a);
  }
  if (files.length > 1 && !bb) return usageError(ctx, "base64", `extra operand '${files[1]}'`);
  const [f] = openEach(ctx, files);
  if (f!.text === undefined)
    return { world: ctx.world, stdout: "", stderr: `base64: ${f!.name}: ${f!.why}\n`, exitCode: 1 };
  if (decode) {
    if (bb)
      return {
        world: ctx.world,
        stdout: utf8Decode(b64Decode(f!.text.replace(/[^A-Za-z0-9+/]/g, "")).bytes),
        stderr: "",
        exitCode: 0,
      };
    const d = gnuDecode(f!.text);
    return { world: ctx.world, stdout: d.out, stderr: d.bad ? "base64: invalid input\n" : "", exitCode: d.bad ? 1 : 0 };
  }
  const enc = b64Encode(utf8Encode(f!.text));
  if (enc === "") return { world: ctx.world, stdout: "", stderr: "", exitCode: 0 };
  const lines = wrap === 0 ? [enc] : (enc.match(new RegExp(`.{1,${wrap}}`, "g")) ?? []);
  return { world: ctx.world, stdout: lines.join("\n") + "\n", stderr: "", exitCode: 0 };
};

export const COMMAND: CommandModule = {
  spec: {
    name: "base64",
    summary: "base64 encode/decode data and print to standard output",
    options: [flag(["-d", "--decode"]), valued(["-w", "--wrap"]), flag(["-i", "--ignore-garbage"])],
    args: [FREE],
  },
  run: base64,
};
