import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "Break and repair: ip_forward",
  intro: [
    "A host forwards packets that are not for itself only when `net.ipv4.ip_forward` is 1. Docker sets it when it starts. The article turns it off and on in two ways: with `sysctl -w` and by writing to `/proc/sys/net/ipv4/ip_forward`.",
    "Turn it off, see where the container's request dies, and turn it back on.",
  ],
  goals: {
    "off-and-dropped": "With ip_forward at 0, the container's request is dropped at the host's routing decision",
    "on-again": "With ip_forward back at 1, the container's request reaches the internet again",
  },
  hints: [
    "`sysctl -w net.ipv4.ip_forward=0` turns forwarding off.",
    "Then from the container: `curl -s -m 3 http://203.0.113.10/` (it times out).",
    "`echo 1 > /proc/sys/net/ipv4/ip_forward` turns it on again; try the request once more.",
  ],
  predictions: {
    fate: {
      question: "The container's packet has just arrived at the host. Where does its walk end?",
      choices: {
        "deliver@internet": "It is forwarded out through eth0 and reaches the internet",
        "drop@host": "The host drops it",
      },
      explain:
        "The routing decision finds the packet is not for the host and would forward it: with ip_forward 1 it goes on to FORWARD and out; with ip_forward 0 the kernel drops it right there, before any filter rule.",
    },
  },
  explanation: [
    "ip_forward is the host's switch for routing. Off, the host still answers for itself (`curl localhost:2024` keeps working through docker-proxy), but no packet passes between docker0 and eth0, in either direction: containers lose the internet and published ports stop working from outside.",
    "Show me: the drop at the host's routing decision, with ip_forward 0.",
  ],
};
