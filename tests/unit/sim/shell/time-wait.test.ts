import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

const RUN = "docker run -d -p 2024:80 --name web nginx";
const TW = "ss -tan state time-wait | awk 'NR > 1 {print $3, $4}' | sed -E 's/:[0-9]{5} / /' | sort";

describe("TIME-WAIT", () => {
  it("is held by the end that closed first: curl against nginx, docker-proxy's backend leg, python's own end", () => {
    const { out } = terminal([
      RUN,
      "curl -s -o /dev/null localhost:2024",
      TW,
      "curl -s -o /dev/null 10.88.0.4:2024",
      TW,
      "internet$ curl -s -o /dev/null http://10.88.0.4:2024/",
      "internet$ " + TW,
      "curl -s -o /dev/null http://203.0.113.10/",
      "internet$ ss -tan state time-wait | grep -c :80",
      "docker exec web curl -s -o /dev/null localhost",
      "nsenter -t $(docker inspect -f '{{.State.Pid}}' web) -n " + TW,
    ]);
    expect(out[2]).toBe("127.0.0.1 127.0.0.1:2024\n172.17.0.1 172.17.0.2:80\n");
    expect(out[4]).toBe("10.88.0.4 10.88.0.4:2024\n127.0.0.1 127.0.0.1:2024\n172.17.0.1 172.17.0.2:80\n");
    // The internet's curl to the published port leaves nothing on the host: it only forwarded.
    expect(out[6]).toBe("10.88.0.1 10.88.0.4:2024\n");
    expect(out[8]).toBe("1\n");
    expect(out[10]).toBe("127.0.0.1 127.0.0.1:80\n");
  });

  it("lasts 60 s on the lab's clock and shows in netstat, between tcp and tcp6 listeners", () => {
    const { out } = terminal([
      RUN,
      "curl -s -o /dev/null localhost:2024",
      "netstat -tan | awk '{print $1, $6}'",
      "netstat -tn | grep -c TIME_WAIT",
      "netstat -tln | grep -c TIME_WAIT",
      "sleep 50",
      "ss -tan state time-wait | wc -l",
      "sleep 11",
      "ss -tan state time-wait | wc -l",
      "netstat -tan | grep -c TIME_WAIT",
    ]);
    expect(out[2]).toBe("Active established)\nProto Foreign\ntcp LISTEN\ntcp TIME_WAIT\ntcp TIME_WAIT\ntcp6 LISTEN\n");
    expect(out[3]).toBe("2\n");
    expect(out[4]).toBe("0\n");
    expect(out[6]).toBe("3\n");
    expect(out[8]).toBe("1\n");
    expect(out[9]).toBe("0\n");
  });
});

describe("ss -s", () => {
  it("counts the namespace's listeners by family in its transport table, and its TIME-WAIT sockets", () => {
    const { out } = terminal([RUN, "curl -s -o /dev/null localhost:2024", "ss -s"]);
    const lines = out[2]!.split("\n");
    expect(lines[1]).toMatch(/^TCP: +\d+ \(estab 0, closed \d+, orphaned 0, timewait 2\)$/);
    expect(lines.slice(2).join("\n")).toBe(
      "\nTransport Total     IP        IPv6\nRAW\t  0         0         0        \nUDP\t  0         0         0        \n" +
        "TCP\t  2         1         1        \nINET\t  2         1         1        \nFRAG\t  0         0         0        \n\n",
    );
  });
});
