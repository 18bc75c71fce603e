import type { Lesson } from "../types.ts";
import { SOURCE_SEEN_OUTSIDE } from "../common.ts";

export const lesson = {
  id: "l03-request-out",
  setup: ["docker run -d --name web nginx"],
  goals: [
    {
      id: "leaves-as-host",
      check: {
        kind: "all",
        checks: [
          {
            kind: "trace",
            moment: { at: "nat", machine: "host", nat: "MASQUERADE", by: "rule", packet: { flowFrom: "container" } },
          },
          {
            kind: "trace",
            moment: {
              at: "hop",
              from: "host",
              to: "internet",
              packet: { flowFrom: "container", direction: "original", src: { role: "host" } },
            },
          },
        ],
      },
      nearMiss: ["curl -s -m 3 baidu.com", "web$ ping -c 1 172.17.0.1"],
    },
    {
      id: "answer-back",
      check: {
        kind: "trace",
        moment: {
          at: "deliver",
          machine: "container",
          packet: { direction: "reply", proto: "tcp", flowFrom: "container", src: { literal: "203.0.113.10" } },
        },
      },
      nearMiss: ["curl -s -m 3 baidu.com", "web$ curl -s -m 3 http://10.88.0.1/"],
    },
  ],
  predictions: [SOURCE_SEEN_OUTSIDE],
  solution: [
    "web$ ip route",
    "sysctl net.ipv4.ip_forward",
    "iptables -t nat -S POSTROUTING",
    "web$ curl -s -m 3 baidu.com",
  ],
  proofGoal: "leaves-as-host",
} as const satisfies Lesson;
