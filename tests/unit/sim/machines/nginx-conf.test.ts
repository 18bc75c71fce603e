/** nginx's configuration reader: the errors nginx -t prints, with the line, and the model servers answer with. */
import { describe, expect, it } from "vitest";
import { loadNginxConf, type ConfIO } from "../../../../src/sim/machines/images/nginx-conf/load.ts";
import { effective, serverFor } from "../../../../src/sim/machines/images/nginx-conf/model.ts";
import { locationFor } from "../../../../src/sim/machines/images/nginx-conf/locations.ts";
import { parseNginxTime } from "../../../../src/sim/machines/images/nginx-conf/time.ts";
import { terminal } from "../shell/terminal.ts";

function io(files: Record<string, string>, hosts: Record<string, string> = {}): ConfIO {
  return {
    read: (p) => (Object.hasOwn(files, p) ? files[p]! : { error: "2: No such file or directory" }),
    glob: (pattern) => {
      const re = new RegExp("^" + pattern.replace(/\./g, "\\.").replace(/\*/g, "[^/]*") + "$");
      return Object.keys(files)
        .filter((p) => re.test(p))
        .sort();
    },
    resolve: (h) => hosts[h],
    hasUser: (n) => n === "nginx",
    isDir: (p) => p === "/var/run",
  };
}

const HEAD = "user nginx;\npid /var/run/nginx.pid;\nevents {}\n";

function error(text: string, hosts?: Record<string, string>): string | undefined {
  const r = loadNginxConf(io({ "/c.conf": text }, hosts), "/c.conf");
  return r.ok ? undefined : r.error;
}

describe("nginx configuration errors", () => {
  it("reports each mistake where nginx does", () => {
    expect(error("events {}\nhttp {\n  server {\n    listen 80\n    root /srv;\n  }\n}\n")).toBe(
      'invalid parameter "root" in /c.conf:5',
    );
    expect(error("events {}\nhttp { rooot /x; }\n")).toBe('unknown directive "rooot" in /c.conf:2');
    expect(error("events {}\nhttp {\n  server {\n  }\n")).toBe('unexpected end of file, expecting "}" in /c.conf:5');
    expect(error("events {}\nlisten 80;\n")).toBe('"listen" directive is not allowed here in /c.conf:2');
    expect(error("http { server { return; } }\n")).toBe(
      'invalid number of arguments in "return" directive in /c.conf:1',
    );
    expect(error("http {\n server {\n  location / {\n   root /srv\n  }\n }\n}\n")).toBe('unexpected "}" in /c.conf:5');
    expect(error('http {\n server {\n  return 200 "open;\n }\n}\n')).toBe(
      'unexpected end of file, expecting ";" or "}" in /c.conf:6',
    );
    expect(error("http { server { location / { proxy_pass http://nosuch:8080; } } }")).toBe(
      'host not found in upstream "nosuch" in /c.conf:1',
    );
    expect(error("http { include /etc/missing.conf; }")).toBe(
      'open() "/etc/missing.conf" failed (2: No such file or directory) in /c.conf:1',
    );
    expect(error("http { sendfile maybe; }")).toBe(
      'invalid value "maybe" in "sendfile" directive, it must be "on" or "off" in /c.conf:1',
    );
  });

  it("resolves proxy_pass at the http block's end, an upstream block's servers as they are read", () => {
    const hosts = { backend: "172.18.0.2" };
    expect(error("http {\n upstream app { server nosuch:8080; }\n}\n", hosts)).toBe(
      'host not found in upstream "nosuch:8080" in /c.conf:2',
    );
    expect(error("http { server { location / { proxy_pass backend:8080; } } }", hosts)).toBe(
      "invalid URL prefix in /c.conf:1",
    );
    // A later mistake in the block is found before the unknown host.
    expect(error("http {\n server { location / { proxy_pass http://nosuch; } }\n rooot x;\n}\n", hosts)).toBe(
      'unknown directive "rooot" in /c.conf:3',
    );
    const text =
      "user nginx; http { upstream app { server backend:8080; } server { location / { proxy_pass http://app; } } }";
    const r = loadNginxConf(io({ "/c.conf": text }, hosts), "/c.conf");
    expect(r.ok && r.conf.servers[0]!.locations[0]!.proxy).toEqual({ host: "app", address: "172.18.0.2", port: 8080 });
  });

  it("needs a user the image has, and a directory for the pid file when starting", () => {
    expect(error("events {}\n")).toBe('getpwnam("nobody") failed');
    const r = loadNginxConf(io({ "/c.conf": "user nginx;\nevents {}\n" }), "/c.conf", true);
    expect(r.ok ? "" : r.error).toBe('open() "/run/nginx.pid" failed (2: No such file or directory)');
  });
});

describe("the loaded model", () => {
  it("includes conf.d in sorted order, picks servers by name, then the first, and warns of a name taken twice", () => {
    const files = {
      "/etc/nginx/nginx.conf": HEAD + "http {\n  include /etc/nginx/conf.d/*.conf;\n}\n",
      "/etc/nginx/conf.d/b.conf": 'server { listen 80; return 200 "b\\n"; }',
      "/etc/nginx/conf.d/a.conf": "server { listen 80; server_name api.local; }",
      "/etc/nginx/conf.d/c.conf": "server { listen 80; server_name api.local; }",
    };
    const r = loadNginxConf(io(files), "/etc/nginx/nginx.conf");
    if (!r.ok) throw new Error(r.error);
    expect(r.files.map(([p]) => p)).toEqual([
      "/etc/nginx/nginx.conf",
      "/etc/nginx/conf.d/a.conf",
      "/etc/nginx/conf.d/b.conf",
      "/etc/nginx/conf.d/c.conf",
    ]);
    expect(r.warnings).toEqual(['conflicting server name "api.local" on 0.0.0.0:80, ignored']);
    expect(serverFor(r.conf, "0.0.0.0", 80, "other:8080")).toBe(r.conf.servers[0]);
    expect(serverFor(r.conf, "0.0.0.0", 80, "api.local")).toBe(r.conf.servers[0]);
    expect(r.conf.servers[1]!.script).toEqual([{ op: "return", code: 200, text: "b\n" }]);
  });

  it("matches an exact location first, then the longest prefix", () => {
    const text = HEAD + "http { server { location / {} location /api/ {} location = /api/x {} } }";
    const r = loadNginxConf(io({ "/c.conf": text }), "/c.conf");
    if (!r.ok) throw new Error(r.error);
    const locs = r.conf.servers[0]!.locations;
    expect(locationFor(locs, "/api/x")[0]!.mod).toBe("=");
    expect(locationFor(locs, "/api/y")[0]!.path).toBe("/api/");
    expect(locationFor(locs, "/z")[0]!.path).toBe("/");
  });
});

describe("proxy_connect_timeout", () => {
  it("reads nginx's time values, units in a row, a bare number as seconds", () => {
    expect(parseNginxTime("2s")).toBe(2000);
    expect(parseNginxTime("1500ms")).toBe(1500);
    expect(parseNginxTime("1m30s")).toBe(90_000);
    expect(parseNginxTime("5")).toBe(5000);
    expect(parseNginxTime("2x")).toBeUndefined();
    expect(parseNginxTime("")).toBeUndefined();
  });

  it("refuses a value that is not a time, and a location inherits the http block's", () => {
    expect(error("http {\n server {\n  location / {\n   proxy_connect_timeout 2x;\n  }\n }\n}\n")).toBe(
      '"proxy_connect_timeout" directive invalid value in /c.conf:4',
    );
    const text =
      HEAD +
      "http { proxy_connect_timeout 1500ms; server { location / {} location /b/ { proxy_connect_timeout 3s; } } }";
    const r = loadNginxConf(io({ "/c.conf": text }), "/c.conf");
    if (!r.ok) throw new Error(r.error);
    const s = r.conf.servers[0]!;
    expect(effective([r.conf.http, s, ...locationFor(s.locations, "/a")]).connectTimeoutMs).toBe(1500);
    expect(effective([r.conf.http, s, ...locationFor(s.locations, "/b/x")]).connectTimeoutMs).toBe(3000);
  });
});

describe("a proxy pointed at itself", () => {
  it("ends, bounded by the walk's relay depth, with an error the learner can read", () => {
    const conf =
      "user nginx;\\npid /var/run/nginx.pid;\\nevents {}\\nhttp { server { listen 80; location / { proxy_pass http://127.0.0.1:80; } } }\\n";
    const { out } = terminal([
      `printf '${conf}' > /root/loop.conf`,
      "docker run -d --name loop -p 2030:80 -v /root/loop.conf:/etc/nginx/nginx.conf:ro nginx >/dev/null; echo rc=$?",
      "curl -s -o /dev/null -w '%{http_code}\\n' localhost:2030",
      "docker logs loop 2>/dev/null | grep -c 'GET / '",
    ]);
    expect(out[1]).toBe("rc=0\n");
    expect(out[2]).toMatch(/^5\d\d\n$/);
    // Each relay logged the request it passed on: the loop ran, and stopped.
    expect(Number(out[3])).toBeGreaterThan(1);
  });
});
