import type { Lesson } from "../types.ts";
import { SOURCE_SEEN_OUTSIDE } from "../common.ts";

export const lesson = {
  id: "l06-masquerade",
  setup: ["docker run -d --name web nginx"],
  goals: [
    {
      id: "no-masquerade",
      check: {
        kind: "all",
        checks: [
          { kind: "rule", rule: { table: "nat", chain: "POSTROUTING", target: "MASQUERADE" }, present: false },
          {
            kind: "trace",
            moment: { at: "drop", machine: "internet", cause: "no-route-back", packet: { flowFrom: "container" } },
          },
        ],
      },
      nearMiss: ["web$ curl -s -m 3 http://203.0.113.10/", "iptables -I DOCKER-USER -i eth0 -j DROP"],
    },
    {
      id: "snat-by-hand",
      check: {
        kind: "all",
        checks: [
          {
            kind: "trace",
            moment: { at: "nat", machine: "host", nat: "SNAT", by: "rule", packet: { flowFrom: "container" } },
          },
          { kind: "rule", rule: { table: "nat", chain: "POSTROUTING", target: "SNAT" }, present: true },
          {
            kind: "trace",
            moment: { at: "deliver", machine: "container", packet: { flowFrom: "container", direction: "reply" } },
          },
        ],
      },
      nearMiss: [
        "iptables -t nat -D POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
        "iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
        "web$ curl -s -m 3 http://203.0.113.10/",
      ],
    },
  ],
  predictions: [SOURCE_SEEN_OUTSIDE],
  solution: [
    "iptables -t nat -D POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
    "web$ curl -s -m 3 http://203.0.113.10/",
    "iptables -t nat -A POSTROUTING -s 172.17.0.0/16 -o eth0 -j SNAT --to-source 10.88.0.4",
    "web$ curl -s -m 3 http://203.0.113.10/",
    "iptables -t nat -S POSTROUTING",
  ],
  proofGoal: "snat-by-hand",
} as const satisfies Lesson;
