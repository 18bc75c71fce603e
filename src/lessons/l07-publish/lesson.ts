import type { Lesson } from "../types.ts";
import { dnatToNginx } from "../common.ts";

export const lesson = {
  id: "l07-publish",
  setup: [],
  goals: [
    {
      id: "published",
      check: { kind: "publishes", hostPort: 2024, containerPort: 80 },
      nearMiss: ["docker run -d -p 2025:80 --name web nginx", "docker run -d -p 2024:8080 --name web2 nginx"],
    },
    {
      id: "dnat-rule",
      check: { kind: "rule", rule: { table: "nat", chain: "DOCKER", target: "DNAT", dport: 2024 }, present: true },
      nearMiss: [
        "docker run -d -p 2025:80 --name web nginx",
        `echo '{"iptables": false}' > /etc/docker/daemon.json`,
        "systemctl restart docker",
        "docker run -d -p 2024:80 --name web2 nginx",
      ],
    },
    {
      id: "reachable",
      check: dnatToNginx("DOCKER"),
      nearMiss: [
        "docker run -d -p 2025:80 --name web nginx",
        "internet$ curl -s -m 3 http://10.88.0.4:2024/",
        "curl -s -m 3 http://localhost:2025/",
      ],
    },
  ],
  predictions: [],
  solution: [
    "docker run -d -p 2024:80 --name web nginx",
    "docker ps --format '{{.Names}} {{.Ports}}'",
    "docker port web",
    "iptables -t nat -nL DOCKER",
    "internet$ curl -s -m 3 -o /dev/null -w '%{http_code}\\n' http://10.88.0.4:2024/",
  ],
  proofGoal: "reachable",
} as const satisfies Lesson;
