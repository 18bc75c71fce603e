import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

describe("brctl showstp", () => {
  it("prints the bridge's STP view and each port's as bridge-utils 1.7.1 does on the oracle", () => {
    const { out } = terminal([
      "docker run -d --name web nginx",
      "brctl showstp docker0 | grep -v timer",
      "brctl showstp nosuch; echo rc=$?",
      "brctl showstp; echo rc=$?",
      "docker run -d --name web2 nginx",
      "brctl showstp docker0 | grep -e '^veth' -e 'port id'",
    ]);
    const id = /^ bridge id\t\t(8000\.[0-9a-f]{12})$/m.exec(out[1]!)?.[1];
    expect(id).toBeDefined();
    const veth = /^(veth[0-9a-f]{7}) \(1\)$/m.exec(out[1]!)?.[1];
    expect(out[1]).toBe(
      `docker0\n bridge id\t\t${id}\n designated root\t${id}\n` +
        " root port\t\t   0\t\t\tpath cost\t\t   0\n" +
        " max age\t\t  20.00\t\t\tbridge max age\t\t  50.00\n" +
        " hello time\t\t   2.00\t\t\tbridge hello time\t   5.00\n" +
        " forward delay\t\t  37.50\t\t\tbridge forward delay\t  15.00\n" +
        " ageing time\t\t 300.00\n flags\t\t\t\n\n\n" +
        `${veth} (1)\n port id\t\t8001\t\t\tstate\t\t     forwarding\n` +
        ` designated root\t${id}\tpath cost\t\t   2\n flags\t\t\t\n\n`,
    );
    expect(out[2]).toBe("bridge nosuch does not exist!\nrc=1\n");
    // A second port: numbered 2, listed after the first (the oracle's Docker 28 session).
    expect(out[5]).toMatch(/^veth\w+ \(1\)\n port id\t\t8001\t.*\nveth\w+ \(2\)\n port id\t\t8002\t/);
    expect(out[3]).toBe(
      "Incorrect number of arguments for command\nUsage: brctl showstp <bridge>\t\tshow bridge stp info\nrc=1\n",
    );
  });
});
