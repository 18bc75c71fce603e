/**
 * The lab's starting machines, as docker-oracle builds them (../shared/oracle):
 * the `internet` (internet.ts) veth-peered with the Docker `host` (host.ts).
 * ifindexes are the oracle's: its eth0 pair is made outside and moved in, keeping the
 * indexes the outer machine's counter gave them (893 and 894 on a day it was read; they
 * grow run by run), so the host's own links (docker0, then the veths) are 2, 3, 4, ...
 * and never meet eth0's, however many containers a session starts.
 * docker0 and the containers are the Docker engine's to add.
 */
import { writeFile } from "../kernel/files.ts";
import { randomMac } from "../kernel/mac.ts";
import { createNetns, putNetns, updateNetns } from "../kernel/netns.ts";
import { addVethPair } from "../kernel/link.ts";
import type { KernelWorld } from "../kernel/types.ts";
import { configureHost, HOST_FILES, HOST_HOSTNAME, HOST_NETNS, ORACLE_NAMESERVER } from "./host.ts";
import { configureInternet, INTERNET_HOSTNAME, internetListeners } from "./internet.ts";

/** Adds the internet and the host to an empty world. */
export function buildDefaultWorld<W extends KernelWorld>(empty: W): W {
  // The internet shares the oracle machine's /etc/resolv.conf, as on the oracle; the host asks the lab's DNS.
  let w = putNetns(empty, createNetns("internet", INTERNET_HOSTNAME, { nameservers: [ORACLE_NAMESERVER] }));
  w = putNetns(w, createNetns("host", HOST_HOSTNAME, HOST_NETNS));
  const [hostMac, rng1] = randomMac(w.rng);
  const [wanMac, rng] = randomMac(rng1);
  w = { ...w, rng };
  w = addVethPair(
    w,
    { netns: "host", name: "eth0", mac: hostMac, ifindex: 894, txqlen: 1000 },
    { netns: "internet", name: "eth0", mac: wanMac, ifindex: 893, txqlen: 1000 },
  );
  w = updateNetns(w, "internet", configureInternet);
  w = updateNetns(w, "host", configureHost);
  const listeners = internetListeners(w.nextPid);
  w = updateNetns(w, "internet", (ns) => ({ ...ns, listeners }));
  w = { ...w, nextPid: w.nextPid + listeners.length };
  for (const [path, text] of Object.entries(HOST_FILES)) w = writeFile(w, "host", path, text);
  return w;
}
