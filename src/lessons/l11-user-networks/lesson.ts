import type { Lesson } from "../types.ts";

export const lesson = {
  id: "l11-user-networks",
  setup: [],
  goals: [
    {
      id: "two-on-mynet",
      check: { kind: "containers-on", network: "user-defined", count: 2 },
      nearMiss: ["docker network create mynet", "docker run -d --name api nginx", "docker run -d --name web nginx"],
    },
    {
      id: "by-name",
      check: {
        kind: "trace",
        moment: {
          at: "deliver",
          machine: "container",
          process: "nginx",
          packet: { from: "container", dst: { role: "container", on: "user-defined" } },
        },
      },
      nearMiss: [
        "docker run -d --name api nginx",
        "docker run -d --name web nginx",
        "web$ curl -s -m 3 http://172.17.0.2/",
      ],
    },
    {
      id: "isolated",
      check: {
        kind: "trace",
        moment: {
          at: "rule",
          machine: "host",
          table: "filter",
          chain: "DOCKER-ISOLATION-STAGE-2",
          verdict: "DROP",
          packet: { from: "container" },
        },
      },
      nearMiss: [
        "docker network create mynet",
        "docker run -d --name api --network mynet nginx",
        "docker run -d --name web --network mynet nginx",
        "web$ curl -s -m 3 http://172.18.0.2/",
      ],
    },
  ],
  predictions: [
    {
      id: "fate",
      pauseBefore: {
        at: "hook",
        machine: "host",
        hook: "PREROUTING",
        packet: { from: "container", first: true, dst: { role: "container", on: "user-defined" } },
      },
      answer: { kind: "fate" },
      choices: ["deliver@container", "drop@host"],
    },
  ],
  solution: [
    "docker network create mynet",
    "docker network inspect mynet --format '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}'",
    "docker run -d --name api --network mynet nginx",
    "docker run -d --name web --network mynet nginx",
    "docker run -d --name lone nginx",
    "web$ curl -s -m 3 -o /dev/null -w '%{http_code}\\n' http://api/",
    "lone$ curl -s -m 3 http://172.18.0.2/",
  ],
  proofGoal: "isolated",
} as const satisfies Lesson;
