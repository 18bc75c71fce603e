import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "Write it yourself",
  intro: [
    "The article ends by writing Docker's rules by hand. The container `web` runs without `-p`. Publish it yourself: a DNAT rule in PREROUTING from the host's port 8080 to 172.17.0.2:80, and an ACCEPT so FORWARD lets the connection through. Then replace Docker's MASQUERADE with your own.",
  ],
  goals: {
    "own-dnat": "Your own DNAT rule in PREROUTING brings a request from the internet to nginx",
    "own-masquerade": "Your own MASQUERADE (Docker's removed) carries the container's request out and back",
  },
  hints: [
    "`iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80`, then from the internet `curl -s -m 3 http://10.88.0.4:8080/`.",
    "If it times out, the trace shows FORWARD's policy dropping it: `iptables -I DOCKER-USER -d 172.17.0.2 -p tcp --dport 80 -j ACCEPT`.",
    "Delete Docker's rule (`iptables -t nat -D POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE`), add `iptables -t nat -A POSTROUTING -s 172.17.0.0/16 -o eth0 -j MASQUERADE`, and curl from the container.",
  ],
  predictions: {
    "dnat-fate": {
      question: "The DNATed SYN enters the host's FORWARD hook. Where does its walk end?",
      choices: {
        "deliver@container": "It reaches nginx in the container",
        "drop@host": "The host drops it",
      },
      explain:
        "DNAT only changes the address. FORWARD still has to accept the packet, and its policy is DROP: without an ACCEPT for 172.17.0.2:80 (Docker writes one in its DOCKER chain for `-p`), the packet dies there.",
    },
  },
  explanation: [
    "A published port is a DNAT in the nat table plus an ACCEPT in the filter table; a container's way out is a MASQUERADE. Docker writes nothing you cannot write yourself, and the kernel treats your rules exactly as it treats Docker's.",
    "Show me: your DNAT rule in PREROUTING deciding for the internet's request.",
  ],
};
