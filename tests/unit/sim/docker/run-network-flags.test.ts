/** docker run's network flags as other tutorials use them (oracle session al, round 27). */
import { describe, expect, it } from "vitest";
import { createWorld, type World } from "../../../../src/sim/index.ts";
import { inside, out, run } from "../lab.ts";

const world = (engine: "26" | "28" = "26"): World => createWorld(1, { engine });

describe("docker run: pflag's shorthand bool with a value", () => {
  it("reads -P=false as --publish-all=false", () => {
    const w = run(world(), "docker run -d -P=false --name off nginx");
    expect(out(w, "docker port off").text).toBe("");
    expect(out(w, "docker inspect -f '{{.HostConfig.PublishAllPorts}}' off").stdout).toBe("false\n");
  });
});

describe("docker run --network host", () => {
  it("keeps -p in HostConfig.PortBindings though nothing is published", () => {
    const w = run(world(), "docker run -d --network host -p 8080:80 --name hweb nginx");
    expect(
      out(w, "docker inspect -f '{{json .HostConfig.PortBindings}}|{{json .NetworkSettings.Ports}}' hweb").stdout,
    ).toBe('{"80/tcp":[{"HostIp":"","HostPort":"8080"}]}|{}\n');
    expect(out(w, "docker port hweb").text).toBe("");
  });

  it("names the container by -h in its own UTS namespace, the host's name otherwise", () => {
    const w = run(
      world(),
      "docker run -d --network host -h other --name ha nginx",
      "docker run -d --network host --name hb nginx",
    );
    expect(out(w, "hostname", inside(w, "ha")).stdout).toBe("other\n");
    expect(out(w, "hostname", inside(w, "hb")).stdout).toBe(out(w, "hostname").stdout);
  });
});

describe("docker run --link", () => {
  const linked = (engine: "26" | "28" = "26") =>
    run(
      world(engine),
      "docker run -d -p 2024:80 --name web nginx",
      "docker run -d --link web:site --name client nginx",
    );

  it("writes ALIAS HOSTNAME NAME in /etc/hosts and the link's variables in the environment", () => {
    const w = linked();
    const sid = w.docker.containers.find((c) => c.name === "web")!.id.slice(0, 12);
    expect(out(w, "grep site /etc/hosts", inside(w, "client")).stdout).toBe(`172.17.0.2\tsite ${sid} web\n`);
    expect(out(w, "env | grep ^SITE_ | sort", inside(w, "client")).stdout).toBe(
      "SITE_NAME=/client/site\nSITE_PORT=tcp://172.17.0.2:80\nSITE_PORT_80_TCP=tcp://172.17.0.2:80\n" +
        "SITE_PORT_80_TCP_ADDR=172.17.0.2\nSITE_PORT_80_TCP_PORT=80\nSITE_PORT_80_TCP_PROTO=tcp\n",
    );
    expect(out(w, "docker inspect -f '{{json .HostConfig.Links}}' client").stdout).toBe('["/web:/client/site"]\n');
  });

  it("refuses a missing container, and a restart once the linked one is gone", () => {
    let w = linked();
    expect(out(w, "docker run -d --link nosuch:db nginx").text).toContain(
      "could not get container for nosuch: No such container: nosuch",
    );
    w = run(w, "docker rm -f web");
    const r = out(w, "docker restart client");
    expect(r.stderr).toBe(
      "Error response from daemon: Cannot restart container client: Cannot link to a non running container: /web AS /client/site\n",
    );
    expect(out(r.world, "docker ps -a --format '{{.Names}} {{.State}}'").stdout).toBe("client exited\n");
  });

  it("is refused with --network none by CLI 26 only", () => {
    expect(out(linked("26"), "docker run -d --network none --link web:w nginx").text).toContain(
      "links are only supported for user-defined networks",
    );
    expect(out(linked("28"), "docker run -d --network none --link web:w nginx").code).toBe(0);
  });
});

describe("docker run's names: --domainname, --mac-address, host-gateway", () => {
  it("writes the FQDN then the short name in /etc/hosts", () => {
    const w = run(
      world(),
      "docker run -d --hostname app --domainname lab.test --name nn nginx",
      "docker run -d -h a.b.c --name ff nginx",
    );
    expect(out(w, "tail -n 1 /etc/hosts", inside(w, "nn")).stdout).toBe("172.17.0.2\tapp.lab.test app\n");
    expect(out(w, "tail -n 1 /etc/hosts", inside(w, "ff")).stdout).toBe("172.17.0.3\ta.b.c a\n");
    expect(out(w, "docker inspect -f '{{.Config.Hostname}} {{.Config.Domainname}}' nn").stdout).toBe("app lab.test\n");
  });

  it("gives eth0 the MAC asked for, and refuses one that is not", () => {
    const w = run(world(), "docker run -d --mac-address 02:42:AC:11:00:99 --name mac nginx");
    expect(out(w, "cat /sys/class/net/eth0/address", inside(w, "mac")).stdout).toBe("02:42:ac:11:00:99\n");
    expect(out(w, "docker run -d --mac-address 02:42:zz:11:00:99 nginx").text).toBe(
      "docker: 02:42:zz:11:00:99 is not a valid mac address.\nSee 'docker run --help'.\n",
    );
  });

  it("resolves host-gateway to docker0's address", () => {
    const w = run(world(), "docker run -d --add-host host.docker.internal:host-gateway --name gw nginx");
    expect(out(w, "grep host.docker /etc/hosts", inside(w, "gw")).stdout).toBe("172.17.0.1\thost.docker.internal\n");
  });
});

describe("docker run --sysctl", () => {
  it("sets net.* in the container's namespace only, and shows them as a map", () => {
    const w = run(
      world(),
      "docker run -d --sysctl net.ipv4.ip_forward=0 --sysctl net.core.somaxconn=1024 --name tt nginx",
    );
    expect(out(w, "cat /proc/sys/net/ipv4/ip_forward", inside(w, "tt")).stdout).toBe("0\n");
    expect(out(w, "cat /proc/sys/net/ipv4/ip_forward").stdout).toBe("1\n");
    expect(out(w, "docker inspect -f '{{.HostConfig.Sysctls}}' tt").stdout).toBe(
      "map[net.core.somaxconn:1024 net.ipv4.ip_forward:0]\n",
    );
  });

  it("refuses what the CLI does not allow, and runc a net.* sysctl on the host's namespace", () => {
    expect(out(world(), "docker run --sysctl vm.swappiness=10 nginx true").text).toContain(
      `invalid argument "vm.swappiness=10" for "--sysctl" flag: sysctl 'vm.swappiness=10' is not allowed`,
    );
    const r = out(world("28"), "docker run --rm --network host --sysctl net.ipv4.ip_forward=0 nginx true");
    expect(r.text).toContain(
      'runc create failed: sysctl "net.ipv4.ip_forward" not allowed in host network namespace\n',
    );
    expect(r.code).toBe(125);
  });
});

describe("capabilities", () => {
  it("lets busybox ip change the network with NET_ADMIN only", () => {
    const w = run(world(), "docker run -d --name plain nginx", "docker run -d --cap-add NET_ADMIN --name admin nginx");
    expect(out(w, "ip addr add 172.17.0.200/16 dev eth0", inside(w, "plain")).stderr).toBe(
      "ip: RTNETLINK answers: Operation not permitted\n",
    );
    const r = out(w, "ip addr add 172.17.0.200/16 dev eth0", inside(w, "admin"));
    expect(r.code).toBe(0);
    expect(out(r.world, "ip -4 addr show eth0", inside(r.world, "admin")).stdout).toContain(
      "inet 172.17.0.200/16 scope global secondary eth0",
    );
    expect(out(w, "grep CapEff /proc/1/status", inside(w, "plain")).stdout).toBe("CapEff:\t00000000a80425fb\n");
    expect(out(w, "grep CapEff /proc/1/status", inside(w, "admin")).stdout).toBe("CapEff:\t00000000a80435fb\n");
  });

  it("keeps lo's queue once it went down, names CapAdd per engine, refuses unknown ones", () => {
    const w = run(world("28"), "docker run -d --cap-add net_admin --name na nginx");
    const r = out(w, "ip link set lo down; ip link show lo", inside(w, "na"));
    expect(r.stdout).toContain("1: lo: <LOOPBACK> mtu 65536 qdisc noqueue qlen 1000");
    expect(out(w, "docker inspect -f '{{.HostConfig.CapAdd}}' na").stdout).toBe("[CAP_NET_ADMIN]\n");
    expect(out(world(), "docker run --cap-add NET_BOGUS nginx true").text).toContain(
      'Error response from daemon: invalid CapAdd: unknown capability: "CAP_NET_BOGUS"',
    );
  });

  it("denies busybox ping its raw socket without NET_RAW", () => {
    const w = run(world(), "docker run -d --cap-drop NET_RAW --name nr nginx");
    const r = out(w, "ping -c 1 -W 1 172.17.0.1", inside(w, "nr"));
    expect(r.stdout + r.stderr).toBe(
      "PING 172.17.0.1 (172.17.0.1): 56 data bytes\nping: permission denied (are you root?)\n",
    );
    expect(r.code).toBe(1);
  });
});
