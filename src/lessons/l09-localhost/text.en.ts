import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "localhost and the host's own address",
  intro: [
    "On the host itself, a request to a published port does not pass PREROUTING: locally made packets go through OUTPUT. Docker's nat rule `-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER` sends them to the same DNAT, except those to 127.0.0.0/8: `localhost` is answered by docker-proxy, which opens a connection of its own to the container.",
    "Try both from the host, then publish on 127.0.0.1 only.",
  ],
  goals: {
    "output-dnat": "A request from the host to 10.88.0.4:2024 is DNATed in OUTPUT",
    proxy: "A request to localhost:2024 is answered by docker-proxy, which reaches nginx from 172.17.0.1",
    "local-only": "A container published on 127.0.0.1 only is refused to the internet",
  },
  hints: [
    "`curl -s http://10.88.0.4:2024/` then `curl -s http://localhost:2024/`, and compare the traces.",
    "`docker logs web` shows which address nginx saw each time.",
    "`docker run -d -p 127.0.0.1:8080:80 --name local nginx`, then from the internet `curl -s http://10.88.0.4:8080/`.",
  ],
  predictions: {
    "proxy-source": {
      question: "The host's curl sends its SYN to 127.0.0.1:2024. Which source address will nginx log?",
      choices: {
        loopback: "127.0.0.1",
        host: "The host's address on eth0",
        gateway: "docker0's address",
      },
      explain:
        "No DNAT applies to 127.0.0.0/8, so the SYN is delivered to docker-proxy listening on the port. docker-proxy then connects to 172.17.0.2:80 itself, from the host's address on docker0: nginx sees 172.17.0.1, never the original client.",
    },
  },
  explanation: [
    "Three ways in, three paths: from outside, DNAT in PREROUTING; from the host to its own address, DNAT in OUTPUT; to localhost, docker-proxy in userland. Publishing on 127.0.0.1 makes Docker bind and DNAT that address only, so the port is refused from outside.",
    "Show me: docker-proxy receiving the connection to localhost.",
  ],
};
