import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "User-defined networks",
  intro: [
    "`docker network create` makes another bridge (`br-…`) with the next free subnet, 172.18.0.0/16. On it, containers find each other by name through Docker's embedded DNS at 127.0.0.11, which the default bridge does not have. Different bridges are isolated from each other by the DOCKER-ISOLATION chains.",
    "Put two containers on a network of your own, let one call the other by name, and try from a container outside.",
  ],
  goals: {
    "two-on-mynet": "Two containers run on a user-defined network",
    "by-name": "One reaches the other across that network (by its name)",
    isolated: "A container on the default bridge is stopped by DOCKER-ISOLATION when it tries",
  },
  hints: [
    "`docker network create mynet`, then `docker run -d --name api --network mynet nginx` and the same for `web`.",
    "In web: `curl -s http://api/`.",
    "`docker run -d --name lone nginx`, then from lone `curl -s -m 3 http://172.18.0.2/`.",
  ],
  predictions: {
    fate: {
      question: "A container's packet to an address on mynet arrives at the host. Where does its walk end?",
      choices: {
        "deliver@container": "It reaches the container on mynet",
        "drop@host": "The host drops it",
      },
      explain:
        "Between two containers of the same network the bridge carries the packet. From another bridge the host routes it, and FORWARD's DOCKER-ISOLATION-STAGE-1 and -2 drop what goes from one Docker bridge to another.",
    },
  },
  explanation: [
    "A user-defined network is a bridge of its own with a DNS for its containers' names. Networks are isolated: a container reaches another network's containers only by being connected to that network too (`docker network connect`).",
    "Show me: DOCKER-ISOLATION-STAGE-2 dropping the packet from the default bridge.",
  ],
};
