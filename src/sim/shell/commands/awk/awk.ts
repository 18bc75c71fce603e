/**
 * `awk`: mawk 1.3.4 on a Debian host (Debian 12's default awk), busybox's awk in a
 * container. The program is parsed (parse.ts) and walked here over the input's records,
 * every loop and the output bounded by the lab's limits. Errors: mawk's `syntax error at
 * or near`, busybox's `Unexpected token`.
 */
import type { Command, CommandResult } from "../../command.ts";
import { readInputs } from "../../lib/inputs.ts";
import { isBusybox, machineOf, shellOf } from "../../machine.ts";
import { openForWrite, writeTo } from "../../redirect.ts";
import { LIMITS } from "../../../limits.ts";
import { toRegExp } from "../sed/regex.ts";
import type { Func, Item, Node, Stmt } from "./parse.ts";
import { readCommandLine } from "./cli.ts";
import { builtins } from "./builtins.ts";
import { Return, Sources } from "./getline.ts";
import { evaluator } from "./evaluate.ts";
import { Exit, LoopCtl, Next, num, RunError, str, StrNum, truthy, type Val } from "./values.ts";

export const awk: Command = (argv, ctx): CommandResult => {
  const machine = machineOf(ctx.world, ctx.session);
  const bb = isBusybox(machine, "awk");
  const me = argv[0] === "mawk" ? "mawk" : "awk";
  const cli = readCommandLine(argv, bb, me);
  if ("exitCode" in cli) return { world: ctx.world, stdout: "", ...cli };
  const { fs, assigns, files, items } = cli;
  const vars = new Map<string, Val>([["FS", fs === "t" ? "\t" : fs], ["OFS", " "], ["ORS", "\n"], ["NR", 0], ["NF", 0], ["FNR", 0], ["SUBSEP", "\x1c"], ["RSTART", 0], ["RLENGTH", -1], ["FILENAME", ""]]); // prettier-ignore
  for (const [k, v] of assigns) vars.set(k, new StrNum(v));
  const arrays = new Map<string, Map<string, Val>>();
  let fields: Val[] = [new StrNum("")];
  let out = "";
  let lines = 0;
  let steps = 0;
  const files_out = new Map<string, { text: string; append: boolean }>();
  const reCache = new Map<string, RegExp>();

  const regex = (src: string): RegExp => {
    let re = reCache.get(src);
    if (!re) {
      const r = toRegExp(src, true);
      if ("error" in r)
        throw new RunError(
          bb
            ? `awk: cmd. line:1: ${r.error}`
            : `${me}: run time error: regular expression compile failed (${r.error})\n${src}`,
        );
      re = r.re;
      reCache.set(src, re);
    }
    return re;
  };
  const tick = () => {
    if (++steps > LIMITS.maxLoopIterations * 20)
      throw new RunError(`[lab: awk stopped after ${LIMITS.maxLoopIterations * 20} steps, the lab's limit]`);
  };
  const split = (s: string, sep: string): string[] => {
    if (sep === " ") return s.split(/[ \t\n]+/).filter((x) => x !== "");
    if (s === "") return [];
    if (sep.length === 1 && sep !== "\\") return s.split(sep);
    return s.split(new RegExp(regex(sep).source));
  };
  const setRecord = (s: string) => {
    const parts = split(s, str(vars.get("FS")));
    fields = [new StrNum(s), ...parts.map((p) => new StrNum(p))];
    vars.set("NF", parts.length);
  };
  const rebuild = () => {
    const ofs = str(vars.get("OFS"));
    fields[0] = new StrNum(fields.slice(1).map(str).join(ofs));
  };
  const array = (name: string): Map<string, Val> => {
    const f = local(name);
    if (f) {
      let la = f.arrays.get(name);
      if (!la) {
        // A parameter first used as an array is a local array.
        la = new Map<string, Val>();
        f.scalars.delete(name);
        f.arrays.set(name, la);
      }
      return la;
    }
    let a = arrays.get(name);
    if (!a) {
      a = new Map<string, Val>();
      arrays.set(name, a);
    }
    return a;
  };
  const keyOf = (key: Node[]) => key.map((k) => str(ev(k))).join(str(vars.get("SUBSEP")));
  const fieldIndex = (e: Node): number => {
    const n = Math.trunc(num(ev(e)));
    if (n < 0)
      throw new RunError(
        bb
          ? "awk: cmd. line:1: Access to negative field"
          : `${me}: run time error: negative field index $${n}\n\tFILENAME="${str(vars.get("FILENAME")) || "-"}" FNR=${str(vars.get("FNR"))} NR=${str(vars.get("NR"))}`,
      );
    if (n > 100_000) throw new RunError(`${me}: program limit exceeded: maximum number of fields size=32767`);
    return n;
  };
  /** The running user functions' parameters: scalars, and arrays passed by reference. */
  const frames: { scalars: Map<string, Val>; arrays: Map<string, Map<string, Val>> }[] = [];
  const funcs = new Map<string, Func>(items.flatMap((i) => (i.func ? [[i.func.name, i.func] as const] : [])));
  const local = (name: string) => {
    const f = frames[frames.length - 1];
    return f && (f.scalars.has(name) || f.arrays.has(name)) ? f : undefined;
  };
  const get = (lv: Node): Val => {
    if (lv.t === "var") {
      const f = local(lv.name);
      return f ? f.scalars.get(lv.name) : vars.get(lv.name);
    }
    if (lv.t === "idx") return array(lv.name).get(keyOf(lv.key));
    if (lv.t === "field") {
      const i = fieldIndex(lv.e);
      return i < fields.length ? fields[i] : new StrNum("");
    }
    return undefined;
  };
  const set = (lv: Node, v: Val): Val => {
    if (lv.t === "var" && local(lv.name)) local(lv.name)!.scalars.set(lv.name, v);
    else if (lv.t === "var") {
      vars.set(lv.name, v);
      if (lv.name === "NF") {
        const n = Math.max(0, Math.trunc(num(v)));
        fields = fields.slice(0, n + 1);
        while (fields.length < n + 1) fields.push(new StrNum(""));
        rebuild();
      }
    } else if (lv.t === "idx") array(lv.name).set(keyOf(lv.key), v);
    else if (lv.t === "field") {
      const i = fieldIndex(lv.e);
      if (i === 0) setRecord(str(v));
      else {
        while (fields.length <= i) fields.push(new StrNum(""));
        fields[i] = typeof v === "number" ? v : new StrNum(str(v));
        vars.set("NF", fields.length - 1);
        rebuild();
      }
    }
    return v;
  };
  const { call, format } = builtins({
    ev: (n) => ev(n),
    get: (lv) => get(lv),
    set: (lv, v) => set(lv, v),
    array: (name) => array(name),
    hasArray: (name) => arrays.has(name),
    split: (text, sep) => split(text, sep),
    regex: (src) => regex(src),
    vars,
    record: () => str(fields[0]),
    ctx,
    bb,
  });
  const ev: (n: Node) => Val = evaluator({
    bb,
    tick,
    get: (lv) => get(lv),
    set: (lv, v) => set(lv, v),
    has: (name, key) => array(name).has(keyOf(key)),
    regex,
    record: () => str(fields[0]),
    call: (name, args) => call(name, args),
    callUser: (name, args) => callUser(name, args),
    getline: (n) => getline(n),
  });
  const getline = (n: Extract<Node, { t: "getline" }>): Val => {
    const got = n.from
      ? n.from.kind === "file"
        ? sources.file(str(ev(n.from.e)))
        : sources.command(str(ev(n.from.e)))
      : sources.main();
    if (typeof got !== "string") return got;
    if (!n.from) {
      vars.set("NR", num(vars.get("NR")) + 1);
      vars.set("FNR", num(vars.get("FNR")) + 1);
    } else if (n.from.kind === "cmd") vars.set("NR", num(vars.get("NR")) + 1);
    if (n.lv) set(n.lv, new StrNum(got));
    else setRecord(got);
    return 1;
  };
  const emit = (text: string, to?: { op: string; e: Node }) => {
    if (to) {
      const path = str(ev(to.e));
      if (to.op === "|") throw new RunError(`[lab: awk's pipes to commands are not modelled]`);
      const f = files_out.get(path);
      files_out.set(path, { text: (f?.text ?? "") + text, append: f ? f.append : to.op === ">>" });
      return;
    }
    out += text;
    if (out.length > LIMITS.maxOutputBytes || ++lines > LIMITS.maxOutputLines * 2) throw new Exit(0);
  };
  const exec = (s: Stmt): void => {
    tick();
    switch (s.t) {
      case "print": {
        const ofs = str(vars.get("OFS"));
        const text = s.args.length === 0 ? str(fields[0]) : s.args.map((a) => str(ev(a))).join(ofs);
        emit(text + str(vars.get("ORS")), s.to);
        return;
      }
      case "printf":
        emit(format(s.args.map((a) => ev(a))), s.to);
        return;
      case "expr":
        ev(s.e);
        return;
      case "block":
        s.body.forEach(exec);
        return;
      case "if":
        if (truthy(ev(s.c))) exec(s.a);
        else if (s.b) exec(s.b);
        return;
      case "while":
      case "do":
      case "for": {
        if (s.t === "for" && s.init) ev(s.init);
        let first = s.t === "do";
        for (;;) {
          if (!first && s.t !== "for" && !truthy(ev(s.c))) break;
          if (s.t === "for" && s.c && !truthy(ev(s.c))) break;
          first = false;
          try {
            exec(s.body);
          } catch (e) {
            if (!(e instanceof LoopCtl)) throw e;
            if (e.kind === "break") break;
          }
          if (s.t === "for" && s.step) ev(s.step);
        }
        return;
      }
      case "forin": {
        for (const k of [...array(s.a).keys()]) {
          vars.set(s.k, k);
          try {
            exec(s.body);
          } catch (e) {
            if (!(e instanceof LoopCtl)) throw e;
            if (e.kind === "break") break;
          }
        }
        return;
      }
      case "next":
        throw new Next();
      case "break":
      case "continue":
        throw new LoopCtl(s.t);
      case "exit":
        throw new Exit(s.e ? Math.trunc(num(ev(s.e))) : 0);
      case "return":
        throw new Return(s.e ? ev(s.e) : undefined);
      case "delete":
        if (s.key) array(s.name).delete(keyOf(s.key));
        else array(s.name).clear();
        return;
    }
  };
  const callUser = (name: string, args: Node[]): Val => {
    const fn = funcs.get(name);
    if (!fn) return 0;
    if (frames.length >= 200) throw new RunError("[lab: awk stopped at a call depth of 200, the lab's limit]");
    const frame = { scalars: new Map<string, Val>(), arrays: new Map<string, Map<string, Val>>() };
    fn.params.forEach((p, i) => {
      const a = args[i];
      // An array argument is passed by reference, a scalar by value; missing ones are local.
      // A name never given a value may be an array the function fills (mawk decides from the body).
      const untyped = a?.t === "var" && !local(a.name) && !vars.has(a.name);
      if (a?.t === "var" && (local(a.name)?.arrays.has(a.name) || (!local(a.name) && arrays.has(a.name)) || untyped))
        frame.arrays.set(p, array(a.name));
      else frame.scalars.set(p, a ? ev(a) : undefined);
    });
    frames.push(frame);
    try {
      fn.body.forEach(exec);
      return "";
    } catch (e) {
      if (e instanceof Return) return e.value ?? "";
      throw e;
    } finally {
      frames.pop();
    }
  };
  const runAction = (item: Item) => {
    if (item.action) item.action.forEach(exec);
    else emit(str(fields[0]) + str(vars.get("ORS")));
  };
  const ranges = new Map<Item, boolean>();
  let status = 0;
  let stderr = "";
  const read = readInputs("awk", files, ctx);
  const sources = new Sources(read.inputs, ctx, (name) => {
    vars.set("FILENAME", name === "-" ? "" : name);
    vars.set("FNR", 0);
  });
  if (read.failed)
    stderr += bb
      ? read.stderr
      : read.stderr.replace(/^awk: (.*): No such.*$/gm, `${me}: cannot open $1 (No such file or directory)`);
  try {
    try {
      for (const it of items) if (it.kind === "begin") runAction(it);
      const mains = items.filter((i) => i.kind === "main");
      if (mains.length > 0 || items.some((i) => i.kind === "end")) {
        for (let rec = sources.main(); typeof rec === "string"; rec = sources.main()) {
          vars.set("NR", num(vars.get("NR")) + 1);
          vars.set("FNR", num(vars.get("FNR")) + 1);
          setRecord(rec);
          try {
            for (const it of mains) {
              let hit: boolean;
              if (it.range) {
                const on = ranges.get(it) ?? false;
                if (on) {
                  hit = true;
                  if (truthy(ev(it.range))) ranges.set(it, false);
                } else if (truthy(ev(it.pattern!))) {
                  hit = true;
                  ranges.set(it, !truthy(ev(it.range)));
                } else hit = false;
              } else hit = !it.pattern || truthy(ev(it.pattern));
              if (hit) runAction(it);
            }
          } catch (e) {
            if (!(e instanceof Next)) throw e;
          }
        }
      }
    } catch (e) {
      if (!(e instanceof Exit)) throw e;
      status = e.code;
    }
    try {
      for (const it of items) if (it.kind === "end") runAction(it);
    } catch (e) {
      if (!(e instanceof Exit)) throw e;
      status = e.code;
    }
  } catch (e) {
    if (!(e instanceof RunError)) throw e;
    return { world: ctx.world, stdout: out, stderr: stderr + e.message + "\n", exitCode: bb ? 1 : 2 };
  }
  let w = sources.world;
  const shell = shellOf(ctx.session, machine);
  for (const [path, f] of files_out) {
    const opened = openForWrite(w, ctx.session, machine, path, f.append);
    if (opened.error) {
      stderr += `${me}: cannot open "${path}" for output\n`;
      continue;
    }
    w = writeTo(opened.world, ctx.session, opened.path, f.text, "awk", shell).world;
  }
  return { world: w, stdout: out, stderr, exitCode: read.failed && status === 0 ? 2 : status };
};
