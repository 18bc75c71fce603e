/** nginx's allow/deny, set and its variables, as nginx 1.22.1 reads and answers them (oracle recording ld04). */
import { describe, expect, it } from "vitest";
import { terminal } from "../shell/terminal.ts";

const MAIN =
  "mkdir -p /root/lab && printf 'user nginx;\\npid /var/run/nginx.pid;\\nevents {}\\nhttp {\\n  include /etc/nginx/mime.types;\\n  default_type application/octet-stream;\\n  include /etc/nginx/conf.d/*.conf;\\n}\\n' > /root/lab/main.conf";
const RUN = "docker run -d --name web -p 8080:80 -v /root/lab/main.conf:/etc/nginx/nginx.conf:ro nginx >/dev/null";
const inWeb = (cmd: string) => `docker exec web sh -c '${cmd.replace(/'/g, "'\\''")}'`;

/** Writes the server block `server`, reloads, runs `probes` and returns what each printed. */
function site(server: string, probes: readonly string[]): string[] {
  const { out } = terminal([
    MAIN,
    RUN,
    "docker run -d --name cli nginx >/dev/null",
    inWeb(`printf '${server}' > /etc/nginx/conf.d/default.conf`),
    inWeb("nginx -s reload 2>/dev/null"),
    ...probes,
  ]);
  return out.slice(out.length - probes.length);
}

describe("allow and deny", () => {
  it("let in the first rule's match: docker-proxy's 172.17.0.1 in, a neighbour out with a 403 and an error line", () => {
    const out = site(
      "server {\\n listen 80;\\n location / {\\n  allow 172.17.0.1;\\n  allow 10.88.0.0/16;\\n  deny all;\\n }\\n}\\n",
      [
        "curl -s -o /dev/null -w '%{http_code}\\n' localhost:8080/",
        "docker exec cli curl -s -o /dev/null -w '%{http_code}\\n' http://172.17.0.2/",
        "docker logs web 2>&1 | grep -o 'access forbidden by rule, client: [0-9.]*'",
      ],
    );
    expect(out[0]).toBe("200\n");
    expect(out[1]).toBe("403\n");
    expect(out[2]).toBe("access forbidden by rule, client: 172.17.0.3\n");
  });

  it("come after the rewrite phase: a return answers a client a server-level deny refuses", () => {
    const out = site(
      'server {\\n listen 80;\\n deny all;\\n location / { return 200 "returned\\\\n"; }\\n location /f/ { alias /usr/share/nginx/html/; }\\n}\\n',
      ["curl -s localhost:8080/", "curl -s -o /dev/null -w '%{http_code}\\n' localhost:8080/f/"],
    );
    expect(out).toEqual(["returned\n", "403\n"]);
  });

  it("refuse a bad address, warn of host bits in a network", () => {
    const out = site("server {\\n listen 80;\\n}\\n", [
      inWeb(
        "printf 'server {\\n listen 80;\\n allow 300.1.1.1;\\n}\\n' > /etc/nginx/conf.d/default.conf; nginx -t 2>&1 | cut -d' ' -f5-",
      ),
      inWeb(
        "printf 'server {\\n listen 80;\\n allow 10.88.0.1/16;\\n}\\n' > /etc/nginx/conf.d/default.conf; nginx -t 2>&1 | cut -d' ' -f5-",
      ),
    ]);
    expect(out[0]).toBe('invalid parameter "300.1.1.1" in /etc/nginx/conf.d/default.conf:3\ntest failed\n');
    expect(out[1]).toMatch(
      /^low address bits of 10\.88\.0\.1\/16 are meaningless in \/etc\/nginx\/conf\.d\/default\.conf:3\n/,
    );
  });
});

describe("set and variables", () => {
  it("sets a variable a return then reads, beside the client's address as nginx sees it", () => {
    const out = site(
      'server {\\n listen 80;\\n location / {\\n  set $greeting "hello";\\n  return 200 "$greeting $remote_addr $nginx_version\\\\n";\\n }\\n}\\n',
      ["curl -s localhost:8080/", "curl -s 10.88.0.4:8080/"],
    );
    expect(out).toEqual(["hello 172.17.0.1 1.22.1\n", "hello 10.88.0.4 1.22.1\n"]);
  });

  it("refuses a variable nginx does not know, and a set without a $", () => {
    const out = site("server {\\n listen 80;\\n}\\n", [
      inWeb(
        "printf 'server {\\n listen 80;\\n return 200 \"$nosuch\";\\n}\\n' > /etc/nginx/conf.d/default.conf; nginx -t 2>&1 | cut -d' ' -f5-",
      ),
      inWeb(
        "printf 'server {\\n listen 80;\\n set nosuch 1;\\n}\\n' > /etc/nginx/conf.d/default.conf; nginx -t 2>&1 | cut -d' ' -f5-",
      ),
    ]);
    expect(out[0]).toBe('unknown "nosuch" variable\ntest failed\n');
    expect(out[1]).toBe('invalid variable name "nosuch" in /etc/nginx/conf.d/default.conf:3\ntest failed\n');
  });
});
