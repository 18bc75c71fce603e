import type { Lesson } from "../types.ts";

export const lesson = {
  id: "l05-ip-forward",
  setup: ["docker run -d --name web nginx"],
  goals: [
    {
      id: "off-and-dropped",
      check: {
        kind: "all",
        checks: [
          { kind: "sysctl", key: "net.ipv4.ip_forward", value: "0" },
          {
            kind: "trace",
            moment: { at: "drop", machine: "host", reason: "ip-forward-off", packet: { from: "container" } },
          },
        ],
      },
      nearMiss: ["iptables -I DOCKER-USER -j DROP", "web$ curl -s -m 3 http://203.0.113.10/"],
    },
    {
      id: "on-again",
      check: {
        kind: "all",
        checks: [
          { kind: "sysctl", key: "net.ipv4.ip_forward", value: "1" },
          { kind: "trace", moment: { at: "deliver", machine: "internet", packet: { flowFrom: "container" } } },
        ],
      },
      nearMiss: [
        "sysctl -w net.ipv4.ip_forward=0",
        "web$ curl -s -m 3 http://203.0.113.10/",
        "sysctl -w net.ipv4.ip_forward=1",
        "curl -s -m 3 http://203.0.113.10/",
      ],
    },
  ],
  predictions: [
    {
      id: "fate",
      pauseBefore: { at: "hook", machine: "host", hook: "PREROUTING", packet: { from: "container", first: true } },
      answer: { kind: "fate" },
      choices: ["deliver@internet", "drop@host"],
    },
  ],
  solution: [
    "sysctl -w net.ipv4.ip_forward=0",
    "web$ curl -s -m 3 http://203.0.113.10/",
    "echo 1 > /proc/sys/net/ipv4/ip_forward",
    "web$ curl -s -m 3 http://203.0.113.10/",
  ],
  proofGoal: "off-and-dropped",
} as const satisfies Lesson;
