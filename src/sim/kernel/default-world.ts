/**
 * The lab's starting machines, as docker-oracle builds them (../shared/oracle):
 * the `internet` (eth0 10.88.0.1/16; baidu.com's web server and the DNS server on
 * lo) veth-peered with the Docker `host` (eth0 10.88.0.4/16, default via 10.88.0.1).
 * ifindexes are the oracle's: its eth0 pair is made outside and moved in (9 and
 * 10), so the host's next links (docker0, then the veths) are 2, 3, 4, ...
 * docker0 and the containers are the Docker engine's to add.
 */
import type { World } from "../world.ts";
import { writeFile } from "./files.ts";
import { randomMac } from "./mac.ts";
import { addAddress, addRoute, addVethPair, createNetns, putNetns, setLinkUp, updateNetns } from "./netns.ts";
import type { Listener } from "./types.ts";

export const HOST_HOSTNAME = "docker-host";
export const INTERNET_HOSTNAME = "internet";
export const HOST_ADDR = "10.88.0.4";
export const GATEWAY_ADDR = "10.88.0.1";
export const BAIDU_ADDR = "203.0.113.10";
export const DNS_ADDR = "203.0.113.53";
/** What the oracle's host has in /etc/resolv.conf (its machine's resolver, unreachable from the lab). */
export const HOST_NAMESERVER = "10.255.255.53";

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

/** Adds the internet and the host to an empty world. */
export function buildDefaultWorld(empty: World): World {
  // Both lab machines share the oracle machine's /etc/resolv.conf.
  let w: World = putNetns(empty, createNetns("internet", INTERNET_HOSTNAME, { nameservers: [HOST_NAMESERVER] }));
  w = putNetns(
    w,
    createNetns("host", HOST_HOSTNAME, {
      // dockerd turns forwarding on when it starts.
      sysctl: {
        "net.ipv4.ip_forward": "1",
        "net.ipv4.conf.all.forwarding": "1",
        "net.ipv4.conf.default.forwarding": "1",
      },
      nameservers: [HOST_NAMESERVER],
    }),
  );
  const [hostMac, rng1] = randomMac(w.rng);
  const [wanMac, rng] = randomMac(rng1);
  w = { ...w, rng };
  w = addVethPair(
    w,
    { netns: "host", name: "eth0", mac: hostMac, ifindex: 10, txqlen: 1000 },
    { netns: "internet", name: "eth0", mac: wanMac, ifindex: 9, txqlen: 1000 },
  );
  w = updateNetns(w, "internet", (ns) => {
    let n = addAddress(ns, "eth0", `${GATEWAY_ADDR}/16`);
    n = addAddress(n, "lo", `${BAIDU_ADDR}/32`);
    n = addAddress(n, "lo", `${DNS_ADDR}/32`);
    return setLinkUp(n, "eth0", true);
  });
  w = updateNetns(w, "host", (ns) => {
    let n = addAddress(ns, "eth0", `${HOST_ADDR}/16`);
    n = setLinkUp(n, "eth0", true);
    return addRoute(n, { dst: "default", via: GATEWAY_ADDR, dev: "eth0" });
  });
  // The oracle's servers: python's http.server on every address, and wan-dns.py on the DNS address.
  const web: Listener = {
    proto: "tcp",
    addr: "0.0.0.0",
    port: 80,
    pid: w.nextPid,
    process: "python3",
    app: { kind: "web", site: "baidu.com" },
  };
  const dns: Listener = {
    proto: "udp",
    addr: DNS_ADDR,
    port: 53,
    pid: w.nextPid + 1,
    process: "python3",
    app: { kind: "dns" },
  };
  w = updateNetns(w, "internet", (ns) => ({ ...ns, listeners: [web, dns] }));
  w = { ...w, nextPid: w.nextPid + 2 };
  w = writeFile(w, "host", "/etc/hosts", HOST_HOSTS);
  w = writeFile(w, "host", "/etc/sysctl.conf", SYSCTL_CONF);
  // docker-oracle starts dockerd with a daemon.json holding `{}`; scenarios read and replace it.
  w = writeFile(w, "host", "/etc/docker/daemon.json", "{}\n");
  return w;
}
