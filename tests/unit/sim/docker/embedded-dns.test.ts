/**
 * Docker's embedded DNS as the oracle showed it (av01–av06): its sockets and nat rules in
 * the container's own namespace, the names it answers, and what it does once the asker has
 * left every network.
 */
import { describe, expect, it } from "vitest";
import { inside, out, run } from "../lab.ts";
import { createWorld } from "../../../../src/sim/world.ts";

const PID = (name: string) => `$(docker inspect -f '{{.State.Pid}}' ${name})`;

describe("the embedded DNS in a container's namespace", () => {
  it("sends 127.0.0.11:53 to dockerd's own ports there, on user networks only, and keeps them after a disconnect", () => {
    let w = run(
      createWorld(5),
      "docker network create labnet",
      "docker run -d --name web --network labnet nginx",
      "docker run -d --name plain nginx",
    );
    const rules = out(w, `nsenter -t ${PID("web")} -n iptables -t nat -S`).text;
    const dnat =
      /-A DOCKER_OUTPUT -d 127\.0\.0\.11\/32 -p udp -m udp --dport 53 -j DNAT --to-destination 127\.0\.0\.11:(\d+)/.exec(
        rules,
      );
    expect(dnat).not.toBeNull();
    const port = dnat![1]!;
    expect(rules).toContain(
      `-A DOCKER_POSTROUTING -s 127.0.0.11/32 -p udp -m udp --sport ${port} -j SNAT --to-source :53`,
    );
    expect(out(w, `nsenter -t ${PID("web")} -n ss -lnu`).text).toContain(`127.0.0.11:${port}`);
    expect(out(w, `nsenter -t ${PID("plain")} -n iptables -t nat -S`).text).not.toContain("DOCKER_OUTPUT");
    // A lookup is one flow through the DNAT: the nat table counts its first packet.
    w = out(w, "nslookup plain", inside(w, "web")).world;
    expect(out(w, `nsenter -t ${PID("web")} -n iptables -t nat -L DOCKER_OUTPUT -n -v`).text).toMatch(
      /\n\s+1\s+\d+ DNAT\s+17 /,
    );
    w = run(w, "docker network connect labnet plain", "docker network disconnect labnet plain");
    expect(out(w, `nsenter -t ${PID("plain")} -n iptables -t nat -S`).text).toContain("-N DOCKER_OUTPUT");
  });

  it("answers a container's name, hostname and NAME.NETWORK without regard to case, and every holder of an alias", () => {
    const w = run(
      createWorld(5),
      "docker network create labnet",
      "docker run -d --name db --hostname dbhost --network labnet nginx",
      "docker run -d --name api1 --network labnet --network-alias api nginx",
      "docker run -d --name api2 --network labnet --network-alias api nginx",
      "docker run -d --name web --network labnet nginx",
    );
    const web = inside(w, "web");
    for (const name of ["db", "DB", "dbhost", "db.labnet"])
      expect(out(w, `nslookup -type=a ${name}`, web).text).toContain("Address: 172.18.0.2\n");
    const api = out(w, "nslookup -type=a api", web).text;
    expect(api.match(/^Address: /gm)).toHaveLength(2);
    expect(api).toContain("Address: 172.18.0.3\n");
    expect(api).toContain("Address: 172.18.0.4\n");
    expect(out(w, "docker inspect -f '{{.NetworkSettings.Networks.labnet.DNSNames}}' db").text).toMatch(
      /^\[db [0-9a-f]{12} dbhost\]\n$/,
    );
  });

  it("keeps resolv.conf and answers SERVFAIL once the asker is on no network", () => {
    let w = run(
      createWorld(5),
      "docker network create labnet",
      "docker run -d --name web --network labnet nginx",
      "docker run -d --name db --network labnet nginx",
      "docker network disconnect labnet web",
    );
    expect(out(w, "grep ^nameserver /etc/resolv.conf", inside(w, "web")).text).toBe("nameserver 127.0.0.11\n");
    const r = out(w, "nslookup db", inside(w, "web"));
    expect(r.text).toContain("** server can't find db: SERVFAIL");
    w = run(w, "docker rename db database");
    expect(out(w, "nslookup -type=a db", inside(w, "database")).code).toBe(1);
  });

  it("writes --dns-option after or instead of the internal ndots, and drops a search of '.'", () => {
    const w = createWorld(5);
    const user = out(
      run(w, "docker network create labnet"),
      "docker run --rm --network labnet --dns-option use-vc nginx cat /etc/resolv.conf",
    ).text;
    expect(user).toContain("options use-vc ndots:0\n");
    expect(user).toContain("# Option ndots from: internal\n");
    const own = out(
      run(w, "docker network create labnet"),
      "docker run --rm --network labnet --dns-option ndots:2 nginx cat /etc/resolv.conf",
    ).text;
    expect(own).toContain("options ndots:2\n");
    expect(own).toContain("# Option ndots from: override\n");
    const dot = out(w, "docker run --rm --dns-search . nginx cat /etc/resolv.conf").text;
    expect(dot).not.toMatch(/^search/m);
    expect(dot).toContain("# Overrides: [nameservers search]\n");
  });
});
