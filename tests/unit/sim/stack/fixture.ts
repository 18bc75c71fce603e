/**
 * A hand-built seed world for the walk's tests: the default world (host + internet)
 * plus what `docker run -d -p 2024:80 --name web nginx` leaves behind on Docker 26 —
 * docker0, one container on 172.17.0.2 with nginx, docker-proxy on :2024, and the
 * exact rules of golden p01 loaded with iptables-restore. The base chains dockerd never
 * writes to (filter INPUT and OUTPUT, nat INPUT) are left out: a restore's policy line
 * would create them in nf_tables, and the kernel's trace would then pass them.
 */
import { addAddress, addRoute, createNetns, putNetns, updateNetns } from "../../../../src/sim/kernel/netns.ts";
import { addBridge, addVethPair, setLinkUp, setMaster } from "../../../../src/sim/kernel/link.ts";
import type { Listener } from "../../../../src/sim/kernel/types.ts";
import { runIptables } from "../../../../src/sim/netfilter/iptables-cli.ts";
import { runIptablesRestore } from "../../../../src/sim/netfilter/iptables-save.ts";
import { buildDefaultWorld } from "../../../../src/sim/machines/lab.ts";
import { createEmptyWorld, type World } from "../../../../src/sim/world.ts";

export const WEB = "67ad0eac52d7060e311405c1364351f11bbe230cda3339da83dee6c62bbf0547";

export const P01_RULES = `*nat
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:DOCKER - [0:0]
-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
-A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE
-A DOCKER -i docker0 -j RETURN
-A DOCKER ! -i docker0 -p tcp -m tcp --dport 2024 -j DNAT --to-destination 172.17.0.2:80
COMMIT
*filter
:FORWARD DROP [0:0]
:DOCKER - [0:0]
:DOCKER-ISOLATION-STAGE-1 - [0:0]
:DOCKER-ISOLATION-STAGE-2 - [0:0]
:DOCKER-USER - [0:0]
-A FORWARD -j DOCKER-USER
-A FORWARD -j DOCKER-ISOLATION-STAGE-1
-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o docker0 -j DOCKER
-A FORWARD -i docker0 ! -o docker0 -j ACCEPT
-A FORWARD -i docker0 -o docker0 -j ACCEPT
-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
-A DOCKER-ISOLATION-STAGE-1 -j RETURN
-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
-A DOCKER-ISOLATION-STAGE-2 -j RETURN
-A DOCKER-USER -j RETURN
COMMIT
`;

/** Loads iptables-restore input into a namespace (the way dockerd's iptables calls end up). */
export function restore(world: World, netns: string, text: string): World {
  return updateNetns(world, netns, (ns) => {
    const r = runIptablesRestore(ns.netfilter, [], text);
    if (r.exitCode !== 0) throw new Error(r.stderr);
    return { ...ns, netfilter: r.nf };
  });
}

/** Adds a container with nginx on `addr` to docker0 (no rules). */
export function addContainer(world: World, id: string, addr: string, n: number): World {
  let w = putNetns(world, createNetns(id, id.slice(0, 12), { nameservers: ["203.0.113.53"] }));
  const mac = `02:42:ac:11:00:${n.toString(16).padStart(2, "0")}`;
  w = addVethPair(
    w,
    {
      netns: "host",
      name: `veth${n.toString(16).padStart(7, "0")}`,
      mac: `aa:bb:cc:00:00:${n.toString(16).padStart(2, "0")}`,
    },
    { netns: id, name: "eth0", mac },
  );
  w = updateNetns(w, "host", (ns) =>
    setLinkUp(
      setMaster(ns, `veth${n.toString(16).padStart(7, "0")}`, "docker0"),
      `veth${n.toString(16).padStart(7, "0")}`,
      true,
    ),
  );
  const nginx: Listener = {
    proto: "tcp",
    addr: "0.0.0.0",
    port: 80,
    pid: 1,
    process: "nginx",
    app: { kind: "nginx", container: id },
  };
  return updateNetns(w, id, (ns) => {
    let c = addAddress(ns, "eth0", `${addr}/16`);
    c = setLinkUp(c, "eth0", true);
    c = addRoute(c, { dst: "default", via: "172.17.0.1", dev: "eth0" });
    return { ...c, listeners: [nginx] };
  });
}

export function seedWorld(opts: { rules?: boolean } = {}): World {
  // The kernel's default world without the Docker daemon: this file plays dockerd's part itself.
  let w = buildDefaultWorld(createEmptyWorld(7));
  w = updateNetns(w, "host", (ns) => {
    let h = addBridge(ns, "docker0", "02:42:d2:91:3f:cf");
    h = addAddress(h, "docker0", "172.17.0.1/16");
    return setLinkUp(h, "docker0", true);
  });
  w = addContainer(w, WEB, "172.17.0.2", 2);
  const proxy: Listener = {
    proto: "tcp",
    addr: "0.0.0.0",
    port: 2024,
    pid: 2,
    process: "docker-proxy",
    app: { kind: "docker-proxy", toAddr: "172.17.0.2", toPort: 80 },
  };
  w = updateNetns(w, "host", (ns) => ({ ...ns, listeners: [...ns.listeners, proxy] }));
  if (opts.rules !== false) w = restore(w, "host", P01_RULES);
  return w;
}

/** Runs one `iptables` command line (argv without the program name) in a namespace. */
export function iptables(world: World, netns: string, argv: readonly string[]): World {
  return updateNetns(world, netns, (ns) => {
    const r = runIptables(ns.netfilter, argv);
    if (r.exitCode !== 0) throw new Error(r.stderr);
    return { ...ns, netfilter: r.nf };
  });
}
