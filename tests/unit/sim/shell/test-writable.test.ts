import { describe, expect, it } from "vitest";
import { runLine } from "../../../../src/sim/shell/run.ts";
import { createWorld } from "../../../../src/sim/world.ts";

const bashC = (line: string, world = createWorld(1)) =>
  runLine(world, { machine: "host", shell: "bash-c", noTty: true }, line);

describe("test -w on /proc", () => {
  it("finds a sysctl writable for root on the host, as access(2) does", () => {
    expect(bashC("[ -w /proc/sys/net/ipv4/ip_forward ] && echo writable").stdout).toBe("writable\n");
    expect(bashC("test -w /proc/sys/net/ipv4/conf/docker0/forwarding; echo $?").stdout).toBe("0\n");
  });

  it("but not a read-only one, nor, for bash, /proc/sys in a container (Docker mounts it read-only)", () => {
    expect(bashC("test -w /proc/sys/net/netfilter/nf_conntrack_count; echo $?").stdout).toBe("1\n");
    const w = bashC("docker run -d --name web nginx").world;
    expect(bashC("docker exec web bash -c '[ -w /proc/sys/net/ipv4/ip_forward ]; echo $?'", w).stdout).toBe("1\n");
  });

  it("while busybox's test takes root for able to write anything that exists", () => {
    const w = bashC("docker run -d --name web nginx").world;
    expect(bashC("docker exec web sh -c '[ -w /proc/sys/net/ipv4/ip_forward ]; echo $?'", w).stdout).toBe("0\n");
    expect(bashC("docker exec web sh -c '[ -w /proc/sys/net/nosuch ]; echo $?'", w).stdout).toBe("1\n");
  });
});
