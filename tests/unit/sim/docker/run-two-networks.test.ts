/** `docker run` given --network more than once, and the CLI's long form of it (oracle: cv12). */
import { describe, expect, it } from "vitest";
import { terminal } from "../shell/terminal.ts";

describe("docker run with several --network flags", () => {
  it("attaches the container to each network from its creation, eth0 on the first", () => {
    const { out } = terminal([
      "docker network create a",
      "docker network create --subnet 10.77.0.0/24 b",
      "docker run -d --name c1 --network a --network b nginx",
      "docker exec c1 ip -4 -o addr | awk '{print $2, $4}' | sort",
      "docker exec c1 ip route",
    ]);
    expect(out[3]).toBe("eth0 172.18.0.2/16\neth1 10.77.0.2/24\nlo 127.0.0.1/8\n");
    expect(out[4]).toBe(
      "default via 172.18.0.1 dev eth0 \n10.77.0.0/24 dev eth1 scope link  src 10.77.0.2 \n" +
        "172.18.0.0/16 dev eth0 scope link  src 172.18.0.2 \n",
    );
  });

  it("reads name=,ip=,alias= as one network's endpoint settings", () => {
    const { out } = terminal([
      "docker network create --subnet 10.77.0.0/24 b",
      "docker run -d --name c2 --network name=b,ip=10.77.0.20,alias=db nginx",
      "docker inspect -f '{{.NetworkSettings.Networks.b.IPAddress}} {{json .NetworkSettings.Networks.b.Aliases}}' c2",
    ]);
    expect(out[2]).toBe('10.77.0.20 ["db"]\n');
  });

  it("refuses a user network beside bridge or host before creating anything", () => {
    const { out, world } = terminal([
      "docker network create a",
      "docker run -d --name c4 --network bridge --network a nginx",
      "docker run -d --name c5 --network host --network a nginx",
    ]);
    const text =
      "docker: conflicting options: cannot attach both user-defined and non-user-defined network-modes.\n" +
      "See 'docker run --help'.\n";
    expect(out[1]).toBe(text);
    expect(out[2]).toBe(text);
    expect(world.docker.containers).toHaveLength(0);
  });
});
