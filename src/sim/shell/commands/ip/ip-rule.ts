/**
 * `ip rule`: list, add and del policy routing rules (kernel/rules.ts keeps them), with
 * iproute2's texts and busybox's listing; `-j` reads the listing back as records.
 */
import { formatCidr, parseCidr } from "../../../ipv4.ts";
import {
  TABLE_DEFAULT,
  TABLE_LOCAL,
  TABLE_MAIN,
  addRule,
  defaultRulePriority,
  delRule,
  findRule,
  rulesOf,
} from "../../../kernel/rules.ts";
import { updateNetns } from "../../../kernel/netns.ts";
import type { RouteRule } from "../../../kernel/types.ts";
import { ok, type CommandResult } from "../../command.ts";
import { denied, err, matches, refused, rtnl, type Ctx } from "./ip-common.ts";
import { obj, type Json } from "./ip-json.ts";

const TABLE_NAMES: Readonly<Record<number, string>> = {
  [TABLE_LOCAL]: "local",
  [TABLE_MAIN]: "main",
  [TABLE_DEFAULT]: "default",
};

export function tableName(id: number): string {
  return TABLE_NAMES[id] ?? String(id);
}

/** rtnl_rttable_a2n(): a table's name (from rt_tables) or number, undefined when neither. */
export function parseTable(word: string): number | undefined {
  for (const [id, name] of Object.entries(TABLE_NAMES)) if (name === word) return Number(id);
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(word)) return undefined;
  const n = Number(word);
  return n <= 0xffffffff ? n : undefined;
}

function ruleLine(r: RouteRule): string {
  let s = `${r.priority}:\tfrom ${r.from ?? "all"} `;
  if (r.to !== undefined) s += `to ${r.to} `;
  if (r.fwmark !== undefined) s += `fwmark 0x${r.fwmark.toString(16)} `;
  if (r.iif !== undefined) s += `iif ${r.iif} `;
  return `${s}lookup ${tableName(r.table)}\n`;
}

/** A `from`/`to` operand as the kernel keeps it: `all` is no selector, a prefix loses its host bits. */
function selector(word: string): string | undefined | null {
  if (word === "all" || word === "default") return undefined;
  const c = parseCidr(word.includes("/") ? word : `${word}/32`);
  if (!c) return null;
  return c.prefixLen === 32 ? formatCidr(c).replace(/\/32$/, "") : formatCidr(c);
}

const garbage = (c: Ctx, what: string, word: string): CommandResult =>
  err(c.world, `Error: argument "${word}" is wrong: ${what}\n\n`, 255);

export function doRule(c: Ctx, args: readonly string[]): CommandResult {
  const sub = args[0];
  if (sub === undefined || matches(sub, "list") || matches(sub, "show") || matches(sub, "lst")) {
    // `table NAME` (or `lookup NAME`) keeps the rules that look that table up.
    const t = args.findIndex((a) => a === "table" || a === "lookup");
    const table = t >= 0 ? parseTable(args[t + 1] ?? "") : undefined;
    if (t >= 0 && table === undefined) return garbage(c, "table id value is invalid", args[t + 1] ?? "");
    const rules = rulesOf(c.ns).filter((r) => table === undefined || r.table === table);
    return ok(c.world, rules.map(ruleLine).join(""));
  }
  const isAdd = matches(sub, "add");
  const isDel = !isAdd && matches(sub, "delete");
  if (!isAdd && !isDel) {
    if (c.flavor === "busybox") return err(c.world, `ip: invalid argument '${sub}' to 'ip'\n`, 1);
    return err(c.world, `Command "${sub}" is unknown, try "ip rule help".\n`, 255);
  }
  if (refused(c)) return denied(c, "rtnetlink");
  const m: { -readonly [K in keyof RouteRule]?: RouteRule[K] } = {};
  const rest = args.slice(1);
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const v = rest[++i];
    if (v === undefined) return err(c.world, 'Command line is not complete. Try option "help"\n', 255);
    if (a === "from" || a === "to") {
      const s = selector(v);
      if (s === null) return err(c.world, `Error: an inet prefix is expected rather than "${v}".\n`, 1);
      if (s !== undefined) m[a] = s;
    } else if (matches(a, "fwmark")) {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) return garbage(c, "fwmark value is invalid", v);
      m.fwmark = n;
    } else if (a === "iif" || a === "dev") m.iif = v;
    else if (matches(a, "priority") || matches(a, "preference") || a === "order") {
      if (!/^\d+$/.test(v)) return garbage(c, "preference value is invalid", v);
      m.priority = Number(v);
    } else if (a === "table" || matches(a, "lookup")) {
      const t = parseTable(v);
      if (t === undefined) return garbage(c, "invalid table ID", v);
      m.table = t;
    } else {
      return err(c.world, `Error: argument "${a}" is wrong: Failed to parse rule type\n\n`, 255);
    }
  }
  if (isDel) {
    const hit = findRule(c.ns, m);
    if (!hit) return rtnl(c, "No such file or directory");
    return ok(updateNetns(c.world, c.ns.id, (ns) => delRule(ns, hit)));
  }
  const rule: RouteRule = {
    ...m,
    priority: m.priority ?? defaultRulePriority(rulesOf(c.ns)),
    table: m.table ?? TABLE_MAIN,
  };
  return ok(updateNetns(c.world, c.ns.id, (ns) => addRule(ns, rule)));
}

/** print_rule()'s JSON: the listing's words as fields, a prefix split into address and length. */
export function rulesJson(text: string): Json[] {
  const records: Json[] = [];
  for (const line of text.split("\n")) {
    const m = /^(\d+):\t(.*)$/.exec(line);
    if (!m) continue;
    const words = m[2]!.trim().split(/\s+/);
    const fields: [string, Json][] = [["priority", Number(m[1])]];
    for (let i = 0; i + 1 < words.length; i += 2) {
      const [k, v] = [words[i]!, words[i + 1]!];
      const key = k === "from" ? "src" : k === "to" ? "dst" : k === "lookup" ? "table" : k;
      const [addr, len] = v.split("/");
      fields.push([key, addr!]);
      if (len !== undefined) fields.push([`${key}len`, Number(len)]);
    }
    records.push(obj(fields));
  }
  return records;
}
