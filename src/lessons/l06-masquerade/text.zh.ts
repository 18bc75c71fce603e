import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "破坏与修复：MASQUERADE",
  intro: [
    "正是 Docker 的规则 `-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE` 让容器能访问互联网。删除它，看看哪里出错：请求仍然发出，但带着一个互联网无法回应的地址。",
    "然后用你自己的规则取而代之：手写一条指向主机地址的 SNAT。",
  ],
  goals: {
    "no-masquerade": "没有 MASQUERADE 时，容器的请求未经 NAT 发出，应答无法返回",
    "snat-by-hand": "你写的 SNAT 规则把请求送出去，应答也回来了",
  },
  hints: [
    "`iptables -t nat -D POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE` 删除 Docker 的规则。",
    "在容器内：`curl -s -m 3 http://203.0.113.10/`。在追踪中跟随 SYN-ACK：它停在哪里？",
    "`iptables -t nat -A POSTROUTING -s 172.17.0.0/16 -o eth0 -j SNAT --to-source 10.88.0.4`，然后再次请求。",
  ],
  predictions: {
    source: {
      question: "容器的 SYN 位于主机的 POSTROUTING 钩子。baidu.com 会看到什么源地址？",
      choices: {
        container: "容器的地址",
        gateway: "docker0 的地址",
        host: "主机在 eth0 上的地址",
      },
      explain:
        "由 POSTROUTING 中的内容决定：有 MASQUERADE 或你的 SNAT 规则时，源地址变为 10.88.0.4；两者都没有时，数据包以 172.17.0.2 发出，而互联网没有返回这个私有地址的路由。",
    },
  },
  explanation: [
    "没有源地址转换，请求照样能出去（没有什么阻止它），所以故障出现在远处：服务器发往 172.17.0.2 的应答没有路由。SNAT 用 `--to-source` 指定地址；MASQUERADE 取出口接口的地址，适合地址会变化的主机。",
    "查看：你的 SNAT 规则改写源地址。",
  ],
};
