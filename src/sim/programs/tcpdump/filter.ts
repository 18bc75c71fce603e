/**
 * pcap-filter(7) expressions, as libpcap 1.10 reads them: primitives (`host`, `net`,
 * `port`, `portrange`, `tcp`, `udp`, `icmp`, `ip`, `ether host`, `greater`/`less`,
 * `tcp[tcpflags] & tcp-syn != 0`), qualifiers (`src`, `dst`, `src or dst`), an ID
 * that repeats the last qualifiers (`port 80 or 443`), `not`/`!`, and `and`/`or`
 * (`&&`/`||`) of equal precedence, left to right, as pcap's grammar has them.
 * Errors are the words tcpdump prints after `tcpdump: `.
 */
import { parseIpv4 } from "../../ipv4.ts";
import { familiesOf } from "./families.ts";
import { CONSTANTS, hostAddress, KEYWORDS, lex, PROTOS, SERVICES, SYNTAX, type Tok } from "./lex.ts";
import type { Arith, Dir, FilterNode, Relop } from "./types.ts";

/** /etc/protocols, as far as a learner names protocols in `ip proto`. */
const IP_PROTOS: ReadonlyMap<string, number> = new Map([
  ["ip", 0],
  ["icmp", 1],
  ["igmp", 2],
  ["tcp", 6],
  ["udp", 17],
  ["gre", 47],
  ["esp", 50],
  ["ah", 51],
  ["ospf", 89],
  ["sctp", 132],
]);

export type FilterParse =
  { readonly ok: true; readonly filter?: FilterNode } | { readonly ok: false; readonly error: string };

/** A name the filter mentions, looked up as libpcap does (getaddrinfo): its IPv4 address, if any. */
export type Resolve = (name: string) => string | undefined;

interface Qual {
  dir: Dir;
  type?: "host" | "net" | "port" | "portrange";
  proto?: string;
}

class Parser {
  private i = 0;
  private last: Qual | undefined;
  constructor(
    private readonly toks: readonly Tok[],
    private readonly resolve: Resolve,
  ) {}

  private peek(k = 0): Tok | undefined {
    return this.toks[this.i + k];
  }
  private isWord(v?: string, k = 0): boolean {
    const t = this.peek(k);
    return t?.t === "word" && (v === undefined || t.v === v);
  }
  private isOp(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t?.t === "op" && t.v === v;
  }
  atEnd(): boolean {
    return this.i >= this.toks.length;
  }

  expr(): FilterNode {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      const isAnd = (t?.t === "word" && t.v === "and") || (t?.t === "op" && t.v === "&&");
      const isOr = (t?.t === "word" && t.v === "or") || (t?.t === "op" && t.v === "||");
      if (!isAnd && !isOr) return left;
      this.i++;
      const right = this.unary();
      left = { kind: isAnd ? "and" : "or", left, right };
    }
  }

  private unary(): FilterNode {
    if (this.isWord("not") || this.isOp("!")) {
      this.i++;
      return { kind: "not", expr: this.unary() };
    }
    if (this.isOp("(")) {
      // A parenthesis opens either a sub-expression or arithmetic (`(tcp[13] & 2) != 0`).
      const save = this.i;
      const saveLast = this.last;
      this.i++;
      try {
        const e = this.expr();
        if (!this.isOp(")")) throw new FilterError(SYNTAX);
        this.i++;
        if (!this.relopNext()) return e;
      } catch (err) {
        if (!(err instanceof FilterError) || err.message !== SYNTAX) throw err;
      }
      this.i = save;
      this.last = saveLast;
      return this.relop();
    }
    if (this.arithStart()) return this.relop();
    return this.primitive();
  }

  private relopNext(): boolean {
    const t = this.peek();
    return t?.t === "op" && ["=", "!=", "<", ">", "<=", ">=", "&", "|", "+", "-", "*", "/", "<<", ">>"].includes(t.v);
  }

  /** Whether arithmetic starts here: a load (`tcp[`), `len`, or a number followed by an operator. */
  private arithStart(): boolean {
    const t = this.peek();
    if (t?.t !== "word") return false;
    if (PROTOS.has(t.v) && this.isOp("[", 1)) return true;
    if (t.v === "len") return true;
    return /^\d+$/.test(t.v) && this.relopNext1();
  }
  private relopNext1(): boolean {
    const t = this.peek(1);
    return t?.t === "op" && ["=", "!=", "<", ">", "<=", ">=", "&", "|", "+", "*", "/"].includes(t.v);
  }

  private relop(): FilterNode {
    const left = this.arith();
    const t = this.peek();
    if (t?.t !== "op" || !["=", "!=", "<", ">", "<=", ">="].includes(t.v)) throw new FilterError(SYNTAX);
    this.i++;
    const right = this.arith();
    return { kind: "relop", op: t.v as Relop, left, right };
  }

  private arith(): Arith {
    let left = this.arithTerm();
    for (;;) {
      const t = this.peek();
      if (t?.t !== "op" || !["&", "|", "+", "-", "<<", ">>"].includes(t.v)) return left;
      this.i++;
      left = { kind: "bin", op: t.v as "&", left, right: this.arithTerm() };
    }
  }

  private arithTerm(): Arith {
    let left = this.arithAtom();
    for (;;) {
      const t = this.peek();
      if (t?.t !== "op" || !["*", "/"].includes(t.v)) return left;
      this.i++;
      left = { kind: "bin", op: t.v as "*", left, right: this.arithAtom() };
    }
  }

  private arithAtom(): Arith {
    const t = this.peek();
    if (!t) throw new FilterError(SYNTAX);
    if (t.t === "op" && t.v === "(") {
      this.i++;
      const a = this.arith();
      if (!this.isOp(")")) throw new FilterError(SYNTAX);
      this.i++;
      return a;
    }
    if (t.t !== "word") throw new FilterError(SYNTAX);
    this.i++;
    if (/^(0x[0-9a-fA-F]+|\d+)$/.test(t.v)) return { kind: "num", value: Number(t.v) };
    if (t.v === "len") return { kind: "len" };
    if (Object.hasOwn(CONSTANTS, t.v)) return { kind: "num", value: CONSTANTS[t.v]! };
    if (PROTOS.has(t.v) && this.isOp("[")) {
      this.i++;
      const offset = this.arith();
      let size: 1 | 2 | 4 = 1;
      if (this.isOp(":")) {
        this.i++;
        const s = this.peek();
        if (s?.t !== "word" || !["1", "2", "4"].includes(s.v)) throw new FilterError("data size must be 1, 2, or 4");
        size = Number(s.v) as 1 | 2 | 4;
        this.i++;
      }
      if (!this.isOp("]")) throw new FilterError(SYNTAX);
      this.i++;
      return { kind: "load", proto: t.v, offset, size };
    }
    throw new FilterError(SYNTAX);
  }

  private primitive(): FilterNode {
    const q: Qual = { dir: "src or dst" };
    let sawQual = false;
    if (this.isWord("proto") || (this.isWord("ip") && this.isWord("proto", 1))) return this.ipProto();
    if (this.isWord("ether") || this.isWord("ip") || this.isWord("tcp") || this.isWord("udp") || this.isWord("arp")) {
      const p = (this.peek() as Tok).v;
      const next = this.peek(1);
      const qualFollows =
        next?.t === "word" &&
        ["src", "dst", "host", "net", "port", "portrange", "broadcast", "multicast"].includes(next.v);
      if (!qualFollows) {
        this.i++;
        return this.protoOnly(p);
      }
      q.proto = p;
      this.i++;
      sawQual = true;
    } else if (this.isWord() && PROTOS.has((this.peek() as Tok).v)) {
      const p = (this.peek() as Tok).v;
      this.i++;
      return this.protoOnly(p);
    }
    if (this.isWord("src") || this.isWord("dst")) {
      const d = (this.peek() as Tok).v as "src" | "dst";
      this.i++;
      sawQual = true;
      if ((this.isWord("or") || this.isWord("and")) && this.isWord(d === "src" ? "dst" : "src", 1)) {
        q.dir = this.isWord("or") ? "src or dst" : "src and dst";
        this.i += 2;
      } else q.dir = d;
    }
    if (this.isWord("host") || this.isWord("net") || this.isWord("port") || this.isWord("portrange")) {
      q.type = (this.peek() as Tok).v as Qual["type"];
      this.i++;
      sawQual = true;
    } else if (this.isWord("broadcast") || this.isWord("multicast")) {
      const which = (this.peek() as Tok).v;
      this.i++;
      return this.castPrimitive(q.proto, which);
    } else if (this.isWord("greater") || this.isWord("less")) {
      const which = (this.peek() as Tok).v;
      this.i++;
      const n = this.peek();
      if (n?.t !== "word" || !/^\d+$/.test(n.v)) throw new FilterError(SYNTAX);
      this.i++;
      return { kind: "len", op: which === "greater" ? ">=" : "<=", value: Number(n.v) };
    }
    const id = this.peek();
    if (id?.t !== "word" || KEYWORDS.has(id.v)) throw new FilterError(SYNTAX);
    if (!sawQual) {
      // An ID on its own repeats the last qualifiers (`port 80 or 443`); at the start there are none.
      if (!this.last) throw new FilterError(SYNTAX);
      Object.assign(q, this.last);
    }
    this.i++;
    this.last = { ...q };
    return this.id(q, id.v);
  }

  /** `ip proto N` (or `proto N`): a number, or a name from /etc/protocols (the keywords escaped: `\\tcp`). */
  private ipProto(): FilterNode {
    this.i += this.isWord("ip") ? 2 : 1;
    const id = this.peek();
    if (id?.t !== "word" || (KEYWORDS.has(id.v) && !IP_PROTOS.has(id.v))) throw new FilterError(SYNTAX);
    this.i++;
    this.last = undefined;
    const name = id.v.replace(/^\\/, "");
    const n = /^\d+$/.test(name) ? Number(name) : IP_PROTOS.get(name);
    if (n === undefined) throw new FilterError(`unknown ip proto '${name}'`);
    if (n > 255) throw new FilterError(`illegal protocol number ${n} > 255`);
    const byte: Arith = { kind: "load", proto: "ip", offset: { kind: "num", value: 9 }, size: 1 };
    return { kind: "relop", op: "=", left: byte, right: { kind: "num", value: n } };
  }

  private protoOnly(p: string): FilterNode {
    this.last = undefined;
    if (p === "ip" || p === "tcp" || p === "udp" || p === "icmp" || p === "ip6" || p === "icmp6")
      return { kind: "proto", proto: p };
    if (p === "ether") throw new FilterError(SYNTAX);
    return { kind: "false" };
  }

  private castPrimitive(proto: string | undefined, which: string): FilterNode {
    if (which === "broadcast") return { kind: "host", dir: "dst", addr: 0xffffffff, bits: 32 };
    if (proto === "ether" || proto === undefined) return { kind: "false" };
    return { kind: "host", dir: "dst", addr: 0xe0000000, bits: 4 };
  }

  private id(q: Qual, v: string): FilterNode {
    const type = q.type ?? "host";
    if (q.proto === "ether") {
      if (!/^([0-9a-fA-F]{1,2}:){5}[0-9a-fA-F]{1,2}$/.test(v)) throw new FilterError("illegal link layer address");
      const mac = v
        .toLowerCase()
        .split(":")
        .map((b) => b.padStart(2, "0"))
        .join(":");
      return { kind: "ether", dir: q.dir, mac };
    }
    if (type === "port" || type === "portrange") return this.port(q, v, type);
    // libpcap's lexer reads dotted numbers as an address; one past 255 fails there, before any lookup.
    const dotted = v.split("/")[0]!;
    if (/^\d+(\.\d+){1,3}$/.test(dotted) && dotted.split(".").some((p) => Number(p) > 255))
      throw new FilterError(`invalid IPv4 address '${dotted}'`);
    if (type === "net") return this.net(q, v);
    const addr = hostAddress(v);
    if (addr !== undefined && /^\d+(\.\d+){3}$/.test(v))
      return this.withProto(q, { kind: "host", dir: q.dir, addr, bits: 32 });
    if (addr !== undefined && /^\d+(\.\d+){0,2}$/.test(v)) {
      return this.withProto(q, { kind: "host", dir: q.dir, addr, bits: 32 });
    }
    const resolved = this.resolve(v);
    if (resolved === undefined) throw new FilterError(`unknown host '${v}'`);
    return this.withProto(q, { kind: "host", dir: q.dir, addr: parseIpv4(resolved) ?? 0, bits: 32 });
  }

  private withProto(q: Qual, n: FilterNode): FilterNode {
    if (q.proto === "tcp" || q.proto === "udp") {
      throw new FilterError(`'${q.proto}' modifier applied to host`);
    }
    return n;
  }

  private net(q: Qual, v: string): FilterNode {
    const [first, len] = v.split("/") as [string, string | undefined];
    let a = first;
    let bits: number;
    if (this.isWord("mask")) {
      this.i++;
      const m = this.peek();
      const mask = m?.t === "word" ? parseIpv4(m.v) : null;
      if (mask === null || mask === undefined) throw new FilterError(SYNTAX);
      this.i++;
      bits = 0;
      for (let m2 = mask >>> 0; m2 & 0x80000000; m2 = (m2 << 1) >>> 0) bits++;
    } else if (len !== undefined) {
      bits = Number(len);
      if (!/^\d+$/.test(len) || bits > 32) throw new FilterError(`mask length must be <= 32`);
    } else {
      const parts = a.split(".").length;
      bits = parts * 8;
      a = a + ".0".repeat(4 - parts);
    }
    const addr = parseIpv4(a);
    if (addr === null || addr === undefined) throw new FilterError(`unknown network '${v}'`);
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if ((addr & ~mask) >>> 0 !== 0) throw new FilterError(`non-network bits set in "${v}"`);
    return { kind: "host", dir: q.dir, addr, bits };
  }

  private port(q: Qual, v: string, type: "port" | "portrange"): FilterNode {
    const one = (s: string): number => {
      if (/^\d+$/.test(s)) {
        const n = Number(s);
        if (n > 65535) throw new FilterError(`illegal port number ${n} > 65535`);
        return n;
      }
      if (Object.hasOwn(SERVICES, s)) return SERVICES[s]!;
      throw new FilterError(`unknown port '${s}'`);
    };
    let from: number;
    let to: number;
    if (type === "portrange") {
      // One port alone is a range of one (`portrange 100`).
      const m = /^([^-]+)-([^-]+)$/.exec(v);
      if (!m && v.includes("-")) throw new FilterError(SYNTAX);
      from = one(m ? m[1]! : v);
      to = one(m ? m[2]! : v);
      if (from > to) [from, to] = [to, from];
    } else from = to = one(v);
    const proto = q.proto === "tcp" || q.proto === "udp" ? q.proto : undefined;
    if (q.proto !== undefined && proto === undefined && q.proto !== "ip") throw new FilterError(SYNTAX);
    return proto ? { kind: "port", dir: q.dir, proto, from, to } : { kind: "port", dir: q.dir, from, to };
  }
}

class FilterError extends Error {}

/** Parses the words after tcpdump's options (joined with spaces, as tcpdump does). */
export function parseFilter(text: string, resolve: Resolve): FilterParse {
  if (text.trim() === "") return { ok: true };
  const toks = lex(text);
  if (!toks) return { ok: false, error: SYNTAX };
  const p = new Parser(toks, resolve);
  try {
    const filter = p.expr();
    if (!p.atEnd()) return { ok: false, error: SYNTAX };
    // libpcap's optimizer refuses a program no packet can pass (`ip6 and tcp[13] ...`: loads are IPv4's).
    if (familiesOf(filter) === 0) return { ok: false, error: "expression rejects all packets" };
    return { ok: true, filter };
  } catch (e) {
    if (e instanceof FilterError) return { ok: false, error: e.message };
    throw e;
  }
}
