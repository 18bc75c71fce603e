import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "docker run 搭建了什么",
  intro: [
    "`docker run` 为容器创建独立的网络命名空间；一对 veth（虚拟网线），一端成为容器的 `eth0`，另一端插在 docker0 上；一个来自 172.17.0.0/16 的地址；以及经由 172.17.0.1 的默认路由。",
    "启动一个容器，从主机和容器内部分别查看每一部分。",
  ],
  goals: {
    running: "在默认网桥上运行一个容器",
    gateway: "从容器内部访问它的网关 172.17.0.1",
  },
  hints: [
    "`docker run -d --name web nginx` 启动容器；`docker inspect web` 显示它的地址和网关。",
    "用 `docker exec -it web bash` 进入容器（或在“机器”中选择它），试试 `ip addr show eth0` 和 `ip route`。",
    "在容器内，`ping -c 1 172.17.0.1` 可以到达网关。",
  ],
  predictions: {
    source: {
      question: "ping 从容器的 eth0 发出。主机看到的源地址是什么？",
      choices: {
        container: "容器自己的地址",
        gateway: "网关的地址",
        host: "主机在 eth0 上的地址",
      },
      explain:
        "在网桥内部没有任何地址转换：容器用自己的地址发送，veth 对原样把数据包送到 docker0，主机从 172.17.0.1 应答。",
    },
  },
  explanation: [
    "每个容器都是一个拥有自己接口和路由的命名空间。它的 `eth0` 是 veth 对的一端；另一端（`vethXXXX@ifN`）是主机上 docker0 的一个端口。容器的默认路由指向 172.17.0.1，即主机在网桥上的地址，因此容器发往子网之外的一切都会交给主机。",
    "查看：回显请求在 172.17.0.1 交付给主机。",
  ],
};
