import type { Lesson } from "../types.ts";

export const lesson = {
  id: "l02-docker-run",
  setup: [],
  goals: [
    {
      id: "running",
      check: { kind: "containers-on", network: "default", count: 1 },
      nearMiss: ["docker run -d --name web --network none nginx", "docker create --name web nginx"],
    },
    {
      id: "gateway",
      check: {
        kind: "trace",
        moment: {
          at: "deliver",
          machine: "host",
          packet: { from: "container", direction: "original", dst: { role: "gateway" } },
        },
      },
      nearMiss: ["docker run -d --name web nginx", "ping -c 1 172.17.0.2", "ping -c 1 172.17.0.1"],
    },
  ],
  predictions: [
    {
      id: "source",
      pauseBefore: { at: "hop", from: "container", to: "host", packet: { proto: "icmp", first: true } },
      answer: {
        kind: "address",
        field: "src",
        where: { at: "deliver", machine: "host" },
        samePacket: true,
      },
      choices: ["container", "gateway", "host"],
    },
  ],
  solution: [
    "docker run -d --name web nginx",
    "docker inspect web --format '{{.NetworkSettings.IPAddress}}/{{.NetworkSettings.IPPrefixLen}} via {{.NetworkSettings.Gateway}}'",
    "ip link show master docker0",
    "web$ ip addr show eth0",
    "web$ ip route",
    "web$ ping -c 1 172.17.0.1",
  ],
  proofGoal: "gateway",
} as const satisfies Lesson;
