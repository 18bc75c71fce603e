import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "Publishing a port",
  intro: [
    "`docker run -p 2024:80` publishes the container's port 80 on the host's port 2024. Docker writes a DNAT rule in the nat table's DOCKER chain (`tcp dpt:2024 to:172.17.0.2:80`), an ACCEPT in the filter table's DOCKER chain, and starts docker-proxy on the port.",
    "Publish nginx, see what `docker ps`, `docker port` and the DOCKER chain say, and reach it from the internet.",
  ],
  goals: {
    published: "A container publishes host port 2024 to its port 80",
    "dnat-rule": "The nat table's DOCKER chain holds the DNAT rule for port 2024",
    reachable: "A request from the internet to port 2024 is DNATed and reaches nginx",
  },
  hints: [
    "`docker run -d -p 2024:80 --name web nginx`",
    "`docker ps`, `docker port web` and `iptables -t nat -nL DOCKER`.",
    "Pick “internet” under Machine and run `curl -s http://10.88.0.4:2024/`.",
  ],
  predictions: {},
  explanation: [
    "Publishing is rules, not magic: a DNAT from the host's port to the container's address and port, an ACCEPT so FORWARD lets it through, and a docker-proxy for the cases DNAT does not cover (lesson 9). `-p 2024:80` binds every address; `-p 127.0.0.1:2024:80` only one.",
    "Show me: the DOCKER chain's DNAT rule deciding for the internet's request.",
  ],
};
