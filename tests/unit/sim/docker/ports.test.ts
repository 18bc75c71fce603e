import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  apiPorts,
  displayablePorts,
  naturalLess,
  parsePortSpec,
  sortPortRequests,
} from "../../../../src/sim/docker/ports.ts";
import type { PortRequest } from "../../../../src/sim/docker/types.ts";
import { DOCKER_28 } from "../../../../src/sim/docker/engine/v28.ts";

const req = (
  hostIp: string,
  from: number,
  to: number,
  containerPort: number,
  proto: PortRequest["proto"] = "tcp",
): PortRequest => ({
  hostIp,
  hostPortFrom: from,
  hostPortTo: to,
  containerPort,
  proto,
});

describe("parsePortSpec (go-connections v0.4.0, as the 26.1 CLI vendors it)", () => {
  it("parses every form", () => {
    expect(parsePortSpec("2024:80")).toEqual({ ok: true, requests: [req("", 2024, 2024, 80)] });
    expect(parsePortSpec("127.0.0.1:8080:80")).toEqual({ ok: true, requests: [req("127.0.0.1", 8080, 8080, 80)] });
    expect(parsePortSpec("127.0.0.1::80")).toEqual({ ok: true, requests: [req("127.0.0.1", 0, 0, 80)] });
    expect(parsePortSpec("80")).toEqual({ ok: true, requests: [req("", 0, 0, 80)] });
    expect(parsePortSpec("5353:53/udp")).toEqual({ ok: true, requests: [req("", 5353, 5353, 53, "udp")] });
    expect(parsePortSpec("9000-9010:80")).toEqual({ ok: true, requests: [req("", 9000, 9010, 80)] });
    expect(parsePortSpec("8000-8002:80-82")).toEqual({
      ok: true,
      requests: [req("", 8000, 8000, 80), req("", 8001, 8001, 81), req("", 8002, 8002, 82)],
    });
    expect(parsePortSpec("[::1]:8080:80")).toEqual({ ok: true, requests: [req("::1", 8080, 8080, 80)] });
  });

  it("rejects bad specs with the CLI's exact words", () => {
    const err = (s: string) => {
      const r = parsePortSpec(s);
      return r.ok ? "" : r.error;
    };
    expect(err("abc")).toBe("Invalid containerPort: abc");
    expect(err("70000:80")).toBe("Invalid hostPort: 70000");
    expect(err("80/xyz")).toBe("Invalid proto: xyz");
    expect(err("8080:")).toBe("No port specified: 8080:<empty>");
    expect(err("1.2.3:80:80")).toBe("Invalid ip address: 1.2.3");
    expect(err("8000-8002:80-81")).toBe("Invalid ranges specified for container and host Ports: 80-81 and 8000-8002");
  });

  it("accepts every valid host:container pair and keeps the ports", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }), (h, c) => {
        const r = parsePortSpec(`${h}:${c}`);
        expect(r).toEqual({ ok: true, requests: [req("", h, h, c)] });
      }),
    );
  });
});

describe("binding order (SortPortMap through Go's insertion sort)", () => {
  it("puts higher explicit host ports first, as dockerd wrote the rules for -p 8000-8002:80-82", () => {
    const sorted = sortPortRequests([req("", 8000, 8000, 80), req("", 8001, 8001, 81), req("", 8002, 8002, 82)]);
    expect(sorted.map((r) => r.containerPort)).toEqual([82, 81, 80]);
  });
  it("keeps -p 127.0.0.1:8080:80 before -p 443:443", () => {
    const sorted = sortPortRequests([req("127.0.0.1", 8080, 8080, 80), req("", 443, 443, 443)]);
    expect(sorted.map((r) => r.containerPort)).toEqual([80, 443]);
  });
});

describe("docker ps PORTS (DisplayablePorts, CLI 26)", () => {
  const b = (hostIp: string, hostPort: number, containerPort: number, proto: "tcp" | "udp" = "tcp") => ({
    hostIp,
    hostPort,
    containerPort,
    proto,
  });
  it("prints the oracle's columns", () => {
    expect(displayablePorts(apiPorts(["80/tcp"], [b("0.0.0.0", 2024, 80), b("::", 2024, 80)]))).toBe(
      "0.0.0.0:2024->80/tcp, :::2024->80/tcp",
    );
    expect(
      displayablePorts(apiPorts(["80/tcp", "53/udp"], [b("0.0.0.0", 5353, 53, "udp"), b("::", 5353, 53, "udp")])),
    ).toBe("80/tcp, 0.0.0.0:5353->53/udp, :::5353->53/udp");
    expect(
      displayablePorts(
        apiPorts(["80/tcp", "443/tcp"], [b("127.0.0.1", 8080, 80), b("0.0.0.0", 443, 443), b("::", 443, 443)]),
      ),
    ).toBe("0.0.0.0:443->443/tcp, :::443->443/tcp, 127.0.0.1:8080->80/tcp");
    expect(displayablePorts(apiPorts(["80/tcp", "81/tcp"], [b("0.0.0.0", 80, 80), b("0.0.0.0", 81, 81)]))).toBe(
      "0.0.0.0:80-81->80-81/tcp",
    );
    expect(displayablePorts(apiPorts(["80/tcp"], []))).toBe("80/tcp");
  });
});

describe("naturalLess", () => {
  it("orders digit runs numerically", () => {
    expect(naturalLess("80/tcp -> 0.0.0.0:8080", "443/tcp -> 0.0.0.0:443")).toBe(true);
    expect(naturalLess("0.0.0.0:32769", "[::]:32768")).toBe(true);
    expect(naturalLess("b", "a")).toBe(false);
  });
});

describe("Docker 28's binding order (libnetwork cmpPortBinding)", () => {
  it("orders by container port before protocol, as the oracle's DNAT rules do", () => {
    const reqs = [
      req("", 9000, 9000, 80),
      req("", 9001, 9001, 443),
      req("", 9002, 9002, 8080),
      req("", 53, 53, 53, "udp"),
      req("", 9003, 9003, 81),
    ];
    // Recorded on 28.5.2, the same twice: 53/udp, 9000->80, 9003->81, 9001->443, 9002->8080.
    expect(DOCKER_28.ports.order(reqs).map((r) => `${r.hostPortFrom}/${r.proto}`)).toEqual([
      "53/udp",
      "9000/tcp",
      "9003/tcp",
      "9001/tcp",
      "9002/tcp",
    ]);
    const same = [req("", 8080, 8080, 80), req("", 443, 443, 443), req("", 80, 80, 80)];
    expect(DOCKER_28.ports.order(same).map((r) => r.hostPortFrom)).toEqual([80, 8080, 443]);
  });
});
