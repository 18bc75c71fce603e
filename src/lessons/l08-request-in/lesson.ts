import type { Lesson } from "../types.ts";
import { hostDnat } from "../common.ts";

export const lesson = {
  id: "l08-request-in",
  setup: ["docker run -d -p 2024:80 --name web nginx"],
  goals: [
    {
      id: "dnat",
      check: { kind: "trace", moment: hostDnat("DOCKER", "internet", "PREROUTING") },
      nearMiss: ["curl -s -m 3 http://10.88.0.4:2024/", "internet$ curl -s -m 3 http://10.88.0.4:2025/"],
    },
    {
      id: "nginx-sees",
      check: {
        kind: "all",
        checks: [
          {
            kind: "trace",
            moment: {
              at: "deliver",
              machine: "container",
              process: "nginx",
              packet: { from: "internet", src: { role: "internet" } },
            },
          },
          { kind: "nginx-logged", client: { role: "internet" } },
        ],
      },
      nearMiss: [
        "curl -s -m 3 http://10.88.0.4:2024/",
        "iptables -I DOCKER-USER -i eth0 -j DROP",
        "internet$ curl -s -m 3 http://10.88.0.4:2024/",
      ],
    },
    {
      id: "back",
      check: {
        kind: "all",
        checks: [
          {
            kind: "trace",
            moment: {
              at: "nat",
              machine: "host",
              nat: "un-DNAT",
              by: "conntrack",
              packet: { direction: "reply", flowFrom: "internet" },
            },
          },
          {
            kind: "trace",
            moment: {
              at: "deliver",
              machine: "internet",
              packet: { direction: "reply", flowFrom: "internet", src: { role: "host" }, proto: "tcp" },
            },
          },
        ],
      },
      nearMiss: ["iptables -I DOCKER-USER -o eth0 -j DROP", "internet$ curl -s -m 3 http://10.88.0.4:2024/"],
    },
  ],
  predictions: [
    {
      id: "dst-in-container",
      pauseBefore: {
        at: "hook",
        machine: "host",
        hook: "PREROUTING",
        packet: { from: "internet", proto: "tcp", first: true },
      },
      answer: { kind: "address", field: "dst", where: { at: "deliver", machine: "container" }, samePacket: true },
      choices: ["host", "container", "gateway"],
    },
    {
      id: "client-seen",
      pauseBefore: {
        at: "hop",
        from: "host",
        to: "container",
        packet: { from: "internet", proto: "tcp", first: true },
      },
      answer: { kind: "address", field: "src", where: { at: "deliver", machine: "container" }, samePacket: true },
      choices: ["internet", "host", "gateway"],
    },
  ],
  solution: [
    "iptables -t nat -S DOCKER",
    "internet$ curl -s -m 3 http://10.88.0.4:2024/",
    "docker logs web 2>/dev/null | tail -n 1",
  ],
  proofGoal: "dnat",
} as const satisfies Lesson;
