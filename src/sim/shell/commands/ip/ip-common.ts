/**
 * What the parts of `ip` share: the parsed context, iproute2's prefix matching,
 * and the error texts both flavours print (iproute2 on the host, busybox in containers).
 */
import { maskOf, parseIpv4 } from "../../../ipv4.ts";
import { findLink } from "../../../kernel/link.ts";
import type { Netns } from "../../../kernel/types.ts";
import type { World } from "../../../world.ts";
import { ok, type CommandResult } from "../../command.ts";
import type { IpFlavor, LinkFilter } from "./ip-show.ts";

/** iproute2's matches(): a non-empty prefix of the full word. */
export function matches(arg: string, word: string): boolean {
  return arg.length > 0 && word.startsWith(arg);
}

export interface Ctx {
  readonly world: World;
  readonly ns: Netns;
  readonly flavor: IpFlavor;
  readonly inet4: boolean;
  /** `-6` (or `-f inet6`): IPv6 objects only. */
  readonly inet6?: boolean;
  readonly brief: boolean;
  /** `-d` and `-s`; busybox has neither. */
  readonly details?: boolean;
  /** How many times -s was given: twice adds the error breakdown. */
  readonly stats?: number;
  /** `-o`: one line per record. */
  readonly oneline?: boolean;
  /** `-all`: `netns exec` and `netns delete` act on every name in /run/netns. */
  readonly all?: boolean;
  /** busybox in a container changes links, addresses and routes only with CAP_NET_ADMIN. */
  readonly admin?: boolean;
}

export function out(world: World, text: string): CommandResult {
  return ok(world, text);
}

export function err(world: World, text: string, code: number): CommandResult {
  return { world, stdout: "", stderr: text, exitCode: code };
}

/**
 * The kernel's refusal of a netlink request. iproute2 prints the kernel's extended ack
 * when there is one and strerror otherwise; busybox reads no extended ack and prefixes
 * its applet name to strerror.
 */
export function rtnl(c: Ctx, errno: string, extack?: string): CommandResult {
  if (c.flavor === "busybox") return err(c.world, `ip: RTNETLINK answers: ${errno}\n`, 2);
  return err(c.world, extack !== undefined ? `Error: ${extack}.\n` : `RTNETLINK answers: ${errno}\n`, 2);
}

/** iproute2's "any valid prefix is expected" check, and busybox's. */
export function badPrefix(c: Ctx, arg: string): CommandResult {
  if (c.flavor === "busybox") return err(c.world, `ip: an inet prefix is expected rather than "${arg}"\n`, 1);
  return err(c.world, `Error: any valid prefix is expected rather than "${arg}".\n`, 1);
}

export function noDevice(c: Ctx, name: string, kind: "show" | "find"): CommandResult {
  if (c.flavor === "busybox") return err(c.world, `ip: can't find device '${name}'\n`, 1);
  if (kind === "show") return err(c.world, `Device "${name}" does not exist.\n`, 1);
  return err(c.world, `Cannot find device "${name}"\n`, 1);
}

/** Whether the change is refused: busybox's ip in a container without CAP_NET_ADMIN. */
export function refused(c: Ctx): boolean {
  return c.flavor === "busybox" && !c.admin;
}

const DENIED = {
  rtnetlink: "ip: RTNETLINK answers: Operation not permitted\n",
  flags: "ip: SIOCSIFFLAGS: Operation not permitted\n",
  mtu: "ip: SIOCSIFMTU: Operation not permitted\n",
} as const;

export function denied(c: Ctx, what: keyof typeof DENIED): CommandResult {
  return err(c.world, DENIED[what], 2);
}

/**
 * An address with an optional prefix, as iproute2 and busybox read one: a dotted
 * quad may be cut short (`1.2.3` is 1.2.3.0).
 */
export function validCidr(arg: string): { address: string; prefixLen: number; explicitLen: boolean } | null {
  const [raw, len, extra] = arg.split("/");
  if (raw === undefined || extra !== undefined || !/^\d{1,3}(\.\d{1,3}){0,3}$/.test(raw)) return null;
  const parts = raw.split(".");
  while (parts.length < 4) parts.push("0");
  const a = parts.join(".");
  if (parseIpv4(a) === null) return null;
  if (len === undefined) return { address: a, prefixLen: 32, explicitLen: false };
  if (!/^\d{1,2}$/.test(len) || Number(len) > 32) return null;
  return { address: a, prefixLen: Number(len), explicitLen: true };
}

/** Reads `[dev] NAME`, `up` and `master BR`: the filters `show` accepts. */
/** NEXT_ARG() with nothing after the keyword: iproute2's incomplete_command(), busybox's own words. */
export function incomplete(c: Ctx): CommandResult {
  return c.flavor === "busybox"
    ? err(c.world, "ip: command line is not complete\n", 1)
    : err(c.world, 'Command line is not complete. Try option "help"\n', 255);
}

export function showTarget(
  c: Ctx,
  args: readonly string[],
  object: string,
): { filter: LinkFilter; error?: CommandResult } {
  let dev: string | undefined;
  let master: string | undefined;
  let up = false;
  let kind: string | undefined;
  let scope: string | undefined;
  let to: { network: number; len: number } | undefined;
  let label: string | undefined;
  const incomplete = () => ({
    filter: {},
    error: err(c.world, 'Command line is not complete. Try option "help"\n', 255),
  });
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "dev") {
      const name = args[i + 1];
      if (name === undefined) return incomplete();
      dev = name;
      i++;
    } else if (a === "master" && c.flavor === "iproute2") {
      master = args[++i];
      if (master === undefined) return incomplete();
      if (!findLink(c.ns, master))
        return { filter: {}, error: err(c.world, `Device "${master}" does not exist.\n`, 1) };
    } else if (a === "type" && c.flavor === "iproute2") {
      kind = args[++i];
      if (kind === undefined) return incomplete();
    } else if (a === "up") {
      up = true;
    } else if (object === "address" && a === "scope") {
      scope = args[++i];
      if (scope === undefined) return incomplete();
      if (!["global", "link", "host", "site", "nowhere"].includes(scope) && !/^\d+$/.test(scope))
        return { filter: {}, error: err(c.world, `Error: argument "${scope}" is wrong: invalid "scope"\n\n`, 255) };
    } else if (object === "address" && a === "label" && c.flavor === "iproute2") {
      label = args[++i];
      if (label === undefined) return incomplete();
    } else if (object === "address" && a === "to") {
      const word = args[++i];
      if (word === undefined) return incomplete();
      const cidr = validCidr(word);
      if (!cidr) return { filter: {}, error: badPrefix(c, word) };
      to = { network: ((parseIpv4(cidr.address) ?? 0) & maskOf(cidr.prefixLen)) >>> 0, len: cidr.prefixLen };
    } else if (dev === undefined) {
      dev = a;
    } else {
      if (c.flavor === "busybox") {
        return { filter: {}, error: err(c.world, `ip: either "dev" is duplicate, or "${a}" is garbage\n`, 2) };
      }
      return { filter: {}, error: err(c.world, `Error: either "dev" is duplicate, or "${a}" is a garbage.\n`, 255) };
    }
  }
  if (dev !== undefined && !findLink(c.ns, dev)) {
    return {
      filter: {},
      error:
        c.flavor === "busybox" && object === "link"
          ? err(c.world, `ip: can't find device '${dev}'\n`, 2)
          : noDevice(c, dev, "show"),
    };
  }
  return {
    filter: {
      ...(dev !== undefined ? { dev } : {}),
      ...(master !== undefined ? { master } : {}),
      ...(up ? { up } : {}),
      ...(kind !== undefined ? { kind } : {}),
      ...(scope !== undefined ? { scope } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(label !== undefined ? { label } : {}),
    },
  };
}
