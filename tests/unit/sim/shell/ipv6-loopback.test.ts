import { describe, expect, it } from "vitest";
import { ipv6Groups, v4Mapped } from "../../../../src/sim/kernel/ipv6.ts";
import { terminal as typed } from "./terminal.ts";

const terminal = (lines: readonly string[]) => typed(lines).out;
const W = "-s -m 3 -o /dev/null -w '%{http_code} %{remote_ip}\\n'";

describe("IPv6 over the host's loopback", () => {
  it("reaches docker-proxy's [::] socket, which is IPv6-only, and the container logs the bridge's gateway", () => {
    const out = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      `curl ${W} http://[::1]:2024/`,
      `curl -6 ${W} localhost:2024`,
      `curl ${W} localhost:2024`,
      "docker run -d -p '[::]:2027:80' --name v6only nginx",
      `curl ${W} http://127.0.0.1:2027/`,
      "docker logs web | cut -d' ' -f1 | sort -u",
    ]);
    expect(out[1]).toBe("200 ::1\n");
    expect(out[2]).toBe("200 ::1\n");
    expect(out[3]).toBe("200 127.0.0.1\n");
    // Refused: curl names no remote address for a connection it never made.
    expect(out[5]).toBe("000 \n");
    expect(out[6]).toBe("172.17.0.1\n");
  });

  it("loses ::1 when disable_ipv6 is set, and a container has IPv6 on lo only", () => {
    const out = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      "echo 1 > /proc/sys/net/ipv6/conf/lo/disable_ipv6",
      `curl ${W} http://[::1]:2024/`,
      "docker exec web cat /proc/sys/net/ipv6/conf/eth0/disable_ipv6",
      "docker exec web ping -6 -c 1 ::1 | head -2",
    ]);
    expect(out[2]).toBe("000 \n");
    expect(out[3]).toBe("1\n");
    expect(out[4]).toMatch(/^PING ::1 \(::1\): 56 data bytes\n64 bytes from ::1: seq=0 ttl=64 /);
  });

  it("reads IPv6 addresses as the kernel does", () => {
    expect(v4Mapped("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(v4Mapped("::1")).toBeUndefined();
    expect(ipv6Groups("fe80::42:acff:fe11:2")).toEqual([0xfe80, 0, 0, 0, 0x42, 0xacff, 0xfe11, 2]);
    expect(ipv6Groups("1::2::3")).toBeUndefined();
  });
});
