/**
 * REJECT's answers, held to what the oracle's kernel traced (k08, k09): the RST leaves
 * attached to the refused connection, so nat POSTROUTING runs for it once and conntrack
 * un-DNATs it; the rule's verdict line comes after the answer's own trace.
 */
import { describe, expect, it } from "vitest";
import { replayScenario } from "../../../../src/sim/scenario/replay.ts";

const SETUP = ["docker run -d -p 2024:80 --name web nginx"];

function blocks(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let cur: string[] = [];
  for (const line of text.split("\n")) {
    if (/^(\$ |[\w.-]+\$ |@trace )/.test(line)) out.set(line, (cur = []));
    else cur.push(line);
  }
  return out;
}

describe("REJECT's answers", () => {
  it("a RST for a published port is MASQUERADEd once, un-DNATed, and refuses the client", () => {
    const t = blocks(
      replayScenario(
        [
          ...SETUP,
          "iptables -I DOCKER-USER -p tcp -m conntrack --ctorigdstport 2024 -j REJECT --reject-with tcp-reset",
          "internet$ curl -s -m 2 http://10.88.0.4:2024/",
          "iptables -t nat -L POSTROUTING -n -v -x",
          "conntrack -L -p tcp",
        ].join("\n"),
      ),
    );
    expect(t.get("internet$ curl -s -m 2 http://10.88.0.4:2024/")).toContain("[exit 7]");
    const nat = t.get("$ iptables -t nat -L POSTROUTING -n -v -x")!.join("\n");
    expect(nat).toMatch(/^ +1 +40 MASQUERADE .*172\.17\.0\.0\/16/m);
    // The refused connection was never confirmed, and the RST did not confirm it.
    expect(t.get("$ conntrack -L -p tcp")!.join("\n")).toContain("0 flow entries");
  });

  it("the kernel traces the answer before the rule that sent it", () => {
    const text = replayScenario(
      [
        ...SETUP,
        "iptables -I INPUT -p tcp --dport 7000 -j REJECT --reject-with tcp-reset",
        "@trace internet$ curl -s -m 2 http://10.88.0.4:7000/",
        "iptables -I DOCKER-USER -p tcp -m conntrack --ctorigdstport 2024 -j REJECT",
        "@trace internet$ curl -s -m 2 http://10.88.0.4:2024/",
      ].join("\n"),
    );
    const [rst, icmp] = text.split("@trace ").slice(1);
    const rstLines = rst!.split("\n");
    const verdict = rstLines.findIndex((l) => l.includes("filter:INPUT:rule:0x2:DROP"));
    expect(rstLines.findIndex((l) => l.includes("nat:POSTROUTING:policy:ACCEPT"))).toBeLessThan(verdict);
    // The chain's run opened with the verdict, so its PACKET line comes again just before it.
    expect(rstLines[verdict - 1]).toMatch(/^PACKET: .* DPORT=7000 SYN $/);
    // An ICMP error: TOS 0xc0, no DF, no type in the PACKET line, and no NAT for it (the
    // refused connection was never confirmed, so conntrack relates the error to nothing).
    const err = icmp!.split("\n").find((l) => l.startsWith("PACKET:") && l.includes("OUT=eth0"))!;
    expect(err).toMatch(/TOS=0xc0 TTL=64 ID=\d+ $/);
    expect(icmp).not.toContain("nat:POSTROUTING");
  });
});
