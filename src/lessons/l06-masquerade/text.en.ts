import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "Break and repair: MASQUERADE",
  intro: [
    "Docker's rule `-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE` is what lets containers reach the internet. Delete it, and see what goes wrong: the request still leaves, but with an address the internet cannot answer.",
    "Then put your own rule in its place: SNAT to the host's address, written by hand.",
  ],
  goals: {
    "no-masquerade": "With MASQUERADE gone, the container's request leaves un-NATed and the answer cannot come back",
    "snat-by-hand": "A SNAT rule you wrote carries the request out, and the answer comes back",
  },
  hints: [
    "`iptables -t nat -D POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE` deletes Docker's rule.",
    "From the container: `curl -s -m 3 http://203.0.113.10/`. Follow the SYN-ACK in the trace: where does it stop?",
    "`iptables -t nat -A POSTROUTING -s 172.17.0.0/16 -o eth0 -j SNAT --to-source 10.88.0.4`, then the request again.",
  ],
  predictions: {
    source: {
      question: "The container's SYN is at the host's POSTROUTING hook. What source address will baidu.com see?",
      choices: {
        container: "The container's address",
        gateway: "docker0's address",
        host: "The host's address on eth0",
      },
      explain:
        "Whatever POSTROUTING holds decides: with MASQUERADE or your SNAT rule the source becomes 10.88.0.4; with neither, the packet leaves as 172.17.0.2, and the internet has no route back to that private address.",
    },
  },
  explanation: [
    "Without source NAT the request still gets out (nothing stops it), so the failure shows up far away: the server's reply to 172.17.0.2 has no route. SNAT `--to-source` names the address; MASQUERADE takes the outgoing interface's address, which suits hosts whose address changes.",
    "Show me: your SNAT rule rewriting the source.",
  ],
};
