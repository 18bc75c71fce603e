/**
 * conntrack's NAT options with `ADDR:PORT` and its CIDR rules, as conntrack-tools 1.4.7 reads
 * them (fixture cm03): split_address_and_port, filter_nat(), and a prefix only on --src/--dst.
 */
import { describe, expect, it } from "vitest";
import { terminal } from "../shell/terminal.ts";

const traffic = [
  "docker run -d -p 2024:80 --name web nginx",
  "internet$ curl -s -m 3 -o /dev/null http://10.88.0.4:2024/",
  "docker exec web curl -s -m 3 -o /dev/null http://203.0.113.10/",
];
const SHOWN = (n: number) => `conntrack v1.4.7 (conntrack-tools): ${n} flow entries have been shown.\n`;
const TRY = "Try `conntrack -h' or 'conntrack --help' for more information.\n";

describe("conntrack --dst-nat/--src-nat/--any-nat ADDR:PORT", () => {
  it("selects entries whose address and port were both rewritten to the ones named", () => {
    const t = terminal([
      ...traffic,
      "conntrack -L --dst-nat 172.17.0.2:80 2>/dev/null | wc -l",
      "conntrack -L -p tcp --dst-nat 172.17.0.2:2024 2>&1",
      "conntrack -L --any-nat 172.17.0.2:80 2>/dev/null | grep -c dport=2024",
      "conntrack -L --src-nat 10.88.0.4:80 2>&1",
      "conntrack -L --src-nat 10.88.0.4 2>/dev/null | grep -c dst=203.0.113.10",
    ]);
    expect(t.out[3]).toBe("1\n");
    expect(t.out[4]).toBe(SHOWN(0));
    expect(t.out[5]).toBe("1\n");
    // MASQUERADE kept the container's port: no port was rewritten, so none matches.
    expect(t.out[6]).toBe(SHOWN(0));
    expect(t.out[7]).toBe("1\n");
  });

  it("complains about the port before the address, as split_address_and_port does", () => {
    const t = terminal([
      "conntrack -L --dst-nat 172.17.0.2:",
      "conntrack -L --dst-nat 172.17.0.2:http",
      "conntrack -L --dst-nat 172.17.0.2:99999",
      "conntrack -L --dst-nat :80",
    ]);
    expect(t.out[0]).toBe("conntrack v1.4.7 (conntrack-tools): No port specified after `:'\n" + TRY);
    expect(t.out[1]).toBe("conntrack v1.4.7 (conntrack-tools): Invalid port `http'\n" + TRY);
    expect(t.out[2]).toBe("conntrack v1.4.7 (conntrack-tools): Invalid port `99999'\n" + TRY);
    expect(t.out[3]).toBe("conntrack v1.4.7 (conntrack-tools): Invalid IP address `'\n" + TRY);
  });

  it("refuses --any-nat beside --src-nat or --dst-nat", () => {
    const t = terminal(["conntrack -L --any-nat --dst-nat; echo rc=$?"]);
    expect(t.out[0]).toBe(
      "conntrack v1.4.7 (conntrack-tools): cannot specify `--src-nat' or `--dst-nat' with `--any-nat'\n" +
        TRY +
        "rc=2\n",
    );
  });
});

describe("conntrack's prefixes", () => {
  it("takes /LEN on --src and --dst only", () => {
    const t = terminal([
      ...traffic,
      "conntrack -L -s 172.17.0.0/16 2>/dev/null | wc -l",
      "conntrack -L -r 172.17.0.0/16",
      "conntrack -L -q 10.88.0.0/16",
      "conntrack -L --dst-nat 172.17.0.0/16",
      "conntrack -L -s 172.17.0.0/33",
    ]);
    // docker0's IGMP report and the container's request out.
    expect(t.out[3]).toBe("2\n");
    expect(t.out[4]).toBe("conntrack v1.4.7 (conntrack-tools): CIDR notation unavailable for `--reply-src'\n" + TRY);
    expect(t.out[5]).toBe("conntrack v1.4.7 (conntrack-tools): CIDR notation unavailable for `--reply-dst'\n" + TRY);
    expect(t.out[6]).toBe("conntrack v1.4.7 (conntrack-tools): CIDR notation unavailable for `--dst-nat'\n" + TRY);
    expect(t.out[7]).toBe("conntrack v1.4.7 (conntrack-tools): Invalid netmask\n" + TRY);
  });
});
