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
  // docker-oracle starts dockerd with a daemon.json holding `{}`; scenarios read and replace it.
  w = writeFile(w, "host", "/etc/docker/daemon.json", "{}\n");
  return w;
}
