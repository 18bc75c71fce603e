import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

const VETH = "$(ip -o link show master docker0 | awk -F': ' '{print $2}' | cut -d@ -f1)";

// What a learner does to point tcpdump at a container's veth by a name of their own (ba01).
describe("ip link set DEV name NEW", () => {
  it("renames a link, up or down, unless the name is taken or too long (as the oracle's kernel)", () => {
    const t = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      `ip link set ${VETH} name vweb; echo rc=$?`,
      `V=${VETH}; ip link set $V down; ip link set $V name vweb; ip link set vweb up; echo rc=$?`,
      "ip -o link show master docker0 | awk -F': ' '{print $2}' | cut -d@ -f1",
      "ip link set lo name eth0",
      "ip link set vweb down; ip link set vweb name eth0; ip link set vweb up",
      "ip link set vweb name averyveryverylongname",
      "curl -s -o /dev/null -w '%{http_code}\\n' 172.17.0.2",
    ]);
    expect(t.out[1]).toBe("rc=0\n");
    expect(t.out[2]).toBe("rc=0\n");
    expect(t.out[3]).toBe("vweb\n");
    expect(t.out[4]).toBe("RTNETLINK answers: File exists\n");
    expect(t.out[5]).toBe("RTNETLINK answers: File exists\n");
    expect(t.out[6]).toBe('Error: argument "averyveryverylongname" is wrong: "name" not a valid ifname\n');
    expect(t.out[7]).toBe("200\n");
  });

  it("the renamed end goes with the container", () => {
    const t = terminal([
      "docker run -d --name web nginx",
      `V=${VETH}; ip link set $V down; ip link set $V name vweb; ip link set vweb up`,
      "docker rm -f web",
      "ip -o link show master docker0 | wc -l",
    ]);
    expect(t.out[3]).toBe("0\n");
  });
});
