import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "What docker run builds",
  intro: [
    "`docker run` gives the container a network namespace of its own, a veth pair (a virtual cable) whose one end becomes the container's `eth0` and whose other end is plugged into docker0, an address from 172.17.0.0/16, and a default route via 172.17.0.1.",
    "Start a container and look at each piece, from the host and from inside it.",
  ],
  goals: {
    running: "Run a container on the default bridge",
    gateway: "From inside the container, reach its gateway 172.17.0.1",
  },
  hints: [
    "`docker run -d --name web nginx` starts one; `docker inspect web` shows its address and gateway.",
    "Enter it with `docker exec -it web bash` (or pick it under Machine) and try `ip addr show eth0` and `ip route`.",
    "From inside the container, `ping -c 1 172.17.0.1` reaches the gateway.",
  ],
  predictions: {
    source: {
      question: "The ping leaves the container through eth0. Which source address does the host see on it?",
      choices: {
        container: "The container's own address",
        gateway: "The gateway's address",
        host: "The host's address on eth0",
      },
      explain:
        "Inside the bridge nothing is translated: the container sends from its own address, the veth pair carries the packet unchanged to docker0, and the host answers from 172.17.0.1.",
    },
  },
  explanation: [
    "Each container is a namespace with its own interfaces and routes. Its `eth0` is one end of a veth pair; the other end (`vethXXXX@ifN`) is a port of docker0 on the host. The container's default route points at 172.17.0.1, the host's address on the bridge, so everything it sends beyond its subnet goes to the host.",
    "Show me: the echo request delivered to the host at 172.17.0.1.",
  ],
};
