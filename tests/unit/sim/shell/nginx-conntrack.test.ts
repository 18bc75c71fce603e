/**
 * The nginx binary in its container, the kernel's count of tracked connections and
 * conntrack's /proc layout: what the recorded fixtures (f08, k03) cannot show, because
 * the oracle dates its lines or because it takes time to pass.
 */
import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

const RUN = "docker run -d -p 2024:80 --name web nginx";

describe("nginx in the nginx image", () => {
  it("dates its error-log lines on the lab's clock and waits the five bind tries out", () => {
    const { out, world } = terminal([
      RUN,
      "docker exec web sh -c 'date +%s'",
      "docker exec web nginx; echo rc=$?",
      "docker exec web sh -c 'date +%s'",
    ]);
    const lines = out[2]!.trimEnd().split("\n");
    expect(lines).toHaveLength(23);
    expect(lines[0]).toMatch(
      /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[emerg\] (\d+)#\1: bind\(\) to 0\.0\.0\.0:80 failed \(98: Address already in use\)$/,
    );
    expect(lines[1]).toBe("nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)");
    expect(lines[21]).toBe("nginx: [emerg] still could not bind()");
    expect(lines[22]).toBe("rc=1");
    expect(Number(out[3]) - Number(out[1])).toBeGreaterThanOrEqual(2);
    expect(world.clock).toBeGreaterThan(0);
  });

  it("tests and dumps the configuration a learner edited, and fails on one that is gone", () => {
    const { out } = terminal([
      RUN,
      `docker exec web sh -c "sed -i 's/worker_processes 1;/worker_processes 2;/' /etc/nginx/nginx.conf"`,
      "docker exec web sh -c 'nginx -T 2>/dev/null | sed -n 2,3p'",
      "docker exec web sh -c 'nginx -T 2>&1 >/dev/null'",
      "docker exec web sh -c 'nginx -t -c /etc/nginx/none.conf; echo rc=$?'",
    ]);
    expect(out[2]).toBe("user nginx;\nworker_processes 2;\n");
    expect(out[3]).toBe(
      "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n",
    );
    expect(out[4]).toMatch(
      /\[emerg\] \d+#\d+: open\(\) "\/etc\/nginx\/none.conf" failed \(2: No such file or directory\)\n/,
    );
    expect(out[4]).toMatch(/nginx: configuration file \/etc\/nginx\/none.conf test failed\nrc=1\n$/);
  });

  it("dumps mime.types after nginx.conf, each with its header and a blank line", () => {
    const { out } = terminal([
      RUN,
      `docker exec web sh -c "nginx -T 2>/dev/null | grep -n '^# configuration'"`,
      "docker exec web sh -c 'nginx -T 2>/dev/null | wc -l'",
    ]);
    expect(out[1]).toBe(
      "1:# configuration file /etc/nginx/nginx.conf:\n24:# configuration file /etc/nginx/mime.types:\n",
    );
    expect(out[2]?.trim()).toBe("121");
  });

  it("stops its container on -s stop, and leaves it serving on -s reload", () => {
    const { out } = terminal([
      RUN,
      "docker exec web sh -c 'nginx -s reload 2>/dev/null; echo rc=$?'",
      "internet$ curl -s -o /dev/null -w '%{http_code}\\n' http://10.88.0.4:2024/",
      "docker exec web sh -c \"nginx -s stop 2>&1 | grep -c 'signal process started'\"",
      "docker ps -a --format '{{.Names}} {{.Status}}'",
      "internet$ curl -s -m 2 http://10.88.0.4:2024/; echo rc=$?",
    ]);
    expect(out[1]).toBe("rc=0\n");
    expect(out[2]).toBe("200\n");
    expect(out[3]).toBe("1\n");
    expect(out[4]).toMatch(/^web Exited \(0\) /);
    expect(out[5]).toMatch(/rc=(7|28)\n$/);
  });

  it("is not on the host", () => {
    expect(terminal(["nginx -v"]).out[0]).toBe("bash: nginx: command not found\n");
  });
});

describe("nf_conntrack_count", () => {
  it("counts the connections alive now, not the entries not yet swept away", () => {
    const { out } = terminal([
      RUN,
      "internet$ curl -s -o /dev/null http://10.88.0.4:2024/",
      "sysctl -n net.netfilter.nf_conntrack_count",
      "conntrack -C",
      "sleep 700",
      "cat /proc/sys/net/netfilter/nf_conntrack_count",
      "sysctl -a 2>/dev/null | grep nf_conntrack_count",
    ]);
    expect(out[2]).toBe(out[3]);
    expect(Number(out[2])).toBeGreaterThan(0);
    expect(out[5]).toBe("0\n");
    expect(out[6]).toBe("net.netfilter.nf_conntrack_count = 0\n");
  });
});

describe("conntrack -o", () => {
  it("prints the /proc/net/nf_conntrack layout with -o extended, as the plain list otherwise", () => {
    const { out } = terminal([
      RUN,
      "internet$ curl -s -o /dev/null http://10.88.0.4:2024/",
      "conntrack -L -p tcp 2>/dev/null",
      "conntrack -L -p tcp -o extended 2>/dev/null",
    ]);
    expect(out[3]).toBe(
      out[2]!
        .split("\n")
        .filter(Boolean)
        .map((l) => `ipv4     2 ${l}\n`)
        .join(""),
    );
  });
});
