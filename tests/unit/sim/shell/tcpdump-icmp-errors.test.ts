/**
 * tcpdump's words for an ICMP destination-unreachable (print-icmp.c), as the oracle printed
 * them for REJECT's answers (session aj04): one phrase per code, the port and protocol from the
 * quoted header, and with -v the kernel's tos 0xc0 and the quoted packet printed under it.
 */
import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

const WEB = "docker run -d -p 2024:80 --name web nginx";
const CURL9 = "docker exec web curl -s -m 2 http://172.17.0.1:9/";
const reject = (how: string) => `iptables -A INPUT -i docker0 -p tcp --dport 9 -j REJECT${how}`;

describe("tcpdump on an ICMP destination-unreachable", () => {
  it("names the code as print-icmp.c does", () => {
    const t = terminal([
      WEB,
      reject(""),
      "tcpdump -n -t -c 2 -i docker0 'port 9 or icmp' 2>/dev/null &",
      CURL9,
      "iptables -R INPUT 1 -i docker0 -p tcp --dport 9 -j REJECT --reject-with icmp-admin-prohibited",
      "tcpdump -n -t -c 1 -i docker0 icmp 2>/dev/null &",
      CURL9,
      "iptables -R INPUT 1 -i docker0 -p tcp --dport 9 -j REJECT --reject-with icmp-host-prohibited",
      "tcpdump -n -t -c 1 -i docker0 icmp 2>/dev/null &",
      CURL9,
      "iptables -R INPUT 1 -i docker0 -p tcp --dport 9 -j REJECT --reject-with icmp-net-prohibited",
      "tcpdump -n -t -c 1 -i docker0 icmp 2>/dev/null &",
      CURL9,
      "iptables -R INPUT 1 -i docker0 -p tcp --dport 9 -j REJECT --reject-with icmp-proto-unreachable",
      "tcpdump -n -t -c 1 -i docker0 icmp 2>/dev/null &",
      CURL9,
      "iptables -R INPUT 1 -i docker0 -p tcp --dport 9 -j REJECT --reject-with icmp-net-unreachable",
      "tcpdump -n -t -c 1 -i docker0 icmp 2>/dev/null &",
      CURL9,
    ]);
    const all = t.out.join("");
    expect(all).toContain("IP 172.17.0.1 > 172.17.0.2: ICMP 172.17.0.1 tcp port 9 unreachable, length 68\n");
    expect(all).toContain(
      "IP 172.17.0.1 > 172.17.0.2: ICMP host 172.17.0.1 unreachable - admin prohibited filter, length 68\n",
    );
    expect(all).toContain(
      "IP 172.17.0.1 > 172.17.0.2: ICMP host 172.17.0.1 unreachable - admin prohibited, length 68\n",
    );
    expect(all).toContain(
      "IP 172.17.0.1 > 172.17.0.2: ICMP net 172.17.0.1 unreachable - admin prohibited, length 68\n",
    );
    expect(all).toContain("IP 172.17.0.1 > 172.17.0.2: ICMP 172.17.0.1 protocol 6 unreachable, length 68\n");
    expect(all).toContain("IP 172.17.0.1 > 172.17.0.2: ICMP net 172.17.0.1 unreachable, length 68\n");
  });

  it("with -v, shows the kernel's tos 0xc0 and the quoted SYN as it was sent", () => {
    const t = terminal([
      WEB,
      reject(" --reject-with icmp-admin-prohibited"),
      "tcpdump -n -t -v -c 1 -i docker0 icmp 2>/dev/null &",
      CURL9,
    ]);
    expect(t.out[3]).toMatch(
      new RegExp(
        "^IP \\(tos 0xc0, ttl 64, id \\d+, offset 0, flags \\[none\\], proto ICMP \\(1\\), length 88\\)\n" +
          "    172\\.17\\.0\\.1 > 172\\.17\\.0\\.2: ICMP host 172\\.17\\.0\\.1 unreachable - admin prohibited filter, length 68\n" +
          "\tIP \\(tos 0x0, ttl 64, id \\d+, offset 0, flags \\[DF\\], proto TCP \\(6\\), length 60\\)\n" +
          "    172\\.17\\.0\\.2\\.\\d+ > 172\\.17\\.0\\.1\\.9: Flags \\[S\\], cksum 0x5854 \\(incorrect -> 0x[0-9a-f]{4}\\), " +
          "seq \\d+, win 64240, options \\[mss 1460,sackOK,TS val \\d+ ecr 0,nop,wscale 10\\], length 0\n",
      ),
    );
  });
});
