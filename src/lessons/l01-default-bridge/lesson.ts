import type { Lesson } from "../types.ts";

export const lesson = {
  id: "l01-default-bridge",
  setup: [],
  goals: [
    {
      id: "gateway",
      check: {
        kind: "trace",
        moment: {
          at: "drop",
          machine: "host",
          reason: "no-listener",
          packet: { from: "host", dst: { role: "gateway" } },
        },
      },
      nearMiss: ["curl -s -m 3 http://10.88.0.4/", "curl -s -m 3 http://172.17.0.2/", "curl -s -m 3 http://127.0.0.1/"],
    },
    {
      id: "first-port",
      check: { kind: "containers-on", network: "default", count: 1 },
      nearMiss: ["docker create --name web nginx", "docker run -d --name web --network none nginx"],
    },
  ],
  predictions: [
    {
      id: "who-answers",
      pauseBefore: { at: "hook", machine: "host", hook: "OUTPUT", packet: { first: true, dst: { role: "gateway" } } },
      answer: { kind: "fate" },
      choices: ["drop@host", "deliver@container", "deliver@internet"],
    },
  ],
  solution: [
    "docker network inspect bridge --format '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}'",
    "ip addr show docker0",
    "curl -s -m 3 http://172.17.0.1/",
    "docker run -d --name web nginx",
    "ip link show master docker0",
  ],
  proofGoal: "gateway",
} as const satisfies Lesson;
