import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "向外的请求",
  intro: [
    "名为 `web` 的容器正在运行。它发往互联网的数据包交给网关 172.17.0.1，也就是主机。主机之所以转发它们，是因为 `net.ipv4.ip_forward` 为 1；从 eth0 出去时，nat 表 POSTROUTING 中的 `MASQUERADE` 规则会把容器的私有源地址换成主机的地址。",
    "追踪一个从容器到 baidu.com 的请求，观察它的地址如何变化。",
  ],
  goals: {
    "leaves-as-host": "容器的请求经过 MASQUERADE 离开主机，源地址是主机的 10.88.0.4",
    "answer-back": "baidu.com 的应答回到了容器",
  },
  hints: [
    "先看一看：容器里的 `ip route`，主机上的 `sysctl net.ipv4.ip_forward` 和 `iptables -t nat -S POSTROUTING`。",
    "在容器内发起请求：`docker exec -it web bash`，然后 `curl -s baidu.com`。",
    "播放追踪，注意 SYN 在主机 POSTROUTING 钩子处的标签。",
  ],
  predictions: {
    source: {
      question: "容器的 SYN 位于主机的 POSTROUTING 钩子，即将从 eth0 离开。baidu.com 会看到什么源地址？",
      choices: {
        container: "容器的地址",
        gateway: "docker0 的地址",
        host: "主机在 eth0 上的地址",
      },
      explain:
        "POSTROUTING 的规则 `-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE` 命中：源地址变为数据包离开的接口的地址，即 eth0 的 10.88.0.4。互联网永远看不到 172.17.0.2，它也无法回应这个私有地址。",
    },
  },
  explanation: [
    "容器的请求发给网关，主机转发它（ip_forward = 1），POSTROUTING 中的 MASQUERADE 把源地址改写为 10.88.0.4。baidu.com 应答 10.88.0.4，主机再把应答送回容器（如何做到，见第 4 课）。",
    "查看：MASQUERADE 这一步，源地址被划掉并替换。",
  ],
};
