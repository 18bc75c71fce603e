import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "默认网桥",
  intro: [
    "dockerd 启动时会创建 `docker0`，这是一个 Linux 网桥，即主机内部的虚拟交换机。Docker 把它叫作 `bridge` 网络，子网为 172.17.0.0/16，并把第一个地址 172.17.0.1 分给网桥本身：这是该网络中每个容器都会使用的网关。",
    "向 Docker 查询这个网络，用 `ip addr` 查看 `docker0`，然后看看是谁在 172.17.0.1 上应答。",
  ],
  goals: {
    gateway: "从主机向 docker0 的地址（网关）发一个请求，看看是谁应答",
    "first-port": "在默认网桥上运行一个容器，让 docker0 有第一个端口",
  },
  hints: [
    "`docker network inspect bridge` 显示子网和网关；`ip addr show docker0` 在主机的网桥上显示同一个地址。",
    "在主机上执行 `curl -s -m 3 http://172.17.0.1/`：追踪会显示数据包在哪里结束。",
    "`docker run -d --name web nginx` 启动一个容器；然后 `ip link show master docker0` 列出网桥的端口。",
  ],
  predictions: {
    "who-answers": {
      question: "这个数据包发往 172.17.0.1。它最终停在哪里？",
      choices: {
        "drop@host": "在 docker-host 自己那里：172.17.0.1 是它自己的地址（80 端口无人监听，内核拒绝连接）",
        "deliver@container": "在 docker0 后面的某个容器里",
        "deliver@internet": "在 internet 机器上，即主机的网关",
      },
      explain:
        "172.17.0.1 是主机自身接口 docker0 的地址，所以数据包根本不离开主机：它进入主机的 INPUT 钩子。那里没有程序监听 80 端口，内核回复 RST，curl 报告连接被拒绝。",
    },
  },
  explanation: [
    "docker0 是主机拥有的普通 Linux 网桥，172.17.0.1 是主机在它上面的地址。在插入容器之前，网桥没有端口，显示 `NO-CARRIER`、`state DOWN`；第一个容器启动后，它获得一个 veth 端口并变为 UP。",
    "查看：主机内核拒绝连接到自己地址 172.17.0.1 的那一步。",
  ],
};
