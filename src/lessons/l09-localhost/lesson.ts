import type { Lesson } from "../types.ts";
import { hostDnat } from "../common.ts";

export const lesson = {
  id: "l09-localhost",
  setup: ["docker run -d -p 2024:80 --name web nginx"],
  goals: [
    {
      id: "output-dnat",
      check: { kind: "trace", moment: hostDnat("DOCKER", "host", "OUTPUT") },
      nearMiss: ["internet$ curl -s -m 3 http://10.88.0.4:2024/", "curl -s -m 3 http://localhost:2024/"],
    },
    {
      id: "proxy",
      check: {
        kind: "all",
        checks: [
          {
            kind: "trace",
            moment: {
              at: "deliver",
              machine: "host",
              process: "docker-proxy",
              packet: { from: "host", dst: { role: "loopback" } },
            },
          },
          {
            kind: "trace",
            moment: {
              at: "deliver",
              machine: "container",
              process: "nginx",
              packet: { from: "host", src: { role: "gateway" } },
            },
          },
        ],
      },
      nearMiss: ["curl -s -m 3 http://10.88.0.4:2024/", "curl -s -m 3 http://localhost:2025/"],
    },
    {
      id: "local-only",
      check: {
        kind: "all",
        checks: [
          { kind: "publishes", containerPort: 80, hostIp: "127.0.0.1" },
          {
            kind: "trace",
            moment: { at: "drop", machine: "host", reason: "no-listener", packet: { from: "internet" } },
          },
        ],
      },
      nearMiss: ["docker run -d -p 8080:80 --name local nginx", "internet$ curl -s -m 3 http://10.88.0.4:8080/"],
    },
  ],
  predictions: [
    {
      id: "proxy-source",
      pauseBefore: {
        at: "hook",
        machine: "host",
        hook: "OUTPUT",
        packet: { from: "host", proto: "tcp", first: true, dst: { role: "loopback" } },
      },
      answer: {
        kind: "address",
        field: "src",
        where: { at: "deliver", machine: "container", process: "nginx" },
        samePacket: false,
      },
      choices: ["loopback", "host", "gateway"],
    },
  ],
  solution: [
    "curl -s -m 3 -o /dev/null -w '%{http_code}\\n' http://10.88.0.4:2024/",
    "curl -s -m 3 -o /dev/null -w '%{http_code}\\n' http://localhost:2024/",
    "docker logs web 2>/dev/null | tail -n 2",
    "docker run -d -p 127.0.0.1:8080:80 --name local nginx",
    "curl -s -m 3 -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:8080/",
    "internet$ curl -s -m 3 http://10.88.0.4:8080/",
  ],
  proofGoal: "proxy",
} as const satisfies Lesson;
