import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "filter 表",
  intro: [
    "Docker 把 FORWARD 的策略设为 DROP，只放行它知道的流量：应答（`ctstate RELATED,ESTABLISHED`）、来自 docker0 的流量，以及每个已发布的端口（filter 表 DOCKER 链中的 ACCEPT）。你自己的规则应放在 DOCKER-USER 中，FORWARD 会最先查看它。",
    "在 DOCKER-USER 中用一条 DROP 挡住互联网，再看看它还挡住了什么。",
  ],
  goals: {
    "drop-in": "DOCKER-USER 中的 DROP 规则挡住了来自互联网、发往已发布端口的请求",
    "drop-replies": "同一条规则也切断了容器自己请求的应答",
    "new-only": "把它收窄，让容器的请求重新得到应答，同时保留这条规则",
    "still-out": "……并且互联网仍然被挡在外面",
  },
  hints: [
    "`iptables -nL FORWARD` 和 `iptables -nL DOCKER` 显示 Docker 写入的 filter 规则。",
    "`iptables -I DOCKER-USER -i eth0 -j DROP`，然后从互联网，以及从容器向 203.0.113.10 执行 `curl`。",
    "换成只匹配新连接的规则：`iptables -R DOCKER-USER 1 -i eth0 -m conntrack --ctstate NEW -j DROP`。",
  ],
  predictions: {
    "reply-fate": {
      question: "baidu.com 给容器的应答从 eth0 到达主机。它最终停在哪里？",
      choices: {
        "deliver@container": "它到达容器",
        "drop@host": "主机把它丢弃",
      },
      explain:
        "应答也是被转发的，所以它们先经过 FORWARD 和 DOCKER-USER，然后才轮到 Docker 的 `RELATED,ESTABLISHED` ACCEPT。丢弃所有来自 eth0 流量的规则也会丢弃它们；加上 `--ctstate NEW` 条件就不会。",
    },
  },
  explanation: [
    "DOCKER-USER 位于 FORWARD 的最前面，能看到每一个被转发的数据包，包括应答。按连接状态过滤：丢弃来自外部的新连接（NEW），容器自己请求的应答仍能回来。",
    "查看：DOCKER-USER 中的 DROP 挡住了一个应答。",
  ],
};
