/**
 * curl 7.88 resolves `localhost` itself, 127.0.0.1 first and ::1 next: when the IPv4
 * connect is refused it tries ::1 at once, and when it goes unanswered, 200 ms later (happy
 * eyeballs: with 127.0.0.1 DROPped in INPUT the oracle counted one SYN and got the page from ::1). The oracle (session aj03) showed it through
 * docker-proxy: with root's SYNs to :2024 REJECTed in OUTPUT, `curl localhost:2024` still
 * reached the proxy's [::]:2024, whose own connect to the container was REJECTed too,
 * so curl saw the proxy give up on it, not a refusal.
 */
import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

const WEB = "docker run -d -p 2024:80 --name web nginx";

describe("curl localhost after 127.0.0.1 refuses", () => {
  it("tries ::1 next and reaches docker-proxy's IPv6 listener", () => {
    const t = terminal([
      WEB,
      "iptables -A OUTPUT -o lo -p tcp --dport 2024 -j REJECT",
      "curl -v -s -o /dev/null -w '%{http_code} %{remote_ip}\\n' http://localhost:2024/",
    ]);
    expect(t.out[2]).toContain(
      "*   Trying 127.0.0.1:2024...\n* connect to 127.0.0.1 port 2024 failed: Connection refused\n" +
        "*   Trying [::1]:2024...\n* Connected to localhost (::1) port 2024 (#0)\n",
    );
    expect(t.out[2]).toContain("200 ::1\n");
  });

  it("reaches the proxy, whose own connect is refused, rather than failing to connect", () => {
    const t = terminal([
      WEB,
      "iptables -A OUTPUT -m owner --uid-owner 0 -p tcp --dport 2024 -j REJECT",
      "iptables -A OUTPUT -m owner --uid-owner root -d 172.17.0.2 -p tcp --dport 80 -j REJECT",
      "curl -sS -m 2 -o /dev/null -w '%{http_code}\\n' http://localhost:2024/",
      "iptables -L OUTPUT -v -n -x",
    ]);
    // 26's proxy closes the client (52) or, with the request already unread, resets it (56).
    expect(t.out[3]).toMatch(/^curl: \((52|56)\) /);
    expect(t.out[4]).toMatch(/^ +1 +60 REJECT .*dpt:2024/m);
    expect(t.out[4]).toMatch(/^ +1 +60 REJECT .*dpt:80/m);
  });

  it("names both attempts when both are refused, and keeps to 127.0.0.1 under -4", () => {
    const t = terminal(["curl -v -sS http://localhost:9/", "curl -4 -v -sS http://localhost:9/"]);
    expect(t.out[0]).toBe(
      "*   Trying 127.0.0.1:9...\n* connect to 127.0.0.1 port 9 failed: Connection refused\n" +
        "*   Trying [::1]:9...\n* connect to ::1 port 9 failed: Connection refused\n" +
        "* Failed to connect to localhost port 9 after 0 ms: Couldn't connect to server\n* Closing connection 0\n" +
        "curl: (7) Failed to connect to localhost port 9 after 0 ms: Couldn't connect to server\n",
    );
    expect(t.out[1]).not.toContain("::1");
  });

  it("starts ::1 200 ms after an unanswered 127.0.0.1, and takes the first to connect", () => {
    const t = terminal([
      WEB,
      "iptables -A INPUT -p tcp --dport 2024 -j DROP",
      "curl -s -m 2 -o /dev/null -w '%{http_code} %{remote_ip}\\n' http://localhost:2024/",
      "iptables -L INPUT -v -n -x",
      "curl -4 -s -m 2 -o /dev/null -w '%{http_code}\\n' http://localhost:2024/; echo rc=$?",
    ]);
    expect(t.out[2]).toBe("200 ::1\n");
    // One SYN to 127.0.0.1: its first retransmission (at 1 s) was never due.
    expect(t.out[3]).toMatch(/^ +1 +60 DROP .*dpt:2024/m);
    expect(t.out[4]).toBe("000\nrc=28\n");
  });
});
