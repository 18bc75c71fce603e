/**
 * `file` (file 5.44, Debian 12's): what a path holds, from the lab's file tree: a
 * directory, a symbolic link, a character device, empty, JSON, a shell script, ASCII or
 * UTF-8 text, and the machine's programs as the ELF executables they are (the lab's
 * disk holds their names, not their bytes).
 */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, flag, FREE } from "../../spec.ts";
import { absolutePath, lookup, viewOf } from "../../lib/vfs.ts";
import { machineOf } from "../../machine.ts";
import { programPath } from "../type/type.ts";
import { parseOne } from "../jq/json.ts";

const USAGE = `Usage: file [-bcCdEhikLlNnprsSvzZ0] [--apple] [--extension] [--mime-encoding]
            [--mime-type] [-e <testname>] [-F <separator>]  [-f <namefile>]
            [-m <magicfiles>] [-P <parameter=value>] [--exclude-quiet]
            <file> ...
       file -C [-m <magicfiles>]
       file [--help]
`;
const ELF =
  "ELF 64-bit LSB pie executable, x86-64, version 1 (SYSV), dynamically linked, interpreter /lib64/ld-linux-x86-64.so.2";
/** The build ids of the programs the oracle's host was asked about (each binary has its own). */
const BUILD_IDS: Readonly<Record<string, string>> = {
  "/usr/bin/docker": "33d27c8f403525e7762195f738ce245c4315cf38",
  "/usr/bin/ls": "15dfff3239aa7c3b16a71e6b2e3b6e4009dab998",
};

function textKind(text: string): string {
  if (text === "") return "empty";
  const first = text.split("\n")[0]!;
  const ascii = [...text].every((c) => c === "\t" || c === "\n" || c === "\r" || (c >= " " && c <= "~"));
  const enc = ascii ? "ASCII text" : "Unicode text, UTF-8 text";
  if (/^#!\s*\/(usr\/)?bin\/(env )?bash/.test(first)) return `Bourne-Again shell script, ${enc} executable`;
  if (/^#!\s*\/(usr\/)?bin\/(env )?sh/.test(first)) return `POSIX shell script, ${enc} executable`;
  if (/^\s*[[{]/.test(text) && "v" in parseOne(text)) return "JSON text data";
  const long = text.split("\n").some((l) => l.length > 300) ? ", with very long lines" : "";
  return enc + long;
}

const file: Command = (argv, ctx): CommandResult => {
  const brief = argv.includes("-b") || argv.includes("--brief");
  const names = argv.slice(1).filter((a) => !a.startsWith("-"));
  if (names.length === 0) return { world: ctx.world, stdout: "", stderr: USAGE, exitCode: 1 };
  const view = viewOf(ctx.world, ctx.session);
  const m = machineOf(ctx.world, ctx.session);
  const width = Math.max(...names.map((n) => n.length)) + 1;
  let stdout = "";
  for (const n of names) {
    const abs = absolutePath(view, n);
    const prog = /^\/(usr\/)?s?bin\/[^/]+$/.test(abs) ? programPath(m, abs.split("/").pop()!) : undefined;
    let what: string;
    const r = lookup(view, abs, true);
    if (prog !== undefined && `/usr${abs.replace(/^\/usr/, "")}` === prog) {
      const id = BUILD_IDS[prog];
      what = `${ELF}${id ? `, BuildID[sha1]=${id}` : ""}, for GNU/Linux 3.2.0, stripped`;
    } else if ("error" in r) {
      what = `cannot open \`${n}' (${r.error === "ENOTDIR" ? "Not a directory" : "No such file or directory"})`;
    } else {
      const s = r.node.stat;
      if (s.type === "dir") what = "directory";
      else if (s.type === "link") what = `symbolic link to ${s.target}`;
      else if (s.type === "chr") what = `character special (${(s.dev ?? [1, 3]).join("/")})`;
      else if (s.type === "sock") what = "socket";
      else {
        const out = r.node.read?.();
        what = s.fs === "proc" || s.fs === "sys" || !out || !("text" in out) ? "empty" : textKind(out.text);
      }
    }
    stdout += brief ? `${what}\n` : `${`${n}:`.padEnd(width, " ")} ${what}\n`;
  }
  return { world: ctx.world, stdout, stderr: "", exitCode: 0 };
};

export const COMMAND: CommandModule = {
  spec: { name: "file", summary: "determine file type", options: [flag(["-b", "--brief"])], args: [FREE] },
  run: file,
};
