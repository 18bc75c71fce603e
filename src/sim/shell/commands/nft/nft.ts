/**
 * `nft` (nftables 1.0.6) on the lab's host: the listing side of the ruleset that
 * iptables-nft keeps in nf_tables, with nft's own syntax errors (the command line
 * echoed under `Error:` with carets under the offending word), and the mutating
 * commands mutate.ts models.
 */
import { getNetns, updateNetns } from "../../../kernel/netns.ts";
import {
  nftTables,
  tableBlock,
  type NftBlock,
  type NftListOptions,
  type NftTable,
} from "../../../netfilter/nft-list.ts";
import { nftJson } from "../../../netfilter/nft-json.ts";
import { mutate, NftError, type Parsed, type Token } from "./mutate.ts";
import type { NetfilterState } from "../../../netfilter/types.ts";
import type { Command, CommandContext, CommandResult, OutputChunk } from "../../command.ts";
import { NFT_HELP, NFT_VERSION, NFT_VERSION_LONG } from "./texts.ts";

const FAMILIES = new Set(["ip", "ip6", "inet", "arp", "bridge", "netdev"]);

/** nft joins its arguments with blanks and reads them as one line. */
function tokenize(line: string): Token[] {
  const out: Token[] = [];
  const re = /"[^"]*"|[^\s;]+|;/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push({ text: m[0], at: m.index });
  return out;
}

function errorText(line: string, e: NftError): string {
  const caret = " ".repeat(e.at) + "^".repeat(Math.max(1, e.len));
  return `Error: ${e.message}\n${line}\n${caret}\n`;
}

/** The grammar of the commands the lab answers, with nft's words for what breaks it. */
function parse(line: string, toks: readonly Token[]): Parsed | NftError {
  const end = line.length;
  const eol = (expecting?: string) =>
    new NftError(`syntax error, unexpected newline${expecting ? `, expecting ${expecting}` : ""}`, end, 1);
  const verb = toks[0]!;
  if (!["list", "flush", "delete", "add", "insert", "create", "replace", "reset"].includes(verb.text)) {
    if (toks.length === 1) return eol("string");
    return new NftError("syntax error, unexpected string", toks[1]!.at, toks[1]!.text.length);
  }
  const what = toks[1];
  if (!what) return eol();
  const objects = ["ruleset", "tables", "table", "chain", "chains", "sets", "maps", "flowtables", "counters", "rule"];
  if (!objects.includes(what.text)) return new NftError("syntax error, unexpected string", what.at, what.text.length);
  let i = 2;
  let family: string | undefined;
  if (toks[i] && FAMILIES.has(toks[i]!.text)) family = toks[i++]!.text;
  const trailing = (k: number) => {
    const t = toks[k];
    return t && t.text !== ";"
      ? new NftError(
          "syntax error, unexpected string, expecting end of file or newline or semicolon",
          t.at,
          t.text.length,
        )
      : undefined;
  };
  const plural = ["ruleset", "tables", "chains", "sets", "maps", "flowtables", "counters"];
  const base = { verb: verb.text, what: what.text, family, rest: [] };
  if (plural.includes(what.text)) return trailing(i) ?? base;
  const table = toks[i++];
  if (!table) return eol("string");
  if (what.text === "table") return trailing(i) ?? { ...base, table };
  const chain = toks[i++];
  if (!chain) return eol("string");
  // A rule's statements (or `handle N`) and a chain's `{ … }` follow the chain's name.
  if (what.text === "rule" || (what.text === "chain" && verb.text !== "list"))
    return { ...base, table, chain, rest: toks.slice(i).filter((t) => t.text !== ";") };
  return trailing(i) ?? { ...base, table, chain };
}

function findTable(tables: readonly NftTable[], family: string, name: string): NftTable | undefined {
  return tables.find((t) => t.family === family && t.name === name);
}

const noSuch = (t: Token) => new NftError("No such file or directory", t.at, t.text.length);

function blocks(bs: readonly NftBlock[]): OutputChunk[] {
  return bs.flatMap((b) => [
    ...(b.warning ? [{ stream: "stderr" as const, text: b.warning }] : []),
    { stream: "stdout" as const, text: b.text },
  ]);
}

const out = (text: string): OutputChunk[] => [{ stream: "stdout", text }];

interface Options extends NftListOptions {
  json?: boolean;
}

function list(nf: NetfilterState, nf6: NetfilterState | undefined, p: Parsed, o: Options): OutputChunk[] | NftError {
  const family = p.family ?? "ip";
  const all = nftTables(nf, nf6).filter((t) => p.family === undefined || t.family === p.family);
  if (o.json && p.what === "ruleset") return out(nftJson(all));
  switch (p.what) {
    case "ruleset":
      return blocks(all.map((t) => tableBlock(t, o)));
    case "tables":
      return out(all.map((t) => `table ${t.family} ${t.name}\n`).join(""));
    case "chains":
      return blocks(all.map((t) => tableBlock(t, o, undefined, false)));
    case "sets":
    case "maps":
    case "flowtables":
      return out(all.map((t) => `table ${t.family} ${t.name} {\n}\n`).join(""));
    case "counters":
      return [];
  }
  const t = findTable(all, family, p.table!.text);
  if (!t) return noSuch(p.table!);
  if (p.what === "table") return o.json ? out(nftJson([t])) : blocks([tableBlock(t, o)]);
  if (!t.chains.some((c) => c.name === p.chain!.text)) return noSuch(p.chain!);
  return o.json ? out(nftJson([t], p.chain!.text)) : blocks([tableBlock(t, o, p.chain!.text)]);
}

function fail(stderr: string, world: CommandContext["world"], code = 1): CommandResult {
  return { world, stdout: "", stderr, exitCode: code };
}

export const nft: Command = (argv, ctx) => {
  const o: Options = {};
  const opts = o as { -readonly [K in keyof Options]: Options[K] };
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("-") || a === "-") break;
    const long: Record<string, string> = {
      "--handle": "a", "--numeric": "n", "--stateless": "s", "--json": "j", "--check": "c", "--terse": "t",
      "--service": "S", "--reversedns": "N", "--guid": "u", "--numeric-priority": "y", "--numeric-protocol": "p",
      "--numeric-time": "T", "--echo": "e", "--help": "h", "--version": "v", "--interactive": "i", "--file": "f",
    }; // prettier-ignore
    const flags = a.startsWith("--") ? (long[a] ?? "?") : a.slice(1);
    for (const f of flags) {
      if (f === "h") return { world: ctx.world, stdout: NFT_HELP, stderr: "", exitCode: 0 };
      if (f === "v") return { world: ctx.world, stdout: NFT_VERSION, stderr: "", exitCode: 0 };
      if (f === "V") return { world: ctx.world, stdout: NFT_VERSION_LONG, stderr: "", exitCode: 0 };
      if (f === "a") opts.handles = true;
      else if (f === "n") opts.numeric = true;
      else if (f === "s") opts.stateless = true;
      else if (f === "j") opts.json = true;
      else if ("ctSNuyTpe".includes(f)) continue;
      else if (f === "f") {
        const file = argv[i + 1];
        if (file === undefined) return fail("nft: option requires an argument -- 'f'\n", ctx.world);
        return fail(`internal:0:0-0: Error: Could not open file "${file}": No such file or directory\n\n\n`, ctx.world);
      } else if (f === "i") return fail("Error: interactive CLI not supported in this build\n", ctx.world);
      else {
        const shown = a.startsWith("--") ? `unrecognized option '${a}'` : `invalid option -- '${f}'`;
        return fail(`nft: ${shown}\n`, ctx.world);
      }
    }
  }
  const words = argv.slice(i);
  if (words.length === 0) return fail("nft: no command specified\n", ctx.world);
  const late = words.findIndex((w) => /^-[a-zA-Z]$|^--[a-z-]+$/.test(w));
  if (late >= 0) {
    // nft reads the whole argv again to point at the option that came too late.
    const shown = `nft ${words.join(" ")} `;
    const at = 4 + words.slice(0, late).join(" ").length + (late > 0 ? 1 : 0);
    const caret = "   ^" + " ".repeat(at - 4) + "~".repeat(words[late]!.length);
    return fail(`Error: syntax error, options must be specified before commands\n${shown}\n${caret}\n`, ctx.world);
  }
  const ns = getNetns(ctx.world, ctx.session.machine);
  if (!ns) return fail("Error: Could not process rule: No such file or directory\n", ctx.world);
  const line = words.join(" ");
  const toks = tokenize(line);
  // An empty command (`nft ''`) is an empty script to nft: nothing to do, exit 0.
  if (toks.length === 0) return { world: ctx.world, stdout: "", stderr: "", exitCode: 0 };
  const p = parse(line, toks);
  if (p instanceof NftError) return fail(errorText(line, p), ctx.world);
  if (p.verb === "list") {
    const chunks = list(ns.netfilter, ns.netfilter6, p, o);
    if (chunks instanceof NftError) return fail(errorText(line, chunks), ctx.world);
    const text = (s: "stdout" | "stderr") => chunks.flatMap((c) => (c.stream === s ? [c.text] : [])).join("");
    return { world: ctx.world, stdout: text("stdout"), stderr: text("stderr"), exitCode: 0, output: chunks };
  }
  const next = mutate({ nf: ns.netfilter, ...(ns.netfilter6 ? { nf6: ns.netfilter6 } : {}) }, p, line);
  if (next instanceof NftError) return fail(errorText(line, next), ctx.world);
  if (next === undefined)
    return fail(
      errorText(line, new NftError("Could not process rule: Operation not supported", 0, line.length)),
      ctx.world,
    );
  const world = updateNetns(ctx.world, ns.id, (n) => {
    const { netfilter6: _old, ...rest } = n;
    return { ...rest, netfilter: next.nf, ...(next.nf6 ? { netfilter6: next.nf6 } : {}) };
  });
  return { world, stdout: "", stderr: "", exitCode: 0 };
};
