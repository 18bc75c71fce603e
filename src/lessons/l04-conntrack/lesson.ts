import type { Lesson } from "../types.ts";

export const lesson = {
  id: "l04-conntrack",
  setup: ["docker run -d --name web nginx"],
  goals: [
    {
      id: "first-by-rule",
      check: {
        kind: "trace",
        moment: {
          at: "nat",
          machine: "host",
          nat: "MASQUERADE",
          by: "rule",
          packet: { flowFrom: "container", first: true },
        },
      },
      nearMiss: ["curl -s -m 3 http://203.0.113.10/", "web$ curl -s -m 3 http://172.17.0.1/"],
    },
    {
      id: "rest-by-conntrack",
      check: {
        kind: "trace",
        moment: {
          at: "nat",
          machine: "host",
          nat: "SNAT",
          by: "conntrack",
          packet: { flowFrom: "container", direction: "original" },
        },
      },
      nearMiss: ["web$ ping -c 1 203.0.113.10", "curl -s -m 3 http://203.0.113.10/"],
    },
    {
      id: "reply-un-nat",
      check: {
        kind: "all",
        checks: [
          {
            kind: "trace",
            moment: {
              at: "nat",
              machine: "host",
              nat: "un-SNAT",
              by: "conntrack",
              packet: { flowFrom: "container", direction: "reply" },
            },
          },
          {
            kind: "trace",
            moment: { at: "deliver", machine: "container", packet: { flowFrom: "container", direction: "reply" } },
          },
        ],
      },
      nearMiss: ["iptables -I DOCKER-USER -i eth0 -j DROP", "web$ ping -c 2 203.0.113.10"],
    },
  ],
  predictions: [
    {
      id: "reply-dst",
      pauseBefore: {
        at: "hook",
        machine: "host",
        hook: "PREROUTING",
        packet: { direction: "reply", flowFrom: "container", proto: "tcp" },
      },
      answer: { kind: "address", field: "dst", where: { at: "deliver", machine: "container" }, samePacket: true },
      choices: ["host", "container", "gateway"],
    },
  ],
  solution: ["web$ curl -s -m 3 http://203.0.113.10/", "conntrack -L -p tcp"],
  proofGoal: "reply-un-nat",
} as const satisfies Lesson;
