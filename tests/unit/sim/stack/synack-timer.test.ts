/**
 * A listener keeps resending its SYN-ACK after the client gave up (1, 3, 7, 15 and 31 s
 * after the first): the oracle's DOCKER-USER DROP of eth0 counts the one due 3 s on
 * during the next line (df06: 8 packets, 480 bytes, on both engines).
 */
import { describe, expect, it } from "vitest";
import { createWorld, type World } from "../../../../src/sim/index.ts";
import { inside, out, run } from "../lab.ts";

const CURL_OUT = "curl -s -m 2 -o /dev/null -w '%{http_code}\\n' http://203.0.113.10/; echo rc=$?";
const dropped = (w: World) => out(w, "iptables -L DOCKER-USER -nvx | awk '$3 == \"DROP\" {print $1, $2}'").stdout;

function afterLostSynAcks(): World {
  const w = run(createWorld(), "docker run -d -p 2024:80 --name web nginx", "iptables -I DOCKER-USER -i eth0 -j DROP");
  return out(w, CURL_OUT, inside(w, "web")).world;
}

describe("a SYN-ACK whose client gave up", () => {
  it("is resent on the listener's timer after curl -m 2 has exited", () => {
    const w = afterLostSynAcks();
    // The first, the timer's at 1 s and the answer to the SYN resent at 1 s.
    expect(dropped(w)).toBe("3 180\n");
    expect(dropped(run(w, "sleep 1"))).toBe("4 240\n");
    expect(dropped(run(w, "sleep 5"))).toBe("5 300\n");
    expect(dropped(run(w, "sleep 40"))).toBe("7 420\n");
    expect(dropped(run(w, "sleep 40", "sleep 60"))).toBe("7 420\n");
  });

  it("ends with the client's RST once the rules let it through", () => {
    const w = run(afterLostSynAcks(), "iptables -D DOCKER-USER 1", "sleep 5");
    expect(out(w, "conntrack -L -p tcp --orig-src 172.17.0.2").stdout).toMatch(/^tcp +6 \d+ CLOSE src=172\.17\.0\.2 /);
    const later = run(w, "iptables -I DOCKER-USER -i eth0 -j DROP", "sleep 40");
    expect(dropped(later)).toBe("0 0\n");
  });
});
