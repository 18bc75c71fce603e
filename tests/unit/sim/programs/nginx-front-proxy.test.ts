/** A front nginx proxying to a backend on a user network, its config written inside the container, as nginx 1.22.1 logs it. */
import { describe, expect, it } from "vitest";
import { terminal } from "../shell/terminal.ts";

const CONF =
  "printf 'user nginx;\\npid /var/run/nginx.pid;\\nevents {}\\nhttp {\\n  server {\\n    listen 80;\\n    location / {\\n      proxy_pass http://backend:80;\\n    }\\n  }\\n}\\n' > /etc/nginx/nginx.conf";
/** A line typed inside container `name`, as the scenarios' `name$` runs it. */
const inside = (name: string, cmd: string) => `docker exec ${name} sh -c '${cmd.replace(/'/g, "'\\''")}'`;

const SETUP = [
  "docker network create -o com.docker.network.bridge.name=br-app app",
  "docker run -d --name backend --network app nginx",
  "docker run -d --name front --network app -p 8080:80 nginx",
  inside("front", CONF),
  inside("front", "nginx -s reload 2>/dev/null"),
];

describe("nginx's connection numbers", () => {
  it("count the connection a proxied request opens to its upstream, so the next client is *3", () => {
    const { out } = terminal([
      ...SETUP,
      "docker stop -t 1 backend",
      "curl -s -m 10 -o /dev/null -w '%{http_code}\\n' localhost:8080/",
      "curl -s -m 10 -o /dev/null -w '%{http_code}\\n' localhost:8080/",
      "docker logs front 2>&1 >/dev/null | grep -o '\\*[0-9]* connect() failed ([0-9]*: [^)]*)'",
    ]);
    expect(out.slice(-3)).toEqual([
      "502\n",
      "502\n",
      "*1 connect() failed (113: No route to host)\n*3 connect() failed (113: No route to host)\n",
    ]);
  });
});

describe("an upstream block of two servers", () => {
  const UP =
    "printf 'user nginx;\\npid /var/run/nginx.pid;\\nevents {}\\nhttp {\\n  upstream apps {\\n    server app1:80;\\n    server app2:PORT;\\n  }\\n  server {\\n    listen 80;\\n    location / {\\n      proxy_pass http://apps;\\n    }\\n  }\\n}\\n' > /etc/nginx/nginx.conf";
  const setup = (port: number) => [
    "docker network create app",
    "docker run -d --name app1 --network app nginx",
    "docker run -d --name app2 --network app nginx",
    inside("app1", "echo one > /usr/share/nginx/html/index.html"),
    inside("app2", "echo two > /usr/share/nginx/html/index.html"),
    "docker run -d --name front --network app -p 8080:80 nginx",
    inside("front", UP.replace("PORT", String(port))),
    inside("front", "nginx -s reload 2>/dev/null"),
  ];
  const curls = Array.from({ length: 4 }, () => "curl -s -m 3 localhost:8080/");

  it("takes them in turn, the first one first", () => {
    const { out } = terminal([...setup(80), ...curls]);
    expect(out.slice(-4)).toEqual(["one\n", "two\n", "one\n", "two\n"]);
  });

  it("passes a refused request to the other server and leaves the failed one out; its warning only at error_log warn", () => {
    const probes = [
      ...curls,
      "docker logs front 2>&1 >/dev/null | cut -d' ' -f3,5-",
      "docker logs front 2>/dev/null | wc -l",
    ];
    const { out } = terminal([...setup(81), ...probes]);
    expect(out.slice(-6, -2)).toEqual(["one\n", "one\n", "one\n", "one\n"]);
    const tail =
      'client: 172.18.0.1, server: , request: "GET / HTTP/1.1", upstream: "http://172.18.0.3:81/", host: "localhost:8080"\n';
    const refused = `[error] *3 connect() failed (111: Connection refused) while connecting to upstream, ${tail}`;
    expect(out.at(-2)).toBe(refused);
    expect(out.at(-1)).toBe("4\n");
    const warned = terminal([
      ...setup(81).map((l) => l.replace("user nginx;", "user nginx;\\nerror_log /var/log/nginx/error.log warn;")),
      ...probes,
    ]).out;
    expect(warned.at(-2)).toBe(
      refused + `[warn] *3 upstream server temporarily disabled while connecting to upstream, ${tail}`,
    );
  });
});

describe("the backend's own nginx", () => {
  it("logs the proxied request line as HTTP/1.0, the protocol proxy_pass speaks", () => {
    const { out } = terminal([
      ...SETUP,
      "curl -s -m 3 -o /dev/null localhost:8080/",
      "docker logs backend 2>/dev/null | cut -d' ' -f1,6-9",
      "docker logs front 2>/dev/null | cut -d' ' -f1,6-9",
    ]);
    expect(out.slice(-2)).toEqual(['172.18.0.3 "GET / HTTP/1.0" 200\n', '172.18.0.1 "GET / HTTP/1.1" 200\n']);
  });
});

describe("nginx -s reload", () => {
  it("forks a new worker, which takes the container's next PID", () => {
    const pidOf = "sh -c 'echo $$'";
    const { out } = terminal([
      "docker run -d --name web nginx",
      inside("web", pidOf),
      inside("web", "nginx -s reload 2>/dev/null"),
      inside("web", pidOf),
    ]);
    const [before, after] = [Number(out[1]), Number(out[3])];
    // Each docker exec takes six PIDs (runc's); the reload's worker one more.
    expect(after - before).toBe(13);
  });

  it("leaves the error lines to the new worker, written with its PID", () => {
    const { out } = terminal([
      "docker run -d --name web -p 8080:80 nginx",
      "curl -s -o /dev/null localhost:8080/nope",
      inside("web", "nginx -s reload 2>/dev/null"),
      "curl -s -o /dev/null localhost:8080/nope",
      "docker logs web 2>&1 >/dev/null | cut -d' ' -f3,4",
    ]);
    expect(out.at(-1)).toMatch(/^\[error\] 7#7:\n\[error\] (\d+)#\1:\n$/);
    expect(out.at(-1)).not.toContain("\n[error] 7#7:");
  });
});
