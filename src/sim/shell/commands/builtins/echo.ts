/** `echo` as bash's builtin prints it (busybox sh's agrees for what the lab's lines use). */
import { ok, type Command } from "../../command.ts";

/** bash's `echo -e` escapes; `\c` stops the output there. */
function unescape(text: string): { text: string; stop: boolean } {
  const map: Record<string, string> = {
    n: "\n",
    t: "\t",
    "\\": "\\",
    a: "\x07",
    b: "\b",
    e: "\x1b",
    f: "\f",
    r: "\r",
    v: "\v",
  };
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const n = text[i + 1];
    if (c !== "\\" || n === undefined) {
      out += c;
      continue;
    }
    if (n === "c") return { text: out, stop: true };
    if (Object.hasOwn(map, n)) {
      out += map[n];
      i++;
    } else out += c;
  }
  return { text: out, stop: false };
}

export const echo: Command = (argv, { world, session }) => {
  let args = argv.slice(1);
  let newline = true;
  // dash's echo always reads escapes and knows only -n: `echo -e 'a\tb'` prints `-e a<tab>b`.
  let escapes = session.dash === true;
  const options = session.dash ? /^-n$/ : /^-[neE]+$/;
  // bash takes a leading word made only of n, e and E letters as options.
  while (args[0] !== undefined && options.test(args[0])) {
    for (const ch of args[0].slice(1)) {
      if (ch === "n") newline = false;
      else escapes = ch === "e";
    }
    args = args.slice(1);
  }
  const joined = args.join(" ");
  if (!escapes) return ok(world, joined + (newline ? "\n" : ""));
  const u = unescape(joined);
  return ok(world, u.text + (newline && !u.stop ? "\n" : ""));
};
