import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "发布端口",
  intro: [
    "`docker run -p 2024:80` 把容器的 80 端口发布到主机的 2024 端口。Docker 在 nat 表的 DOCKER 链中写入一条 DNAT 规则（`tcp dpt:2024 to:172.17.0.2:80`），在 filter 表的 DOCKER 链中写入一条 ACCEPT，并在该端口上启动 docker-proxy。",
    "发布 nginx，看看 `docker ps`、`docker port` 和 DOCKER 链显示什么，再从互联网访问它。",
  ],
  goals: {
    published: "一个容器把主机的 2024 端口发布到它的 80 端口",
    "dnat-rule": "nat 表的 DOCKER 链中有 2024 端口的 DNAT 规则",
    reachable: "来自互联网发往 2024 端口的请求经过 DNAT 到达 nginx",
  },
  hints: [
    "`docker run -d -p 2024:80 --name web nginx`",
    "`docker ps`、`docker port web` 和 `iptables -t nat -nL DOCKER`。",
    "在“机器”中选择 “internet”，执行 `curl -s http://10.88.0.4:2024/`。",
  ],
  predictions: {},
  explanation: [
    "发布端口靠的是规则而不是魔法：一条从主机端口到容器地址和端口的 DNAT，一条让 FORWARD 放行的 ACCEPT，以及一个处理 DNAT 覆盖不到的情况的 docker-proxy（第 9 课）。`-p 2024:80` 绑定所有地址；`-p 127.0.0.1:2024:80` 只绑定一个。",
    "查看：DOCKER 链的 DNAT 规则为来自互联网的请求做出决定。",
  ],
};
