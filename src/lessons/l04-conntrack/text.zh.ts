import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "Conntrack：NAT 一次，记住它",
  intro: [
    "nat 表只看到连接的第一个数据包。MASQUERADE 改写它时，conntrack 记录下该连接的原始地址和转换后的地址。此后该连接的每个数据包都只由 conntrack 改写，应答也由它还原回容器的地址，无需任何规则。",
    "从容器建立一个连接，追踪它的数据包，然后列出 conntrack 表。",
  ],
  goals: {
    "first-by-rule": "连接的第一个数据包由 POSTROUTING 规则做 MASQUERADE",
    "rest-by-conntrack": "同一连接的后续数据包由 conntrack 改写，不经过任何规则",
    "reply-un-nat": "应答由 conntrack 还原 NAT 并交付给容器",
  },
  hints: [
    "在容器内（`docker exec -it web bash`）：`curl -s http://203.0.113.10/`。",
    "在追踪中用“下一个 NAT”在改写之间跳转：第一个标注“由规则”，其余标注“由 conntrack”。",
    "在主机上，`conntrack -L -p tcp` 显示该条目：原方向是 172.17.0.2，应答方向指向 10.88.0.4。",
  ],
  predictions: {
    "reply-dst": {
      question: "来自 baidu.com 的 SYN-ACK 到达主机。它到达容器时目的地址是什么？",
      choices: {
        host: "主机的地址",
        container: "容器的地址",
        gateway: "docker0 的地址",
      },
      explain:
        "应答到达时目的地址是 10.88.0.4。conntrack 找到该连接，在 PREROUTING 中反向转换：目的地址重新变为 172.17.0.2，主机把它路由到 docker0。整个过程不查询 nat 表中的任何规则。",
    },
  },
  explanation: [
    "每个连接只做一次 NAT：规则在第一个数据包上做出决定，conntrack 记住它，对其余数据包做同样的改写，对应答做反向改写。所以 MASQUERADE 的计数器统计的是连接而不是数据包，之后添加的规则也不会改变已经打开的连接。",
    "查看：conntrack 在主机上为应答还原 NAT。",
  ],
};
