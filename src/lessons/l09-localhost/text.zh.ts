import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "localhost 与主机自己的地址",
  intro: [
    "在主机本身上，访问已发布端口的请求不经过 PREROUTING：本地产生的数据包走 OUTPUT。Docker 的 nat 规则 `-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER` 把它们送到同一个 DNAT，但发往 127.0.0.0/8 的除外：`localhost` 由 docker-proxy 应答，它自己再向容器建立连接。",
    "在主机上两种方式都试一试，然后只在 127.0.0.1 上发布。",
  ],
  goals: {
    "output-dnat": "从主机发往 10.88.0.4:2024 的请求在 OUTPUT 中做 DNAT",
    proxy: "发往 localhost:2024 的请求由 docker-proxy 应答，它从 172.17.0.1 访问 nginx",
    "local-only": "只发布在 127.0.0.1 上的容器拒绝来自互联网的连接",
  },
  hints: [
    "`curl -s http://10.88.0.4:2024/`，再 `curl -s http://localhost:2024/`，比较两次追踪。",
    "`docker logs web` 显示 nginx 每次看到的地址。",
    "`docker run -d -p 127.0.0.1:8080:80 --name local nginx`，然后从互联网 `curl -s http://10.88.0.4:8080/`。",
  ],
  predictions: {
    "proxy-source": {
      question: "主机上的 curl 向 127.0.0.1:2024 发送 SYN。nginx 会记录什么源地址？",
      choices: {
        loopback: "127.0.0.1",
        host: "主机在 eth0 上的地址",
        gateway: "docker0 的地址",
      },
      explain:
        "127.0.0.0/8 不做 DNAT，所以 SYN 交付给监听该端口的 docker-proxy。docker-proxy 随后自己从主机在 docker0 上的地址连接 172.17.0.2:80：nginx 看到的是 172.17.0.1，而不是原来的客户端。",
    },
  },
  explanation: [
    "三种入口，三条路径：从外部，PREROUTING 中的 DNAT；从主机访问自己的地址，OUTPUT 中的 DNAT；访问 localhost，用户态的 docker-proxy。发布在 127.0.0.1 上时，Docker 只为这个地址绑定和做 DNAT，所以从外部访问该端口会被拒绝。",
    "查看：docker-proxy 接收发往 localhost 的连接。",
  ],
};
