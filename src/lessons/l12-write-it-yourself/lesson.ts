import type { Lesson } from "../types.ts";
import { dnatToNginx } from "../common.ts";

export const lesson = {
  id: "l12-write-it-yourself",
  setup: ["docker run -d --name web nginx"],
  goals: [
    {
      id: "own-dnat",
      check: dnatToNginx("PREROUTING"),
      nearMiss: [
        "iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80",
        "internet$ curl -s -m 3 http://10.88.0.4:8080/",
        "docker run -d -p 8081:80 --name pub nginx",
        "internet$ curl -s -m 3 http://10.88.0.4:8081/",
      ],
    },
    {
      id: "own-masquerade",
      check: {
        kind: "all",
        checks: [
          {
            kind: "trace",
            moment: { at: "nat", machine: "host", nat: "MASQUERADE", by: "rule", packet: { flowFrom: "container" } },
          },
          {
            kind: "rule",
            rule: {
              table: "nat",
              chain: "POSTROUTING",
              target: "MASQUERADE",
              spec: "-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
            },
            present: false,
          },
          {
            kind: "trace",
            moment: { at: "deliver", machine: "container", packet: { flowFrom: "container", direction: "reply" } },
          },
        ],
      },
      nearMiss: [
        "web$ curl -s -m 3 http://203.0.113.10/",
        "iptables -t nat -D POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
        "web$ curl -s -m 3 http://203.0.113.10/",
      ],
    },
  ],
  predictions: [
    {
      id: "dnat-fate",
      pauseBefore: { at: "hook", machine: "host", hook: "FORWARD", packet: { from: "internet", first: true } },
      answer: { kind: "fate" },
      choices: ["deliver@container", "drop@host"],
    },
  ],
  solution: [
    "iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80",
    "iptables -I DOCKER-USER -d 172.17.0.2 -p tcp --dport 80 -j ACCEPT",
    "internet$ curl -s -m 3 -o /dev/null -w '%{http_code}\\n' http://10.88.0.4:8080/",
    "iptables -t nat -D POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
    "iptables -t nat -A POSTROUTING -s 172.17.0.0/16 -o eth0 -j MASQUERADE",
    "web$ curl -s -m 3 http://203.0.113.10/",
  ],
  proofGoal: "own-dnat",
} as const satisfies Lesson;
