/**
 * busybox `nslookup` (1.35): asks the first name server of /etc/resolv.conf (or the
 * one named) directly, over the walk, for A then AAAA (one type with `-type=`), and
 * prints each answer section as busybox does. It reads no /etc/hosts, so `localhost`
 * and container names on the default bridge are NXDOMAIN.
 */
import { parseIpv4 } from "../../../ipv4.ts";
import { createWalkState, getNs, worldOf } from "../../../kernel/stack/context.ts";
import { askDns, type DnsReply } from "../../../programs/resolver.ts";
import type { Command } from "../../command.ts";

export const BUSYBOX_BANNER = "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.";

const USAGE = `${BUSYBOX_BANNER}

Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]

Query DNS about HOST

QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any
`;

/** busybox's xatou_range() complaint about a -timeout= or -retry= value, if it has one. */
function rangeError(value: string, max: number): string | undefined {
  if (!/^\d+$/.test(value)) return `invalid number '${value}'`;
  const n = Number(value);
  return n < 1 || n > max ? `number ${value} is not in 1..${max} range` : undefined;
}

export const nslookup: Command = (argv, ctx) => {
  let type: string | undefined;
  const words: string[] = [];
  for (const a of argv.slice(1)) {
    const m = /^-(?:type|query|q|t)=(.*)$/i.exec(a);
    const n = /^-(timeout|retry)=(.*)$/.exec(a);
    if (m) type = m[1]!.toLowerCase();
    else if (a === "-debug" || a === "-d") continue;
    else if (n) {
      // Options the usage text leaves out but the big nslookup takes: only their range is
      // seen, since a timeout's length is never printed.
      const bad = rangeError(n[2]!, n[1] === "timeout" ? 2147483 : 2147483647);
      if (bad) return { world: ctx.world, stdout: "", stderr: `nslookup: ${bad}\n`, exitCode: 1 };
    } else if (a.startsWith("-")) return { world: ctx.world, stdout: "", stderr: USAGE, exitCode: 1 };
    else words.push(a);
  }
  const [host, serverArg] = words;
  if (host === undefined || words.length > 2) return { world: ctx.world, stdout: "", stderr: USAGE, exitCode: 1 };
  const st = createWalkState(ctx.world);
  const ns = getNs(st, ctx.session.machine);
  const server = serverArg ?? ns?.nameservers[0] ?? "127.0.0.1";
  let out = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
  // An address is looked up in reverse (PTR), which the lab's DNS does not hold.
  if (parseIpv4(host) !== null) {
    const rev = host.split(".").reverse().join(".") + ".in-addr.arpa";
    return {
      world: worldOf(st),
      stdout: out + `** server can't find ${rev}: NXDOMAIN\n\n`,
      stderr: "",
      exitCode: 1,
      events: st.events,
    };
  }
  const qtypes: ("A" | "AAAA")[] = type === "a" ? ["A"] : type === "aaaa" ? ["AAAA"] : ["A", "AAAA"];
  const replies: DnsReply[] = askDns(st, ctx.session.machine, "nslookup", server, host, qtypes);
  if (replies.every((r) => r === "timeout" || r === "refused")) {
    const stdout = ";; connection timed out; no servers could be reached\n\n";
    if (!replies.includes("refused")) return { world: worldOf(st), stdout, stderr: "", exitCode: 1, events: st.events };
    // busybox writes its next query after the ICMP error came back, and that write fails, once;
    // it says so before giving up (on the loopback the two race: the oracle showed both orders).
    const stderr = `nslookup: write to '${server}': Connection refused\n`;
    const output = [
      { stream: "stderr" as const, text: stderr },
      { stream: "stdout" as const, text: stdout },
    ];
    return { world: worldOf(st), stdout, stderr, output, exitCode: 1, events: st.events };
  }
  let failed = false;
  for (const r of replies) {
    if (r === "nxdomain" || r === "servfail" || r === "timeout" || r === "refused") {
      out += `** server can't find ${host}: ${r === "nxdomain" ? "NXDOMAIN" : "SERVFAIL"}\n\n`;
      failed = true;
    } else if (r === "empty") out += "Non-authoritative answer:\n\n";
    else {
      // busybox prints each record of the answer as its own Name/Address pair.
      const records = [r.address, ...(r.more ?? [])].map((a) => `Name:\t${host}\nAddress: ${a}\n`);
      out += `Non-authoritative answer:\n${records.join("")}\n`;
    }
  }
  return { world: worldOf(st), stdout: out, stderr: "", exitCode: failed ? 1 : 0, events: st.events };
};
