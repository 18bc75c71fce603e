/**
 * `-p` on a Docker 28 network whose IPv4 gateway mode is routed: the IPv4 binding maps no
 * host port (port 0, an empty HostPort), while IPv6's mode is still nat, so the binding on
 * `::` keeps its port and its docker-proxy, which forwards to the container's IPv4 address.
 */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/index.ts";
import { out, run } from "../lab.ts";

const ROUTED = [
  "docker network create -o com.docker.network.bridge.gateway_mode_ipv4=routed --subnet 10.61.0.0/24 routed",
  "docker run -d --name r1 --network routed -p 8081:80 nginx",
];

describe("a published port on a routed network (28)", () => {
  const w = run(createWorld(1, { engine: "28" }), ...ROUTED);

  it("shows the IPv4 binding without a host port", () => {
    expect(out(w, "docker ps --format '{{.Ports}}'").text).toBe("0.0.0.0:0->80/tcp, [::]:8081->80/tcp\n");
    expect(out(w, "docker port r1").text).toBe("80/tcp -> 0.0.0.0:\n80/tcp -> [::]:8081\n");
    expect(out(w, "docker inspect -f '{{json .NetworkSettings.Ports}}' r1").text).toBe(
      '{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":""},{"HostIp":"::","HostPort":"8081"}]}\n',
    );
  });

  it("keeps IPv6's docker-proxy, which the host reaches on [::1]", () => {
    expect(out(w, "ss -ltn | awk 'NR>1 {print $4}'").text).toBe("[::]:8081\n");
    expect(out(w, "curl -s -m 3 -g -o /dev/null -w '%{http_code}' 'http://[::1]:8081/'").text).toBe("200");
    expect(out(w, "curl -s -m 3 -o /dev/null -w '%{http_code}' http://10.88.0.4:8081/").code).toBe(7);
  });

  it("holds [::]:8081 for another container, and lets it go with r1", () => {
    const r = out(w, "docker run -d -p 8081:80 --name b1 nginx");
    expect(r.code).toBe(125);
    expect(r.stderr).toContain("Bind for :::8081 failed: port is already allocated");
    const gone = run(w, "docker rm -f r1");
    expect(out(gone, "ss -ltn | awk 'NR>1 {print $4}'").text).toBe("");
  });
});
