import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

const RUN = "docker run -d -p 2024:80 --name web nginx";

describe("lsof", () => {
  it("finds docker-proxy behind a published port, one process per address", () => {
    const { out } = terminal([
      RUN,
      "lsof -i :2024",
      "lsof -i tcp:2024 -t | wc -l",
      "lsof -nP -i4 -sTCP:LISTEN | awk '{print $1, $8, $9}'",
      "lsof -i 6 | awk '{print $1, $5, $8, $9}'",
    ]);
    const lines = out[1]!.split("\n");
    expect(lines[0]).toMatch(/^COMMAND +PID USER +FD +TYPE +DEVICE SIZE\/OFF NODE NAME$/);
    expect(lines[1]).toMatch(/^docker-pr +\d+ root +4u +IPv4 +\d+ +0t0 +TCP \*:2024 \(LISTEN\)$/);
    expect(lines[2]).toMatch(/IPv6 .*TCP \*:2024 \(LISTEN\)$/);
    expect(out[2]).toBe("2\n");
    expect(out[3]).toBe("COMMAND NODE NAME\ndocker-pr TCP *:2024\n");
    expect(out[4]).toBe("COMMAND TYPE NODE NAME\ndocker-pr IPv6 TCP *:2024\n");
  });

  it("exits 1 silently when nothing matches, and once the container stops", () => {
    const { out } = terminal([
      RUN,
      "lsof -i :9999; echo rc=$?",
      "lsof -i UDP -t; echo rc=$?",
      "docker stop web",
      "lsof -i; echo rc=$?",
    ]);
    expect(out[1]).toBe("rc=1\n");
    expect(out[2]).toBe("rc=1\n");
    expect(out[4]).toBe("rc=1\n");
  });

  it("names ports and localhost unless -P and -n, and lists a host-network nginx's master and worker", () => {
    const { out } = terminal([
      "docker run -d -p 127.0.0.1:2024:80 -p 8080:80 --name web nginx",
      "docker run -d --network host --name hostweb nginx",
      "lsof -i | awk '{print $1, $9}'",
      "lsof -i -P -n | awk '{print $9}' | sort -u",
      "lsof -t -c nginx -a -i | wc -l",
      "lsof -i :8080-9000 -t | wc -l",
    ]);
    expect(out[2]).toBe(
      "COMMAND NAME\ndocker-pr *:http-alt\ndocker-pr *:http-alt\ndocker-pr localhost:2024\n" +
        "nginx *:http\nnginx *:http\nnginx *:http\nnginx *:http\n",
    );
    expect(out[3]).toBe("*:80\n*:8080\n127.0.0.1:2024\nNAME\n");
    expect(out[4]).toBe("2\n");
    expect(out[5]).toBe("2\n");
  });

  it("shows the internet's servers, -F fields, and lsof's errors with its usage", () => {
    const { out } = terminal([
      "internet$ lsof -nP -i | awk '{print $1, $8, $9}'",
      RUN,
      "lsof -i :2024 -F pcfn | sed 's/[0-9]//g'",
      "lsof -i :abc; echo rc=$?",
      "lsof -sTCP:BOGUS -i 2>&1 | head -1",
      "lsof -p abc 2>&1 | head -1",
      "lsof -v 2>&1 | head -2",
    ]);
    expect(out[0]).toBe("COMMAND NODE NAME\npython3 TCP *:80\npython3 UDP 203.0.113.53:53\n");
    expect(out[2]).toBe("p\ncdocker-proxy\nf\nn*:\np\ncdocker-proxy\nf\nn*:\n");
    expect(out[3]).toMatch(
      /^lsof: unknown service abc in: -i :abc\nlsof 4\.95\.0\n[^]*Use the ``-h'' option to get more help information\.\nrc=1\n$/,
    );
    expect(out[4]).toBe("lsof: unknown TCP state name: BOGUS\n");
    expect(out[5]).toBe("lsof: illegal process ID: abc\n");
    expect(out[6]).toBe("lsof version information:\n    revision: 4.95.0\n");
  });

  it("is not installed in the nginx image", () => {
    const { out } = terminal([RUN, "docker exec web sh -c 'lsof -i 2>&1; echo rc=$?'"]);
    expect(out[1]).toBe("sh: lsof: not found\nrc=127\n");
  });
});
