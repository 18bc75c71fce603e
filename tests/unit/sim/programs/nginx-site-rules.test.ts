/** A learner's own nginx site: try_files, error_page, regex locations, rewrite, return, alias, autoindex, add_header, as nginx 1.22.1 answers. */
import { describe, expect, it } from "vitest";
import { terminal } from "../shell/terminal.ts";

const MAIN =
  "mkdir -p /root/lab && printf 'user nginx;\\npid /var/run/nginx.pid;\\nevents {}\\nhttp {\\n  include /etc/nginx/mime.types;\\n  default_type application/octet-stream;\\n  include /etc/nginx/conf.d/*.conf;\\n}\\n' > /root/lab/main.conf";
const RUN = "docker run -d --name web -p 8080:80 -v /root/lab/main.conf:/etc/nginx/nginx.conf:ro nginx >/dev/null";

/** Runs `files` (commands in web), then the server block `site`, then `probes`; returns what the probes printed. */
function site(files: string, server: string, probes: readonly string[]): string[] {
  const { out } = terminal([
    MAIN,
    RUN,
    ...(files ? [inWeb(files)] : []),
    inWeb(`printf '${server}' > /etc/nginx/conf.d/default.conf`),
    inWeb("nginx -s reload 2>/dev/null"),
    ...probes,
  ]);
  // curl -i prints the header lines as they came, CR LF; compared here as plain lines.
  return out.slice(out.length - probes.length).map((o) => o.replace(/\r\n/g, "\n"));
}

/** A line typed inside container web, as the scenarios' `web$` runs it. */
const inWeb = (cmd: string) => `docker exec web sh -c '${cmd.replace(/'/g, "'\\''")}'`;

const strip = (s: string) => s.replace(/^(Date|Last-Modified|ETag): .*\n/gm, "");

describe("try_files", () => {
  it("falls back to its last argument, =404 without an error line, and a directory test that leads to the slash redirect", () => {
    const files = "mkdir -p /srv/app/docs && echo shell > /srv/app/index.html && echo docs > /srv/app/docs/index.html";
    const out = site(
      files,
      "server {\\n listen 80;\\n root /srv/app;\\n location / { try_files $uri $uri/ /index.html; }\\n location /strict/ { try_files $uri =404; }\\n}\\n",
      [
        "curl -s localhost:8080/users/42",
        "curl -s localhost:8080/docs/",
        "curl -sI localhost:8080/docs | grep Location",
        "curl -s -o /dev/null -w '%{http_code}\\n' localhost:8080/strict/x",
        "docker logs web 2>&1 | grep -c error",
      ],
    );
    expect(out).toEqual(["shell\n", "docs\n", "Location: http://localhost/docs/\n", "404\n", "0\n"]);
  });
});

describe("error_page", () => {
  it("serves an internal page with the error status (its ETag kept, no Last-Modified), =200, a named location, and a missing page", () => {
    const files = "mkdir -p /srv/site && echo 'custom not found' > /srv/site/404.html";
    const internal = site(
      files,
      "server {\\n listen 80;\\n root /srv/site;\\n error_page 404 /404.html;\\n location = /404.html { internal; }\\n}\\n",
      ["curl -si localhost:8080/missing", "curl -s localhost:8080/404.html"],
    );
    expect(strip(internal[0]!)).toBe(
      "HTTP/1.1 404 Not Found\nServer: nginx/1.22.1\nContent-Type: text/html\nContent-Length: 17\nConnection: keep-alive\n\ncustom not found\n",
    );
    expect(internal[0]).toContain("ETag:");
    expect(internal[1]).toBe("custom not found\n");
    const named = site(
      files,
      'server {\\n listen 80;\\n root /srv/site;\\n error_page 404 = @fb;\\n location @fb { return 200 "fb $uri\\\\n"; }\\n}\\n',
      ["curl -s -w '%{http_code}\\n' localhost:8080/a/b"],
    );
    expect(named).toEqual(["fb /a/b\n200\n"]);
    const missing = site(files, "server {\\n listen 80;\\n root /srv/site;\\n error_page 404 /nope.html;\\n}\\n", [
      "curl -s -o /dev/null -w '%{http_code}\\n' localhost:8080/x",
      'docker logs web 2>&1 | grep -o \'open() "[^"]*"\'',
    ]);
    expect(missing).toEqual(["404\n", 'open() "/srv/site/x"\nopen() "/srv/site/nope.html"\n']);
  });
});

describe("location priority", () => {
  it("takes = first, a ^~ prefix over regexes, the first regex in file order over a longer prefix, and its captures", () => {
    const out = site(
      "",
      'server {\\n listen 80;\\n location / { return 200 "p\\\\n"; }\\n location /images/ { return 200 "images\\\\n"; }\\n location ^~ /static/ { return 200 "static\\\\n"; }\\n location ~* \\\\.png$ { return 200 "png\\\\n"; }\\n location ~ ^/u/([0-9]+)$ { return 200 "u $1\\\\n"; }\\n location = /x { return 200 "exact\\\\n"; }\\n}\\n',
      [
        "curl -s localhost:8080/images/a.PNG",
        "curl -s localhost:8080/static/a.png",
        "curl -s localhost:8080/u/42",
        "curl -s localhost:8080/u/42/",
        "curl -s localhost:8080/x",
      ],
    );
    expect(out).toEqual(["png\n", "static\n", "u 42\n", "p\n", "exact\n"]);
  });
});

describe("rewrite", () => {
  it("redirects with Location on nginx's own port, searches again on last, serves a file on break, and ends a cycle after 10 rounds with a 500", () => {
    const out = site(
      "mkdir -p /srv/site/d && echo file > /srv/site/d/x.txt",
      'server {\\n listen 80;\\n root /srv/site;\\n rewrite ^/old/(.*)$ /new/$1 permanent;\\n location /new/ { return 200 "new $uri\\\\n"; }\\n location /a/ { rewrite ^/a/(.*)$ /new/$1 last; }\\n location /c/ { rewrite ^/c/(.*)$ /d/$1 break; return 200 "no\\\\n"; }\\n location /loop/ { rewrite ^/loop/(.*)$ /loop/$1 last; }\\n}\\n',
      [
        "curl -sI localhost:8080/old/p | grep -E '^(HTTP|Location)'",
        "curl -s localhost:8080/a/p",
        "curl -s localhost:8080/c/x.txt",
        "curl -si localhost:8080/loop/z | grep -E '^(HTTP|Connection)'",
        'docker logs web 2>&1 | grep -o \'rewrite or internal redirection cycle while processing "[^"]*"\'',
      ],
    );
    expect(out).toEqual([
      "HTTP/1.1 301 Moved Permanently\nLocation: http://localhost/new/p\n",
      "new /new/p\n",
      "file\n",
      "HTTP/1.1 500 Internal Server Error\nConnection: close\n",
      'rewrite or internal redirection cycle while processing "/loop/z"\n',
    ]);
  });
});

describe("return", () => {
  it("puts a whole URL's Location after Connection under the 302 page titled Found, and sends 418 and 204 without a page", () => {
    const out = site(
      "",
      "server {\\n listen 80;\\n location = /away { return 302 http://example.com/; }\\n location = /t { return 418; }\\n location = /e { return 204; }\\n}\\n",
      ["curl -si localhost:8080/away", "curl -si localhost:8080/t", "curl -si localhost:8080/e"],
    );
    expect(strip(out[0]!)).toContain(
      "Content-Length: 145\nConnection: keep-alive\nLocation: http://example.com/\n\n<html>\n<head><title>302 Found</title>",
    );
    expect(strip(out[1]!)).toBe("HTTP/1.1 418 \nServer: nginx/1.22.1\nContent-Length: 0\nConnection: keep-alive\n\n");
    expect(strip(out[2]!)).toBe("HTTP/1.1 204 No Content\nServer: nginx/1.22.1\nConnection: keep-alive\n\n");
  });
});

describe("alias, autoindex, add_header and types", () => {
  it("replaces the prefix with alias, lists directories first (empty ones too), adds always headers to errors, and types by a location's own types block", () => {
    const files =
      "mkdir -p /srv/a/css /srv/pub/empty && echo x > /srv/a/css/s.css && echo one > /srv/pub/one.txt && echo p > /srv/a/p.html";
    const out = site(
      files,
      "server {\\n listen 80;\\n root /srv/pub;\\n add_header X-S lab;\\n location /st/ { alias /srv/a/; add_header X-E y always; }\\n location /pub/ { alias /srv/pub/; autoindex on; }\\n location /dl/ { alias /srv/a/; types { } default_type application/octet-stream; }\\n}\\n",
      [
        "curl -s localhost:8080/st/css/s.css",
        "curl -s localhost:8080/pub/ | sed -n 5,6p | cut -c1-16",
        "curl -sI localhost:8080/st/none | grep '^X-'",
        "curl -sI localhost:8080/dl/p.html | grep -E '^(Content-Type|X-)'",
      ],
    );
    expect(out).toEqual([
      "x\n",
      '<a href="empty/"\n<a href="one.txt\n',
      "X-E: y\n",
      "Content-Type: application/octet-stream\nX-S: lab\n",
    ]);
  });
});

describe("nginx -t on the new directives", () => {
  it("words a regex PCRE2 cannot compile, an unknown rewrite flag and an error_page code out of range as nginx does", () => {
    const t = (server: string) =>
      terminal([
        MAIN,
        RUN,
        inWeb(`printf '${server}' > /etc/nginx/conf.d/default.conf`),
        `${inWeb("nginx -t 2>&1")} | cut -d' ' -f5- | head -1`,
      ]).out[3];
    expect(t("server {\\n location ~ ^/(open { return 200; }\\n}\\n")).toBe(
      'pcre2_compile() failed: missing closing parenthesis in "^/(open" in /etc/nginx/conf.d/default.conf:2\n',
    );
    expect(t("server {\\n rewrite ^/a /b perm;\\n}\\n")).toBe(
      'invalid parameter "perm" in /etc/nginx/conf.d/default.conf:2\n',
    );
    expect(t("server {\\n error_page 200 /x.html;\\n}\\n")).toBe(
      'value "200" must be between 300 and 599 in /etc/nginx/conf.d/default.conf:2\n',
    );
  });
});

describe("error_page over proxy_pass, and $arg_", () => {
  it("serves the error page for nginx's own 502, logs the refusal with its upstream, and reads one argument", () => {
    const out = site(
      "mkdir -p /srv/site && echo down > /srv/site/50x.html",
      'server {\\n listen 80;\\n root /srv/site;\\n location /api/ { proxy_pass http://127.0.0.1:9; }\\n location = /q { return 200 "q=$arg_q\\\\n"; }\\n error_page 502 /50x.html;\\n}\\n',
      [
        "curl -s -w '%{http_code}\\n' localhost:8080/api/x",
        "docker logs web 2>&1 | grep -c 'connect() failed (111: Connection refused) while connecting to upstream.*upstream: \"http://127.0.0.1:9/api/x\"'",
        "curl -s 'localhost:8080/q?a=1&q=dogs'",
      ],
    );
    expect(out).toEqual(["down\n502\n", "1\n", "q=dogs\n"]);
  });
});

describe("a proxied answer without a length", () => {
  it("goes out chunked, and the access log counts the chunks' framing", () => {
    const { out } = terminal([
      "docker network create app >/dev/null",
      "docker run -d --name api --network app nginx sh -c 'mkdir -p /srv && exec busybox httpd -f -p 8080 -h /srv' >/dev/null",
      "mkdir -p /root/lab && printf 'user nginx;\\npid /var/run/nginx.pid;\\nevents {}\\nhttp {\\n server {\\n  listen 80;\\n  location / { proxy_pass http://api:8080; }\\n }\\n}\\n' > /root/lab/p.conf",
      "docker run -d --name web --network app -p 8080:80 -v /root/lab/p.conf:/etc/nginx/nginx.conf:ro nginx >/dev/null",
      "curl -si localhost:8080/nothing | grep -E '^(Content-Length|Transfer-Encoding)'",
      "docker logs web 2>&1 | grep -o '\" 404 [0-9]*'",
    ]);
    expect(out.slice(4).map((o) => o.replace(/\r\n/g, "\n"))).toEqual(["Transfer-Encoding: chunked\n", '" 404 135\n']);
  });
});

describe("methods other than GET", () => {
  it("meet the static module's order: POST finds a missing file first (error_page then answers with GET), and DELETE is refused before anything is looked up", () => {
    const out = site(
      "mkdir -p /srv/site/img && echo home > /srv/site/index.html",
      "server {\\n listen 80;\\n root /srv/site;\\n error_page 404 = /index.html;\\n}\\n",
      [
        "curl -s -d x=1 -w ' %{http_code}\\n' localhost:8080/missing",
        "curl -s -d x=1 -o /dev/null -w '%{http_code}\\n' localhost:8080/",
        "curl -s -X DELETE -o /dev/null -w '%{http_code}\\n' localhost:8080/img/",
        "curl -s -X DELETE -o /dev/null -w '%{http_code}\\n' localhost:8080/index.html",
      ],
    );
    expect(out).toEqual(["home\n 200\n", "405\n", "405\n", "405\n"]);
  });
});

describe("the bound on URI changes", () => {
  it("takes ten rewrites, ends the eleventh with a 500, and names an internal redirect cycle as such", () => {
    const chain = Array.from({ length: 10 }, (_, i) => ` location = /a${i} { rewrite ^ /a${i + 1} last; }\\n`).join("");
    const out = site(
      "",
      `server {\\n listen 80;\\n${chain} location = /a10 { return 200 "ten\\\\n"; }\\n location = /b { rewrite ^ /a0 last; }\\n location /t/ { try_files /nope /t/; }\\n}\\n`,
      [
        "curl -s localhost:8080/a0",
        "curl -s -o /dev/null -w '%{http_code}\\n' localhost:8080/b",
        "curl -s -o /dev/null -w '%{http_code}\\n' localhost:8080/t/",
        "docker logs web 2>&1 | grep -o 'cycle while [^,]*'",
      ],
    );
    expect(out).toEqual([
      "ten\n",
      "500\n",
      "500\n",
      'cycle while processing "/a10"\ncycle while internally redirecting to "/t/"\n',
    ]);
  });
});
