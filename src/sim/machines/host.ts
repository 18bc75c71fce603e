/**
 * The Docker host, a Debian 12 machine as the oracle builds it (its machine is
 * called `vm` there; the lab's is `docker-host`): eth0 10.88.0.4/16 behind the
 * gateway 10.88.0.1, forwarding on (dockerd turns it on when it starts), and the
 * files a fresh Debian install has. The oracle's host shares its machine's
 * resolver (so it cannot show its own); the lab's host asks the lab's DNS server,
 * 203.0.113.53, as a host on this network would, so `curl baidu.com` works there.
 */
import { debianDisk } from "./disk.ts";
import type { Netns } from "../kernel/types.ts";
import { addAddress, addRoute } from "../kernel/netns.ts";
import { setLinkUp } from "../kernel/link.ts";
import { DNS_ADDR, GATEWAY_ADDR } from "./internet.ts";
import { DEBIAN_BASE, DEBIAN_NET_TOOLS, DEBIAN_USER_TOOLS } from "./packages.ts";
import { provides, type MachineSpec } from "./types.ts";

export const HOST_HOSTNAME = "docker-host";
export const HOST_ADDR = "10.88.0.4";
/** The host's CPUs (docker info's NCPU, the bound of `--cpus`), as the oracle's machine has them. */
export const HOST_CPUS = 2;
/** What the oracle's machine has in /etc/resolv.conf (its own resolver, unreachable from the lab): the internet machine keeps it. */
export const ORACLE_NAMESERVER = "10.255.255.53";
/** The host's /etc/resolv.conf names the lab's DNS server. */
export const HOST_NAMESERVER = DNS_ADDR;

/** The host's namespace settings at creation. */
export const HOST_NETNS = {
  // dockerd turns forwarding on when it starts.
  sysctl: {
    "net.ipv4.ip_forward": "1",
    "net.ipv4.conf.all.forwarding": "1",
    "net.ipv4.conf.default.forwarding": "1",
  },
  nameservers: [HOST_NAMESERVER],
};

const HOST_HOSTS = `127.0.0.1\tlocalhost
127.0.1.1\t${HOST_HOSTNAME}

# The following lines are desirable for IPv6 capable hosts
::1     localhost ip6-localhost ip6-loopback
ff02::1 ip6-allnodes
ff02::2 ip6-allrouters
`;

/** Debian 12's /etc/sysctl.conf (procps 4.0.2): comments only, so `sysctl -p` sets nothing until edited. */
const SYSCTL_CONF = `#
# /etc/sysctl.conf - Configuration file for setting system variables
# See /etc/sysctl.d/ for additional system variables.
# See sysctl.conf (5) for information.
#

#kernel.domainname = example.com

# Uncomment the following to stop low-level messages on console
#kernel.printk = 3 4 1 3

###################################################################
# Functions previously found in netbase
#

# Uncomment the next two lines to enable Spoof protection (reverse-path filter)
# Turn on Source Address Verification in all interfaces to
# prevent some spoofing attacks
#net.ipv4.conf.default.rp_filter=1
#net.ipv4.conf.all.rp_filter=1

# Uncomment the next line to enable TCP/IP SYN cookies
# See http://lwn.net/Articles/277146/
# Note: This may impact IPv6 TCP sessions too
#net.ipv4.tcp_syncookies=1

# Uncomment the next line to enable packet forwarding for IPv4
#net.ipv4.ip_forward=1

# Uncomment the next line to enable packet forwarding for IPv6
#  Enabling this option disables Stateless Address Autoconfiguration
#  based on Router Advertisements for this host
#net.ipv6.conf.all.forwarding=1


###################################################################
# Additional settings - these settings can improve the network
# security of the host and prevent against some network attacks
# including spoofing attacks and man in the middle attacks through
# redirection. Some network environments, however, require that these
# settings are disabled so review and enable them as needed.
#
# Do not accept ICMP redirects (prevent MITM attacks)
#net.ipv4.conf.all.accept_redirects = 0
#net.ipv6.conf.all.accept_redirects = 0
# _or_
# Accept ICMP redirects only for gateways listed in our default
# gateway list (enabled by default)
# net.ipv4.conf.all.secure_redirects = 1
#
# Do not send ICMP redirects (we are not a router)
#net.ipv4.conf.all.send_redirects = 0
#
# Do not accept IP source route packets (we are not a router)
#net.ipv4.conf.all.accept_source_route = 0
#net.ipv6.conf.all.accept_source_route = 0
#
# Log Martian Packets
#net.ipv4.conf.all.log_martians = 1
#

###################################################################
# Magic system request Key
# 0=disable, 1=enable all, >1 bitmask of sysrq functions
# See https://www.kernel.org/doc/html/latest/admin-guide/sysrq.html
# for what other values do
#kernel.sysrq=438

`;

/** Files a fresh host has; docker-oracle starts dockerd with a daemon.json holding `{}`, which scenarios read and replace. */
export const HOST_FILES: Readonly<Record<string, string>> = {
  "/etc/hosts": HOST_HOSTS,
  "/etc/sysctl.conf": SYSCTL_CONF,
  "/etc/docker/daemon.json": "{}\n",
};

/** eth0 addressed and up, the default route via the internet's gateway. */
export function configureHost(ns: Netns): Netns {
  let n = addAddress(ns, "eth0", `${HOST_ADDR}/16`);
  n = setLinkUp(n, "eth0", true);
  return addRoute(n, { dst: "default", via: GATEWAY_ADDR, dev: "eth0" });
}

/** What is installed: a Debian 12 Docker host (Debian's docker.io 26.1.5 under systemd). */
export const HOST_MACHINE: MachineSpec = {
  description: "Debian 12 Docker host",
  shell: "bash",
  // The oracle's kernel has neither module: Docker's ipvlan ports and macvlan's dummy parents fail there.
  missingLinkKinds: ["ipvlan", "dummy"],
  programs: {
    ...DEBIAN_BASE,
    ...DEBIAN_NET_TOOLS,
    ...DEBIAN_USER_TOOLS,
    ...provides("systemd", ["systemctl", "journalctl"]),
    ...provides("init-system-helpers", ["service"]),
    ...provides("docker.io", ["docker", "dockerd", "docker-proxy"]),
    // docker-oracle installs it: `busybox nc` is the host's only netcat (Debian's small one).
    ...provides("busybox", ["busybox"]),
  },
  busyboxStandalone: false,
  workdir: "/root",
  disk: debianDisk(true),
};
