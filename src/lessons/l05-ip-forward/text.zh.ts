import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "破坏与修复：ip_forward",
  intro: [
    "只有当 `net.ipv4.ip_forward` 为 1 时，主机才会转发不属于自己的数据包。Docker 启动时会打开它。文章用两种方式关闭和打开它：`sysctl -w`，以及写入 `/proc/sys/net/ipv4/ip_forward`。",
    "关闭它，看看容器的请求在哪里消失，再把它打开。",
  ],
  goals: {
    "off-and-dropped": "ip_forward 为 0 时，容器的请求在主机的路由决策处被丢弃",
    "on-again": "ip_forward 恢复为 1 后，容器的请求再次到达互联网",
  },
  hints: [
    "`sysctl -w net.ipv4.ip_forward=0` 关闭转发。",
    "然后在容器内：`curl -s -m 3 http://203.0.113.10/`（会超时）。",
    "`echo 1 > /proc/sys/net/ipv4/ip_forward` 重新打开；再试一次请求。",
  ],
  predictions: {
    fate: {
      question: "容器的数据包刚刚到达主机。它最终停在哪里？",
      choices: {
        "deliver@internet": "它从 eth0 转发出去，到达互联网",
        "drop@host": "主机把它丢弃",
      },
      explain:
        "路由决策发现数据包不是发给主机的，准备转发：ip_forward 为 1 时它继续进入 FORWARD 并出去；为 0 时内核就在这里丢弃它，早于任何过滤规则。",
    },
  },
  explanation: [
    "ip_forward 是主机的路由开关。关闭时，主机仍然为自己应答（`curl localhost:2024` 通过 docker-proxy 依然可用），但任何数据包都无法在 docker0 和 eth0 之间双向通过：容器失去互联网，发布的端口从外部也无法访问。",
    "查看：ip_forward 为 0 时，在主机路由决策处的丢弃。",
  ],
};
