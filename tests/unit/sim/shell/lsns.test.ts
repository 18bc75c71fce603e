import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

describe("lsns", () => {
  it("lists the host's namespaces and a container's own, agreeing with /proc/PID/ns and link-netnsid", () => {
    const { out } = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      "lsns -t net",
      "readlink /proc/$(docker inspect -f '{{.State.Pid}}' web)/ns/net",
      "ip -d link show | grep -o 'link-netnsid [0-9]*' | head -1",
      "lsns -n -t pid | awk '{print $2, $3}'",
      "lsns -p $(docker inspect -f '{{.State.Pid}}' web) | awk 'NR>1 {print $2}' | sort | tr '\\n' ' '",
    ]);
    const lines = out[1]!.split("\n");
    expect(lines[0]).toMatch(/^ +NS TYPE NPROCS +PID USER +NETNSID NSFS +COMMAND$/);
    expect(lines[1]).toMatch(/^\d+ net +\d+ +1 root unassigned +\/sbin\/init$/);
    const [ns, , nprocs, , , id, nsfs] = lines[2]!.split(/ +/);
    expect(nprocs).toBe("2");
    expect(out[2]).toBe(`net:[${ns}]\n`);
    expect(out[3]).toBe(`link-netnsid ${id}\n`);
    expect(nsfs).toMatch(/^\/run\/docker\/netns\/[0-9a-f]{12}$/);
    expect(lines[2]).toMatch(/nginx: master process nginx -g daemon off;$/);
    expect(out[4]).toMatch(/^pid \d+\npid 2\n$/);
    // user and time namespaces stay the host's: the container has its own of the six others
    expect(out[5]).toBe("cgroup ipc mnt net pid time user uts ");
  });

  it("answers a bad type or option as util-linux does, and is not in the nginx image", () => {
    const { out } = terminal([
      "docker run -d --name web nginx",
      "lsns -t foo; echo rc=$?",
      "lsns -x; echo rc=$?",
      "docker exec web lsns",
    ]);
    expect(out[1]).toBe("lsns: unknown namespace type: foo\nrc=1\n");
    expect(out[2]).toBe("lsns: invalid option -- 'x'\nTry 'lsns --help' for more information.\nrc=1\n");
    expect(out[3]).toMatch(/executable file not found in \$PATH/);
  });
});
