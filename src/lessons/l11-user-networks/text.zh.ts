import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "用户自定义网络",
  intro: [
    "`docker network create` 再创建一个网桥（`br-…`），使用下一个空闲子网 172.18.0.0/16。在它上面，容器通过 Docker 位于 127.0.0.11 的内嵌 DNS 按名字互相找到对方，默认网桥没有这个功能。不同的网桥之间由 DOCKER-ISOLATION 链相互隔离。",
    "把两个容器放到你自己的网络中，让一个按名字访问另一个，再从网络外的容器试一试。",
  ],
  goals: {
    "two-on-mynet": "两个容器运行在一个用户自定义网络上",
    "by-name": "其中一个通过该网络访问到另一个（按名字）",
    isolated: "默认网桥上的容器尝试访问时被 DOCKER-ISOLATION 拦下",
  },
  hints: [
    "`docker network create mynet`，然后 `docker run -d --name api --network mynet nginx`，`web` 也一样。",
    "在 web 中：`curl -s http://api/`。",
    "`docker run -d --name lone nginx`，然后在 lone 中 `curl -s -m 3 http://172.18.0.2/`。",
  ],
  predictions: {
    fate: {
      question: "一个容器发往 mynet 上某地址的数据包到达主机。它最终停在哪里？",
      choices: {
        "deliver@container": "它到达 mynet 上的容器",
        "drop@host": "主机把它丢弃",
      },
      explain:
        "同一网络的两个容器之间由网桥传送数据包。来自另一个网桥时，主机对它进行路由，而 FORWARD 中的 DOCKER-ISOLATION-STAGE-1 和 -2 会丢弃从一个 Docker 网桥去往另一个网桥的流量。",
    },
  },
  explanation: [
    "用户自定义网络是一个独立的网桥，并为其容器的名字提供 DNS。网络之间相互隔离：容器只有同样连接到另一个网络（`docker network connect`），才能访问那个网络中的容器。",
    "查看：DOCKER-ISOLATION-STAGE-2 丢弃来自默认网桥的数据包。",
  ],
};
