import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "The default bridge",
  intro: [
    "When dockerd starts it creates `docker0`, a Linux bridge: a virtual switch inside the host. Docker calls it the network `bridge`, with the subnet 172.17.0.0/16, and gives the bridge itself the first address, 172.17.0.1: the gateway every container on it will use.",
    "Ask Docker about the network, look at `docker0` with `ip addr`, then see who answers at 172.17.0.1.",
  ],
  goals: {
    gateway: "Send a request from the host to docker0's address (the gateway), and see who answers it",
    "first-port": "Run a container on the default bridge, so docker0 gets its first port",
  },
  hints: [
    "`docker network inspect bridge` shows the subnet and the gateway; `ip addr show docker0` shows the same address on the host's bridge.",
    "Try `curl -s -m 3 http://172.17.0.1/` on the host: the trace shows where the packet ends.",
    "`docker run -d --name web nginx` starts a container; then `ip link show master docker0` lists the bridge's ports.",
  ],
  predictions: {
    "who-answers": {
      question: "This packet goes to 172.17.0.1. Where does its walk end?",
      choices: {
        "drop@host":
          "On docker-host itself: 172.17.0.1 is its own address (nothing listens on port 80, so its kernel refuses)",
        "deliver@container": "In a container behind docker0",
        "deliver@internet": "On the internet machine, the host's gateway",
      },
      explain:
        "172.17.0.1 is an address of the host's own interface docker0, so the packet never leaves the host: it goes up to the host's INPUT hook. Nothing listens on port 80 there, so the kernel answers with a reset and curl says the connection was refused.",
    },
  },
  explanation: [
    "docker0 is an ordinary Linux bridge owned by the host, and 172.17.0.1 is the host's own address on it. Until a container is plugged in, the bridge has no port and shows `NO-CARRIER`, `state DOWN`; with the first container it gets a veth port and comes up.",
    "Show me: the step where the host's kernel refused the connection to its own address 172.17.0.1.",
  ],
};
