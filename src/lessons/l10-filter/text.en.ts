import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "The filter table",
  intro: [
    "Docker sets FORWARD's policy to DROP and lets through only what it knows: replies (`ctstate RELATED,ESTABLISHED`), traffic from docker0, and each published port (an ACCEPT in the filter table's DOCKER chain). Rules of your own belong in DOCKER-USER, which FORWARD consults first.",
    "Block the internet with a DROP in DOCKER-USER, and find out what else it blocks.",
  ],
  goals: {
    "drop-in": "A DROP rule in DOCKER-USER stops a request from the internet to the published port",
    "drop-replies": "The same rule cuts the answers to the container's own requests",
    "new-only": "Narrow it so the container's request gets its answer again, while the rule stays",
    "still-out": "…and the internet is still kept out",
  },
  hints: [
    "`iptables -nL FORWARD` and `iptables -nL DOCKER` show Docker's filter rules.",
    "`iptables -I DOCKER-USER -i eth0 -j DROP`, then `curl` from the internet, and from the container to 203.0.113.10.",
    "Replace it with a rule that matches only new connections: `iptables -R DOCKER-USER 1 -i eth0 -m conntrack --ctstate NEW -j DROP`.",
  ],
  predictions: {
    "reply-fate": {
      question: "baidu.com's answer to the container arrives at the host on eth0. Where does its walk end?",
      choices: {
        "deliver@container": "It reaches the container",
        "drop@host": "The host drops it",
      },
      explain:
        "Replies are forwarded too, so they pass FORWARD and DOCKER-USER before Docker's `RELATED,ESTABLISHED` ACCEPT. A rule that drops everything from eth0 drops them; matching `--ctstate NEW` leaves them alone.",
    },
  },
  explanation: [
    "DOCKER-USER comes first in FORWARD and sees every forwarded packet, replies included. Filter on connection state: drop NEW connections from outside, and the answers to the containers' own requests still come home.",
    "Show me: DOCKER-USER's DROP stopping a reply.",
  ],
};
