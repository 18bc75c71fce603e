/** awk's builtin functions (mawk's behaviour, busybox's where it differs) and its printf formatting. */
import type { CommandContext } from "../../command.ts";
import { printf } from "../printf/printf.ts";
import type { Node } from "./ast.ts";
import { charArgs } from "./getline.ts";
import { fmtNum, num, str, StrNum, type Val } from "./values.ts";

export interface Interp {
  readonly ev: (n: Node) => Val;
  readonly get: (lv: Node) => Val;
  readonly set: (lv: Node, v: Val) => Val;
  readonly array: (name: string) => Map<string, Val>;
  readonly hasArray: (name: string) => boolean;
  readonly split: (text: string, sep: string) => string[];
  readonly regex: (src: string) => RegExp;
  readonly vars: Map<string, Val>;
  /** `$0`. */
  readonly record: () => string;
  readonly ctx: CommandContext;
  readonly bb: boolean;
}

export function builtins(h: Interp): { call: (name: string, args: Node[]) => Val; format: (vals: Val[]) => string } {
  const subst = (args: Node[], global: boolean): number => {
    const re = h.regex(args[0]!.t === "re" ? (args[0] as { v: string }).v : str(h.ev(args[0]!)));
    const repl = str(h.ev(args[1]!));
    const target = args[2] ?? { t: "field", e: { t: "num", v: 0 } };
    const s = str(h.get(target));
    let count = 0;
    const g = new RegExp(re.source, "g");
    const res = s.replace(g, (m) => {
      if (!global && count > 0) return m;
      count++;
      return repl.replace(/\\\\&|\\&|&/g, (x) => (x === "&" ? m : x === "\\&" ? "&" : "\\" + m));
    });
    if (count > 0) h.set(target, res);
    return count;
  };
  const call = (name: string, args: Node[]): Val => {
    const a = (i: number) => h.ev(args[i]!);
    switch (name) {
      case "length":
        if (args.length === 0) return h.record().length;
        if (args[0]!.t === "var" && h.hasArray((args[0] as { name: string }).name))
          return h.array((args[0] as { name: string }).name).size;
        return str(a(0)).length;
      case "substr": {
        const s = str(a(0));
        const m = Math.round(num(a(1)));
        const n = args.length > 2 ? Math.round(num(a(2))) : Infinity;
        // mawk 1.3.4 20200120 lengthens rather than shortens a substring that starts before 1.
        const start = Math.max(1, m);
        const end = n === Infinity ? s.length + 1 : !h.bb && m < 1 ? 1 + n - m : m + n;
        return end <= start ? "" : s.slice(start - 1, end - 1);
      }
      case "index":
        return str(a(0)).indexOf(str(a(1))) + 1;
      case "split": {
        const parts = h.split(
          str(a(0)),
          args.length > 2 ? (args[2]!.t === "re" ? (args[2] as { v: string }).v : str(a(2))) : str(h.vars.get("FS")),
        );
        const arr = h.array((args[1] as { name: string }).name);
        arr.clear();
        parts.forEach((p, i) => arr.set(String(i + 1), new StrNum(p)));
        return parts.length;
      }
      case "sub":
        return subst(args, false);
      case "gsub":
        return subst(args, true);
      case "match": {
        const re = h.regex(args[1]!.t === "re" ? (args[1] as { v: string }).v : str(a(1)));
        const m = re.exec(str(a(0)));
        h.vars.set("RSTART", m ? m.index + 1 : 0);
        h.vars.set("RLENGTH", m ? m[0].length : -1);
        return m ? m.index + 1 : 0;
      }
      case "tolower":
        return str(a(0)).toLowerCase();
      case "toupper":
        return str(a(0)).toUpperCase();
      case "sprintf":
        return format(args.map((x) => h.ev(x)));
      case "int":
        return Math.trunc(num(a(0)));
      case "sqrt":
        return Math.sqrt(num(a(0)));
      case "exp":
        return Math.exp(num(a(0)));
      case "log":
        return Math.log(num(a(0)));
      case "sin":
        return Math.sin(num(a(0)));
      case "cos":
        return Math.cos(num(a(0)));
      case "atan2":
        return Math.atan2(num(a(0)), num(a(1)));
      case "rand":
        return 0.5;
      default:
        return 0;
    }
  };
  const format = (vals: Val[]): string => {
    if (vals.length === 0) return "";
    const r = printf(
      [
        "printf",
        str(vals[0]),
        ...charArgs(str(vals[0]), vals.slice(1)).map((v) => (typeof v === "number" ? fmtNum(v) : str(v))),
      ],
      { ...h.ctx, session: { ...h.ctx.session, shell: "bash" } },
    );
    // awk's printf uses the format once.
    return r.stdout;
  };
  return { call, format };
}
