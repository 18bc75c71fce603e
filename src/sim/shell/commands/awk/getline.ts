/**
 * Where awk's `getline` reads: the main input (the records the program runs on, shared
 * with the main loop), a file (`getline < "/etc/hostname"`), or a command's output
 * (`"date +%Y" | getline y`), each read once and then line by line, as awk keeps them open.
 */
import type { CommandContext } from "../../command.ts";
import type { World } from "../../../world.ts";
import { readInputs } from "../../lib/inputs.ts";
import type { Val } from "./values.ts";

/** `return [value]` leaving a user function. */
export class Return extends Error {
  constructor(readonly value: Val) {
    super("return");
  }
}

interface Stream {
  readonly lines: string[];
  pos: number;
}

function linesOf(text: string): string[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export class Sources {
  private input = 0;
  private pos = -1;
  private current: string[] = [];
  private readonly files = new Map<string, Stream | undefined>();
  private readonly commands = new Map<string, Stream>();
  world: World;

  constructor(
    private readonly inputs: readonly { readonly name: string; readonly text: string }[],
    private readonly ctx: CommandContext,
    private readonly onFile: (name: string) => void,
  ) {
    this.world = ctx.world;
  }

  /** The next record of the main input, or 0 at its end. */
  main(): string | 0 {
    for (;;) {
      if (this.pos >= 0 && this.pos < this.current.length) return this.current[this.pos++]!;
      if (this.pos >= 0) this.input++;
      const next = this.inputs[this.input];
      if (!next) return 0;
      this.current = linesOf(next.text);
      this.pos = 0;
      this.onFile(next.name);
    }
  }

  /** The next line of a file: 0 at its end, -1 when it cannot be read. */
  file(path: string): string | 0 | -1 {
    if (!this.files.has(path)) {
      const r = readInputs("awk", [path], { ...this.ctx, world: this.world });
      this.files.set(path, r.failed ? undefined : { lines: linesOf(r.inputs.map((i) => i.text).join("")), pos: 0 });
    }
    const s = this.files.get(path);
    if (!s) return -1;
    return s.pos < s.lines.length ? s.lines[s.pos++]! : 0;
  }

  /** The next line a command printed (run once, by the shell, when first read). */
  command(line: string): string | 0 {
    let s = this.commands.get(line);
    if (!s) {
      const r = this.ctx.runLine(this.world, { ...this.ctx.session, shell: "sh" }, line);
      this.world = r.world;
      s = { lines: linesOf(r.stdout), pos: 0 };
      this.commands.set(line, s);
    }
    return s.pos < s.lines.length ? s.lines[s.pos++]! : 0;
  }
}

/** printf's `%c` takes a number as a character code: those arguments become the character. */
export function charArgs(format: string, vals: readonly Val[]): Val[] {
  const out = [...vals];
  let k = 0;
  const re = /%([-+ #0]*\d*(?:\.\d*)?)([a-zA-Z%])/g;
  for (const m of format.matchAll(re)) {
    if (m[2] === "%") continue;
    if (m[2] === "c" && typeof out[k] === "number") out[k] = String.fromCharCode(out[k] as number);
    k++;
  }
  return out;
}
