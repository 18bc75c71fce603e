/** `xxd`: make a hex dump or do the reverse (vim's xxd 2022-01-14, or busybox's): plain (-p), -r -p, -l LEN, -c COLS. */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, flag, FREE, valued } from "../../spec.ts";
import { utf8Decode, utf8Encode } from "../../lib/bytes.ts";
import { openEach } from "../../lib/files.ts";

const hex2 = (b: number) => b.toString(16).padStart(2, "0");

const xxd: Command = (argv, ctx): CommandResult => {
  let plain = false;
  let revert = false;
  let limit = Infinity;
  let cols = 16;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-p" || a === "-ps" || a === "-plain") plain = true;
    else if (a === "-r" || a === "-revert") revert = true;
    else if (a === "-rp" || a === "-pr") plain = revert = true;
    else if (a === "-l" || a === "-len") limit = Number(argv[++i] ?? 0);
    else if (a === "-c" || a === "-cols") cols = Math.max(1, Math.min(256, Number(argv[++i] ?? 16)));
    else files.push(a);
  }
  const [f] = openEach(ctx, files.slice(0, 1));
  if (f!.text === undefined)
    return { world: ctx.world, stdout: "", stderr: `xxd: ${f!.name}: ${f!.why}\n`, exitCode: 2 };
  if (revert) {
    const hex = (f!.text.match(/[0-9a-fA-F]{2}/g) ?? []).map((h) => parseInt(h, 16));
    return { world: ctx.world, stdout: utf8Decode(hex), stderr: "", exitCode: 0 };
  }
  const bytes = utf8Encode(f!.text).slice(0, limit);
  let out = "";
  if (plain) {
    for (let o = 0; o < bytes.length; o += 30)
      out +=
        bytes
          .slice(o, o + 30)
          .map(hex2)
          .join("") + "\n";
    return { world: ctx.world, stdout: out, stderr: "", exitCode: 0 };
  }
  const width = Math.ceil(cols / 2) * 4 + Math.ceil(cols / 2) - 1;
  for (let o = 0; o < bytes.length; o += cols) {
    const chunk = bytes.slice(o, o + cols);
    const groups: string[] = [];
    for (let i = 0; i < chunk.length; i += 2)
      groups.push(
        chunk
          .slice(i, i + 2)
          .map(hex2)
          .join(""),
      );
    const ascii = chunk.map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : ".")).join("");
    out += `${o.toString(16).padStart(8, "0")}: ${groups.join(" ").padEnd(width, " ")}  ${ascii}\n`;
  }
  return { world: ctx.world, stdout: out, stderr: "", exitCode: 0 };
};

export const COMMAND: CommandModule = {
  spec: {
    name: "xxd",
    summary: "make a hex dump or do the reverse",
    options: [flag("-p"), flag("-r"), valued("-l"), valued("-c")],
    args: [FREE],
  },
  run: xxd,
};
