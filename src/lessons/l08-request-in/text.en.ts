import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "A request in",
  intro: [
    "nginx is published on port 2024. A request from the internet arrives on the host's eth0 addressed to 10.88.0.4:2024. In PREROUTING the nat table jumps to DOCKER, whose DNAT rule rewrites the destination to 172.17.0.2:80; the routing decision then sends it to docker0, FORWARD accepts it, and nginx receives it.",
    "Send the request from the internet and follow it in, and its answer back out.",
  ],
  goals: {
    dnat: "The internet's request is DNATed by the DOCKER chain in PREROUTING",
    "nginx-sees": "nginx receives it and logs the internet's address, 10.88.0.1",
    back: "The answer goes back un-DNATed: the internet gets it from 10.88.0.4:2024",
  },
  hints: [
    "Pick “internet” under Machine and run `curl -s http://10.88.0.4:2024/`.",
    "On the host, `docker logs web` shows the address nginx saw.",
    "In the trace, “Next NAT” goes from the DNAT to the un-DNAT of the reply.",
  ],
  predictions: {
    "dst-in-container": {
      question:
        "The SYN from the internet enters the host's PREROUTING. Which destination address will it have when nginx receives it?",
      choices: {
        host: "The host's address",
        container: "The container's address",
        gateway: "docker0's address",
      },
      explain:
        "`-A DOCKER ! -i docker0 -p tcp --dport 2024 -j DNAT --to-destination 172.17.0.2:80` rewrites the destination before the routing decision, which then sends the packet to docker0 instead of the host's own sockets.",
    },
    "client-seen": {
      question: "The SYN is about to cross docker0 into the container. Which source address will nginx see?",
      choices: {
        internet: "The internet machine's address",
        host: "The host's address",
        gateway: "docker0's address",
      },
      explain:
        "Only the destination was translated. The source is still the client's own, 10.88.0.1: that is what nginx logs, and where it answers to (the host un-DNATs the answer on its way out).",
    },
  },
  explanation: [
    "Inbound, the nat table changes the destination (DNAT in PREROUTING, before routing) and leaves the source alone, so the container sees the real client. The answer goes out through the same host, where conntrack reverses the DNAT: the client gets its answer from 10.88.0.4:2024, the address it asked.",
    "Show me: the DOCKER chain's DNAT rule deciding in PREROUTING.",
  ],
};
