/**
 * The `internet` machine as the oracle builds it: eth0 10.88.0.1/16, the host's
 * gateway, and on its loopback baidu.com (203.0.113.10, Python's http.server
 * logging its clients) and the DNS server (203.0.113.53, wan-dns.py).
 */
import { debianDisk } from "./disk.ts";
import { addAddress } from "../kernel/netns.ts";
import { setLinkUp } from "../kernel/link.ts";
import type { Listener, Netns } from "../kernel/types.ts";
import { DEBIAN_BASE, DEBIAN_NET_TOOLS, DEBIAN_USER_TOOLS } from "./packages.ts";
import { provides, type MachineSpec } from "./types.ts";

export const INTERNET_HOSTNAME = "internet";
export const GATEWAY_ADDR = "10.88.0.1";
export const BAIDU_ADDR = "203.0.113.10";
export const DNS_ADDR = "203.0.113.53";

/** eth0 addressed and up; the two servers' addresses on lo. */
export function configureInternet(ns: Netns): Netns {
  let n = addAddress(ns, "eth0", `${GATEWAY_ADDR}/16`);
  n = addAddress(n, "lo", `${BAIDU_ADDR}/32`);
  n = addAddress(n, "lo", `${DNS_ADDR}/32`);
  return setLinkUp(n, "eth0", true);
}

/** The oracle's servers, from process id `pid` on: python's http.server on every address, and wan-dns.py on the DNS address. */
export function internetListeners(pid: number): Listener[] {
  return [
    { proto: "tcp", addr: "0.0.0.0", port: 80, pid, process: "python3", app: { kind: "web", site: "baidu.com" } },
    { proto: "udp", addr: DNS_ADDR, port: 53, pid: pid + 1, process: "python3", app: { kind: "dns" } },
  ];
}

/** What is installed: a Debian 12 machine with the usual network tools, and no Docker. */
export const INTERNET_MACHINE: MachineSpec = {
  description: "Debian 12 machine outside (the host's gateway)",
  shell: "bash",
  // The oracle's internet shares its machine's files, and docker-oracle installs busybox there.
  programs: { ...DEBIAN_BASE, ...DEBIAN_NET_TOOLS, ...DEBIAN_USER_TOOLS, ...provides("busybox", ["busybox"]) },
  busyboxStandalone: false,
  workdir: "/root",
  disk: debianDisk(false),
};
