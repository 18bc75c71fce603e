/** `hexdump`: display file contents in hexadecimal (util-linux's, from bsdextrautils; or busybox's): the default two-byte words, and -C. */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, flag, FREE } from "../../spec.ts";
import { utf8Encode } from "../../lib/bytes.ts";
import { openEach } from "../../lib/files.ts";

const hexdump: Command = (argv, ctx): CommandResult => {
  const canonical = argv.includes("-C");
  const files = argv.slice(1).filter((a) => !a.startsWith("-"));
  let stderr = "";
  let text = "";
  let read = 0;
  for (const f of openEach(ctx, files)) {
    if (f.text === undefined) stderr += `hexdump: ${f.name}: ${f.why}\n`;
    else {
      text += f.text;
      read++;
    }
  }
  if (read === 0)
    return { world: ctx.world, stdout: "", stderr: `${stderr}hexdump: all input file arguments failed\n`, exitCode: 1 };
  const bytes = utf8Encode(text);
  const h2 = (b: number) => b.toString(16).padStart(2, "0");
  let out = "";
  let prev: string | undefined;
  let starred = false;
  for (let o = 0; o < bytes.length; o += 16) {
    const c = bytes.slice(o, o + 16);
    let body: string;
    if (canonical) {
      const cell = (i: number) => (i < c.length ? `${h2(c[i]!)} ` : "   ");
      let hex = "";
      for (let i = 0; i < 16; i++) hex += cell(i) + (i === 7 ? " " : "");
      body = `${hex} |${c.map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : ".")).join("")}|`;
    } else {
      const words: string[] = [];
      for (let i = 0; i < c.length; i += 2) words.push(((c[i + 1] ?? 0) * 256 + c[i]!).toString(16).padStart(4, "0"));
      body = words.join(" ").padEnd(39, " ");
    }
    if (c.length === 16 && body === prev) {
      if (!starred) out += "*\n";
      starred = true;
      continue;
    }
    starred = false;
    prev = body;
    out += canonical ? `${o.toString(16).padStart(8, "0")}  ${body}\n` : `${o.toString(16).padStart(7, "0")} ${body}\n`;
  }
  if (bytes.length > 0)
    out += canonical
      ? `${bytes.length.toString(16).padStart(8, "0")}\n`
      : `${bytes.length.toString(16).padStart(7, "0")}\n`;
  return { world: ctx.world, stdout: out, stderr, exitCode: stderr ? 1 : 0 };
};

export const COMMAND: CommandModule = {
  spec: {
    name: "hexdump",
    summary: "display file contents in hexadecimal, decimal, octal, or ascii",
    options: [flag("-C")],
    args: [FREE],
  },
  run: hexdump,
};
