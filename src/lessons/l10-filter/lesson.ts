import type { Lesson } from "../types.ts";

export const lesson = {
  id: "l10-filter",
  setup: ["docker run -d -p 2024:80 --name web nginx"],
  goals: [
    {
      id: "drop-in",
      check: {
        kind: "trace",
        moment: {
          at: "rule",
          machine: "host",
          table: "filter",
          chain: "DOCKER-USER",
          verdict: "DROP",
          packet: { from: "internet" },
        },
      },
      nearMiss: ["iptables -I DOCKER-USER -s 203.0.113.10 -j DROP", "internet$ curl -s -m 3 http://10.88.0.4:2024/"],
    },
    {
      id: "drop-replies",
      check: {
        kind: "trace",
        moment: {
          at: "rule",
          machine: "host",
          table: "filter",
          chain: "DOCKER-USER",
          verdict: "DROP",
          packet: { direction: "reply", flowFrom: "container" },
        },
      },
      nearMiss: [
        "iptables -I DOCKER-USER -i eth0 -m conntrack --ctstate NEW -j DROP",
        "web$ curl -s -m 3 http://203.0.113.10/",
        "internet$ curl -s -m 3 http://10.88.0.4:2024/",
      ],
    },
    {
      id: "new-only",
      check: {
        kind: "all",
        checks: [
          { kind: "rule", rule: { table: "filter", chain: "DOCKER-USER", target: "DROP" }, present: true },
          {
            kind: "trace",
            moment: { at: "deliver", machine: "container", packet: { direction: "reply", flowFrom: "container" } },
          },
        ],
      },
      nearMiss: [
        "iptables -I DOCKER-USER -i eth0 -j DROP",
        "web$ curl -s -m 3 http://203.0.113.10/",
        "iptables -D DOCKER-USER -i eth0 -j DROP",
        "web$ curl -s -m 3 http://203.0.113.10/",
      ],
    },
    {
      id: "still-out",
      check: {
        kind: "trace",
        moment: {
          at: "rule",
          machine: "host",
          table: "filter",
          chain: "DOCKER-USER",
          verdict: "DROP",
          packet: { from: "internet" },
        },
      },
      nearMiss: ["iptables -I DOCKER-USER -s 203.0.113.10 -j DROP", "internet$ curl -s -m 3 http://10.88.0.4:2024/"],
    },
  ],
  predictions: [
    {
      id: "reply-fate",
      pauseBefore: {
        at: "hook",
        machine: "host",
        hook: "PREROUTING",
        packet: { direction: "reply", flowFrom: "container", proto: "tcp" },
      },
      answer: { kind: "fate" },
      choices: ["deliver@container", "drop@host"],
    },
  ],
  solution: [
    "iptables -nL FORWARD",
    "iptables -nL DOCKER",
    "iptables -I DOCKER-USER -i eth0 -j DROP",
    "internet$ curl -s -m 3 http://10.88.0.4:2024/",
    "web$ curl -s -m 3 http://203.0.113.10/",
    "iptables -R DOCKER-USER 1 -i eth0 -m conntrack --ctstate NEW -j DROP",
    "web$ curl -s -m 3 http://203.0.113.10/",
    "internet$ curl -s -m 3 http://10.88.0.4:2024/",
  ],
  proofGoal: "drop-replies",
} as const satisfies Lesson;
