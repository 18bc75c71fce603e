/** The arguments of nginx's core directives read as its handlers read them, and the error each gives. */
import type { DirectiveSpec } from "./directives.ts";

/** What stops the reading; loadNginxConf turns it into the value it returns. */
export class ConfError extends Error {}

export function checkFlag(name: string, args: readonly string[], spec: DirectiveSpec, at: string): void {
  if (!spec.flag) return;
  const v = args[0]!.toLowerCase();
  if (v !== "on" && v !== "off")
    throw new ConfError(`invalid value "${args[0]}" in "${name}" directive, it must be "on" or "off"${at}`);
}

const LISTEN_PARAMS =
  /^(default_server|default|ssl|http2|proxy_protocol|reuseport|deferred|bind|(ipv6only|backlog|rcvbuf|sndbuf|so_keepalive|fastopen)=.*)$/;

export function parseListen(
  args: readonly string[],
  at: string,
): { addr: string; port: number; defaultServer: boolean } {
  const spec = args[0]!;
  let addr = "0.0.0.0";
  let portText = spec;
  const six = /^\[([^\]]*)\](?::(.*))?$/.exec(spec);
  if (six) {
    addr = six[1]!;
    portText = six[2] ?? "80";
  } else if (spec.includes(":")) {
    const i = spec.lastIndexOf(":");
    addr = spec.slice(0, i) === "*" ? "0.0.0.0" : spec.slice(0, i);
    portText = spec.slice(i + 1);
  } else if (!/^\d+$/.test(spec)) {
    addr = spec === "*" ? "0.0.0.0" : spec === "localhost" ? "127.0.0.1" : spec;
    portText = "80";
  }
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535)
    throw new ConfError(`invalid port in "${spec}" of the "listen" directive${at}`);
  for (const p of args.slice(1)) if (!LISTEN_PARAMS.test(p)) throw new ConfError(`invalid parameter "${p}"${at}`);
  return { addr, port, defaultServer: args.slice(1).some((p) => p === "default_server" || p === "default") };
}

export function parseReturn(args: readonly string[], at: string): { code: number; text?: string } {
  const [first, second] = args as [string, string | undefined];
  if (second === undefined && /^(https?:\/\/|\$scheme)/.test(first)) return { code: 302, text: first };
  if (!/^\d+$/.test(first) || Number(first) > 999) throw new ConfError(`invalid return code "${first}"${at}`);
  return { code: Number(first), ...(second !== undefined ? { text: second } : {}) };
}
