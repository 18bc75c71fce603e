import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "A request out",
  intro: [
    "A container named `web` is running. Its packets to the internet go to its gateway 172.17.0.1, that is, to the host. The host forwards them only because `net.ipv4.ip_forward` is 1, and on the way out through eth0 the nat table's POSTROUTING rule `MASQUERADE` replaces the container's private source address with the host's.",
    "Follow a request from the container to baidu.com and watch its addresses change.",
  ],
  goals: {
    "leaves-as-host":
      "A request from the container leaves the host MASQUERADEd, with the host's address 10.88.0.4 as its source",
    "answer-back": "baidu.com's answer comes back into the container",
  },
  hints: [
    "Look first: `ip route` in the container, `sysctl net.ipv4.ip_forward` and `iptables -t nat -S POSTROUTING` on the host.",
    "Run the request inside the container: `docker exec -it web bash`, then `curl -s baidu.com`.",
    "Play the trace and watch the label of the SYN at the host's POSTROUTING hook.",
  ],
  predictions: {
    source: {
      question:
        "The container's SYN is at the host's POSTROUTING hook, about to leave through eth0. What source address will baidu.com see?",
      choices: {
        container: "The container's address",
        gateway: "docker0's address",
        host: "The host's address on eth0",
      },
      explain:
        "POSTROUTING's rule `-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE` matches: the source becomes the address of the interface the packet leaves by, eth0's 10.88.0.4. The internet never sees 172.17.0.2, a private address it could not answer.",
    },
  },
  explanation: [
    "The container's request goes to its gateway, the host forwards it (ip_forward = 1), and MASQUERADE in POSTROUTING rewrites its source to 10.88.0.4. baidu.com answers 10.88.0.4, and the host turns the answer back to the container (how, is lesson 4).",
    "Show me: the MASQUERADE step, with the source address struck out and replaced.",
  ],
};
