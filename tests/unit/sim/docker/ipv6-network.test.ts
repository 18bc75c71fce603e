/**
 * `docker network create --ipv6`: the IPv6 side of the network (IPAM, the bridge's gateway,
 * the container's addresses and routes), each engine's rules, and packets across the bridge,
 * as the oracle showed them (notes probe-v6net, fixtures b01-b04).
 */
import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, type EngineVersion, type World } from "../../../../src/sim/index.ts";

function run(engine: EngineVersion, ...lines: string[]): World {
  let w = createWorld(1, { engine });
  for (const line of lines) w = applyCommand(w, line).world;
  return w;
}

function out(w: World, line: string, machine = "host"): string {
  const r = applyCommand(w, line, { machine });
  return r.stdout + r.stderr;
}

const NET = "docker network create --ipv6 --subnet fd00:db8::/64 v6net";
const RUN = "docker run -d --name w6 --network v6net -p 2025:80 nginx";

function ctr(w: World, name: string): string {
  return w.docker.containers.find((c) => c.name === name)!.id;
}

describe("an --ipv6 network", () => {
  it("keeps the IPv6 pool first in its IPAM config and gives the container ::2 after the gateway ::1", () => {
    const w = run("26", NET, RUN);
    expect(out(w, "docker network inspect -f '{{json .IPAM.Config}}' v6net")).toBe(
      '[{"Subnet":"fd00:db8::/64"},{"Subnet":"172.18.0.0/16","Gateway":"172.18.0.1"}]\n',
    );
    const f =
      "{{range .NetworkSettings.Networks}}{{.GlobalIPv6Address}}/{{.GlobalIPv6PrefixLen}} via {{.IPv6Gateway}}{{end}}";
    expect(out(w, `docker inspect -f '${f}' w6`)).toBe("fd00:db8::2/64 via fd00:db8::1\n");
    expect(out(w, "ip -6 route", ctr(w, "w6"))).toBe(
      "fd00:db8::/64 dev eth0  metric 256 \nfe80::/64 dev eth0  metric 256 \n" +
        "default via fd00:db8::1 dev eth0  metric 1024 \nmulticast ff00::/8 dev eth0  metric 256 \n",
    );
    expect(out(w, "cat /etc/hosts", ctr(w, "w6"))).toContain(`fd00:db8::2\t${ctr(w, "w6").slice(0, 12)}\n`);
  });

  it("leaves 26's gateway tentative until the bridge has a carrier and DAD has run; 28 adds it nodad", () => {
    const created = run("26", NET);
    expect(out(created, "ip -o -6 addr show scope global")).toMatch(/fd00:db8::1\/64 scope global tentative/);
    const later = run("26", NET, RUN, "sleep 3");
    expect(out(later, "ip -o -6 addr show scope global")).toMatch(/fd00:db8::1\/64 scope global \\/);
    expect(out(run("28", NET), "ip -o -6 addr show scope global")).toMatch(/fd00:db8::1\/64 scope global nodad/);
  });

  it("times a host connection out while 26's gateway is in DAD, then carries it across the bridge", () => {
    const curl = "curl -s -m 3 -o /dev/null -w '%{http_code} %{local_ip}\\n' http://[fd00:db8::2]/";
    const w = run("26", NET, RUN);
    const first = applyCommand(w, curl);
    expect(first.exitCode).toBe(28);
    expect(out(run("26", NET, RUN, "sleep 3"), curl)).toBe("200 fd00:db8::1\n");
    expect(out(run("28", NET, RUN), curl)).toBe("200 fd00:db8::1\n");
  });

  it("lets a container reach another by name over IPv6 (curl tries the AAAA answer first)", () => {
    const w = run("26", NET, RUN, "docker run -d --name w7 --network v6net nginx", "sleep 3");
    expect(out(w, "curl -s -o /dev/null -w '%{remote_ip}\\n' http://w6/", ctr(w, "w7"))).toBe("fd00:db8::2\n");
    expect(out(w, "ping -c 1 fd00:db8::1", ctr(w, "w6"))).toContain("1 packets received");
  });

  it("writes ip6tables rules on 28 only, and 26 refuses --ipv6 without a subnet", () => {
    const w28 = run("28", NET, RUN);
    expect(out(w28, "ip6tables -t nat -S")).toContain(
      "! -s fe80::/10 ! -i br-" + w28.docker.networks.find((n) => n.name === "v6net")!.id.slice(0, 12),
    );
    expect(out(w28, "ip6tables -t raw -S")).toContain("-A PREROUTING -d fd00:db8::2/128 ! -i br-");
    expect(out(run("26", NET, RUN), "ip6tables-save")).toBe("");
    expect(out(run("26"), "docker network create --ipv6 v6b")).toContain(
      "could not find an available, non-overlapping IPv6 address pool",
    );
    expect(out(run("28", "docker network create --ipv6 v6b"), "ip -6 route")).toMatch(
      /^fd[0-9a-f]{2}:[0-9a-f:]+::\/64 /,
    );
  });

  it("refuses --ip6 outside the subnet, on the default bridge, and when taken", () => {
    const w = run("26", NET, "docker run -d --name w7 --network v6net --ip6 fd00:db8::77 nginx");
    expect(out(w, "docker run -d --network v6net --ip6 fd00:db9::5 nginx")).toContain(
      "no configured subnet or ip-range contain the IP address fd00:db9::5",
    );
    expect(out(w, "docker run -d --ip6 fd00:db8::78 nginx")).toContain(
      "* user specified IP address is supported on user defined networks only",
    );
    expect(out(w, "docker run -d --network v6net --ip6 fd00:db8::77 nginx")).toContain("Address already in use");
  });
});
