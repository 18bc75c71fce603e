import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "向内的请求",
  intro: [
    "nginx 发布在 2024 端口。来自互联网的请求到达主机的 eth0，目的地址为 10.88.0.4:2024。在 PREROUTING 中，nat 表跳转到 DOCKER，其中的 DNAT 规则把目的地址改写为 172.17.0.2:80；随后路由决策把它送往 docker0，FORWARD 接受它，nginx 收到它。",
    "从互联网发出请求，追踪它进来的路径，以及应答出去的路径。",
  ],
  goals: {
    dnat: "来自互联网的请求在 PREROUTING 中由 DOCKER 链做 DNAT",
    "nginx-sees": "nginx 收到请求，并在日志中记录互联网的地址 10.88.0.1",
    back: "应答在还原 DNAT 后返回：互联网从 10.88.0.4:2024 收到它",
  },
  hints: [
    "在“机器”中选择 “internet”，执行 `curl -s http://10.88.0.4:2024/`。",
    "在主机上，`docker logs web` 显示 nginx 看到的地址。",
    "在追踪中，“下一个 NAT”从 DNAT 跳到应答的还原 DNAT。",
  ],
  predictions: {
    "dst-in-container": {
      question: "来自互联网的 SYN 进入主机的 PREROUTING。nginx 收到它时，目的地址是什么？",
      choices: {
        host: "主机的地址",
        container: "容器的地址",
        gateway: "docker0 的地址",
      },
      explain:
        "`-A DOCKER ! -i docker0 -p tcp --dport 2024 -j DNAT --to-destination 172.17.0.2:80` 在路由决策之前改写目的地址，于是路由决策把数据包送往 docker0，而不是主机自己的套接字。",
    },
    "client-seen": {
      question: "SYN 即将穿过 docker0 进入容器。nginx 会看到什么源地址？",
      choices: {
        internet: "internet 机器的地址",
        host: "主机的地址",
        gateway: "docker0 的地址",
      },
      explain:
        "只有目的地址被转换。源地址仍是客户端自己的 10.88.0.1：nginx 记录的就是它，也向它应答（应答出去时主机会还原 DNAT）。",
    },
  },
  explanation: [
    "入站时，nat 表改变目的地址（在 PREROUTING 中、路由之前做 DNAT），不动源地址，所以容器看到的是真实的客户端。应答经同一台主机出去，conntrack 在那里反向转换：客户端从 10.88.0.4:2024，也就是它请求的地址，收到应答。",
    "查看：DOCKER 链的 DNAT 规则在 PREROUTING 中做出决定。",
  ],
};
