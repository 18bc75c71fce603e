import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "自己动手写",
  intro: [
    "文章最后手工写出 Docker 的规则。容器 `web` 在没有 `-p` 的情况下运行。自己发布它：在 PREROUTING 中写一条从主机 8080 端口到 172.17.0.2:80 的 DNAT 规则，再写一条 ACCEPT 让 FORWARD 放行该连接。然后用你自己的 MASQUERADE 替换 Docker 的。",
  ],
  goals: {
    "own-dnat": "你在 PREROUTING 中写的 DNAT 规则把来自互联网的请求带到 nginx",
    "own-masquerade": "你自己的 MASQUERADE（Docker 的已删除）让容器的请求出去并带回应答",
  },
  hints: [
    "`iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80`，然后从互联网 `curl -s -m 3 http://10.88.0.4:8080/`。",
    "如果超时，追踪会显示是 FORWARD 的策略丢弃了它：`iptables -I DOCKER-USER -d 172.17.0.2 -p tcp --dport 80 -j ACCEPT`。",
    "删除 Docker 的规则（`iptables -t nat -D POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE`），添加 `iptables -t nat -A POSTROUTING -s 172.17.0.0/16 -o eth0 -j MASQUERADE`，然后在容器中执行 curl。",
  ],
  predictions: {
    "dnat-fate": {
      question: "经过 DNAT 的 SYN 进入主机的 FORWARD 钩子。它最终停在哪里？",
      choices: {
        "deliver@container": "它到达容器中的 nginx",
        "drop@host": "主机把它丢弃",
      },
      explain:
        "DNAT 只改变地址。FORWARD 仍然必须接受这个数据包，而它的策略是 DROP：如果没有针对 172.17.0.2:80 的 ACCEPT（使用 `-p` 时 Docker 会在它的 DOCKER 链中写一条），数据包就死在这里。",
    },
  },
  explanation: [
    "已发布的端口就是 nat 表中的一条 DNAT 加上 filter 表中的一条 ACCEPT；容器出去的路是一条 MASQUERADE。Docker 写的东西你都能自己写，内核对待你的规则和对待 Docker 的规则完全一样。",
    "查看：你在 PREROUTING 中的 DNAT 规则为来自互联网的请求做出决定。",
  ],
};
