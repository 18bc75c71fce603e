/**
 * `--ip` and `--network-alias` at run, `--ip` and `--alias` at network connect, held to
 * what the oracle printed (g04-docker-details): the address and names a container asks
 * for on a user network, and the daemon's refusals elsewhere.
 */
import { describe, expect, it } from "vitest";
import { inside, out, run } from "../lab.ts";
import { createWorld } from "../../../../src/sim/world.ts";

const LAN = "docker network create --subnet 172.30.0.0/24 lan";

describe("an address and aliases asked for on a user network", () => {
  it("takes the address, answers the aliases in the embedded DNS, and shows both in inspect", () => {
    const w = run(
      createWorld(3),
      LAN,
      "docker run -d --name web --network lan --ip 172.30.0.50 --network-alias site nginx",
      "docker run -d --name cli --network lan nginx",
    );
    expect(
      out(
        w,
        "docker inspect -f '{{json .NetworkSettings.Networks.lan.IPAMConfig}} {{.NetworkSettings.Networks.lan.Aliases}} {{.NetworkSettings.Networks.lan.DNSNames}}' web",
      ).text,
    ).toMatch(/^\{"IPv4Address":"172\.30\.0\.50"\} \[site\] \[web site [0-9a-f]{12}\]\n$/);
    expect(out(w, "curl -s -o /dev/null -w '%{http_code} %{remote_ip}\\n' http://site/", inside(w, "cli")).text).toBe(
      "200 172.30.0.50\n",
    );
    // The next address handed out is still the lowest free one.
    expect(out(w, "docker inspect -f '{{.NetworkSettings.Networks.lan.IPAddress}}' cli").text).toBe("172.30.0.2\n");
    // A restart takes the same address again.
    const again = run(w, "docker stop web", "docker start web");
    expect(out(again, "docker inspect -f '{{.NetworkSettings.Networks.lan.IPAddress}}' web").text).toBe(
      "172.30.0.50\n",
    );
  });

  it("gives an alias and an address at network connect", () => {
    let w = run(createWorld(3), LAN, "docker run -d --name web --network lan nginx", "docker run -d --name cli nginx");
    const r = out(w, "docker network connect --alias db --ip 172.30.0.9 lan cli");
    expect(r).toMatchObject({ text: "", code: 0 });
    w = r.world;
    expect(
      out(
        w,
        "docker inspect -f '{{json .NetworkSettings.Networks.lan.IPAMConfig}} {{.NetworkSettings.Networks.lan.Aliases}}' cli",
      ).text,
    ).toBe('{"IPv4Address":"172.30.0.9"} [db]\n');
    expect(out(w, "nslookup db", inside(w, "web")).text).toContain("Address: 172.30.0.9");
  });
});

describe("the daemon's and the CLI's refusals", () => {
  it("refuses an address on the default bridge and on a network without a configured subnet, creating nothing", () => {
    let w = run(createWorld(3), LAN, "docker network create lan2");
    let r = out(w, "docker run -d --name bad --ip 172.17.0.50 nginx");
    expect(r.text).toBe(
      "docker: Error response from daemon: invalid config for network bridge: invalid endpoint settings:\n" +
        "* user specified IP address is supported on user defined networks only\n" +
        "* user specified IP address is supported only when connecting to networks with user configured subnets.\n" +
        "See 'docker run --help'.\n",
    );
    expect(r.code).toBe(125);
    r = out(w, "docker run -d --name bad --network lan2 --ip 172.18.0.7 nginx");
    expect(r.text).toContain(
      "invalid config for network lan2: invalid endpoint settings:\nuser specified IP address is supported only when connecting to networks with user configured subnets.\n",
    );
    r = out(w, "docker run -d --name bad --network lan --ip nonsense nginx");
    expect(r.text).toContain(
      "* invalid IPv4 address: nonsense\n* no configured subnet or ip-range contain the IP address nonsense.\n",
    );
    r = out(w, "docker run -d --name bad --network lan --ip 10.0.0.5 nginx");
    expect(r.text).toContain("no configured subnet or ip-range contain the IP address 10.0.0.5.\n");
    w = r.world;
    expect(w.docker.containers).toHaveLength(0);
  });

  it("creates a container whose address is the gateway's or taken, and fails its start", () => {
    const w = run(createWorld(3), LAN, "docker run -d --name web --network lan --ip 172.30.0.50 nginx");
    for (const ip of ["172.30.0.0", "172.30.0.1", "172.30.0.255", "172.30.0.50"]) {
      const r = out(w, `docker run -d --name xx --network lan --ip ${ip} nginx`);
      expect(r.text).toMatch(/^[0-9a-f]{64}\ndocker: Error response from daemon: Address already in use\.\n$/);
      expect(r.code).toBe(125);
      expect(r.world.docker.containers.find((c) => c.name === "xx")?.status).toBe("created");
    }
  });

  it("refuses aliases outside user networks: the CLI at run, the daemon at connect", () => {
    const w = run(createWorld(3), LAN, "docker run -d --name cli --network lan nginx");
    expect(out(w, "docker run -d --network-alias foo nginx")).toMatchObject({
      text: "docker: network-scoped aliases are only supported for user-defined networks.\nSee 'docker run --help'.\n",
      code: 125,
    });
    expect(out(w, "docker network connect --alias db bridge cli")).toMatchObject({
      text: "Error response from daemon: invalid endpoint settings:\nnetwork-scoped alias is supported only for containers in user defined networks\n",
      code: 1,
    });
  });
});
