import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/index.ts";
import { replayLine } from "../../../../src/sim/scenario/replay.ts";

/** Runs scenario lines as the oracle does (`web$ …` in container web); each line's output, `[exit N]` included. */
function terminal(lines: readonly string[]): string[] {
  let world = createWorld(1);
  const out: string[] = [];
  for (const line of lines) {
    const [w, text] = replayLine(world, line);
    world = w;
    out.push(text.slice(text.indexOf("\n") + 1));
  }
  return out;
}

const twice = (opts: string) =>
  `curl -s -m 3 -o /dev/null -o /dev/null -w '%{num_connects}\\n' ${opts} http://172.17.0.2/ http://172.17.0.2/x`;

describe("curl's connection cache across the URLs of one run", () => {
  it("sends the second request on the connection nginx kept: one handshake, one conntrack entry", () => {
    const out = terminal([
      "docker run -d --name web nginx",
      twice(""),
      "web$ awk '/^Tcp:/ {print $7}' /proc/net/snmp | tail -1",
      "conntrack -L -p tcp --dport 80 2>/dev/null | wc -l",
      "docker logs web 2>/dev/null | wc -l",
    ]);
    expect(out[1]).toBe("1\n0\n");
    expect(out[2]).toBe("1\n");
    expect(out[3]).toBe("1\n");
    expect(out[4]).toBe("2\n");
  });

  it("connects again when the answer closed it (Connection: close, HTTP/1.0)", () => {
    const out = terminal(["docker run -d --name web nginx", twice("-H 'Connection: close'"), twice("-0")]);
    expect(out[1]).toBe("1\n1\n");
    expect(out[2]).toBe("1\n1\n");
  });

  it("says so with -v: the bundle, no multiplexing, the connection re-used", () => {
    const out = terminal([
      "docker run -d --name web nginx",
      "curl -sv -o /dev/null -o /dev/null http://172.17.0.2/ http://172.17.0.2/ 2>&1 | grep '^\\*'",
    ]);
    expect(out[1]).toBe(
      "*   Trying 172.17.0.2:80...\n" +
        "* Connected to 172.17.0.2 (172.17.0.2) port 80 (#0)\n" +
        "* Connection #0 to host 172.17.0.2 left intact\n" +
        "* Found bundle for host: 0x5583d4a9fc90 [serially]\n" +
        "* Can not multiplex, even if we wanted to\n" +
        "* Re-using existing connection #0 with host 172.17.0.2\n" +
        "* Connection #0 to host 172.17.0.2 left intact\n",
    );
  });
});
