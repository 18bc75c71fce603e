/** -m conntrack beyond --ctstate: what Docker's docs have learners write in DOCKER-USER. */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/index.ts";
import { out, run } from "../lab.ts";

const INTERNET = { machine: "internet" };

describe("the conntrack match's tuple fields", () => {
  it("sees the published port before DNAT (--ctorigdstport) where the packet already goes to :80", () => {
    const w = run(
      createWorld(1),
      "docker run -d -p 2024:80 --name web nginx",
      "iptables -I DOCKER-USER -p tcp -m conntrack --ctorigdstport 2024 --ctdir ORIGINAL -j DROP",
    );
    expect(out(w, "curl -s -m 1 -o /dev/null 10.88.0.4:2024; echo $?", INTERNET).stdout).toBe("28\n");
    const other = run(w, "iptables -R DOCKER-USER 1 -p tcp -m conntrack --ctorigdstport 2025 -j DROP");
    expect(out(other, "curl -s -o /dev/null -w '%{http_code}' 10.88.0.4:2024", INTERNET).stdout).toBe("200");
  });

  it("prints its fields in libxt_conntrack's order, negations and all", () => {
    const w = run(
      createWorld(1),
      "iptables -N T",
      "iptables -A T -m conntrack ! --ctorigsrcport 1000:2000 --ctstatus ASSURED,SEEN_REPLY --ctstate NEW --ctproto tcp --ctorigsrc 10.88.0.9/16 --ctdir REPLY",
    );
    expect(out(w, "iptables -S T").stdout).toContain(
      "-A T -m conntrack --ctstate NEW --ctproto 6 --ctorigsrc 10.88.0.0/16 ! --ctorigsrcport 1000:2000 --ctstatus SEEN_REPLY,ASSURED --ctdir REPLY",
    );
    expect(out(w, "iptables -L T -n").stdout).toContain(
      "ctstate NEW ctproto 6 ctorigsrc 10.88.0.0/16 ! ctorigsrcport 1000:2000 ctstatus SEEN_REPLY,ASSURED ctdir REPLY",
    );
  });

  it("refuses bad values with iptables' words", () => {
    const w = createWorld(1);
    expect(out(w, "iptables -A FORWARD -m conntrack --ctdir FOO").stderr).toContain(
      'conntrack: Bad value for "--ctdir" option: "FOO"',
    );
    expect(out(w, "iptables -A FORWARD -m conntrack --ctstatus BOGUS").stderr).toContain('Bad ctstatus "BOGUS"');
  });
});
