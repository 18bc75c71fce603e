import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "Conntrack: NAT once, remembered",
  intro: [
    "The nat table sees only a connection's first packet. When MASQUERADE rewrites it, conntrack records the connection with both its original and its translated addresses. Every later packet of the connection is rewritten by conntrack alone, and the replies are un-NATed back to the container, without any rule.",
    "Make a connection from the container, follow its packets, then list conntrack's table.",
  ],
  goals: {
    "first-by-rule": "The connection's first packet is MASQUERADEd by the POSTROUTING rule",
    "rest-by-conntrack": "A later packet of the same connection is rewritten by conntrack, with no rule involved",
    "reply-un-nat": "The reply is un-NATed by conntrack and delivered to the container",
  },
  hints: [
    "Inside the container (`docker exec -it web bash`): `curl -s http://203.0.113.10/`.",
    "In the trace, use “Next NAT” to jump from one rewrite to the next: the first says “by rule”, the others “by conntrack”.",
    "On the host, `conntrack -L -p tcp` shows the entry: the original direction with 172.17.0.2, the reply direction to 10.88.0.4.",
  ],
  predictions: {
    "reply-dst": {
      question:
        "The SYN-ACK from baidu.com arrives at the host. Which destination address will it have when it reaches the container?",
      choices: {
        host: "The host's address",
        container: "The container's address",
        gateway: "docker0's address",
      },
      explain:
        "The reply arrives addressed to 10.88.0.4. conntrack finds the connection and reverses the translation in PREROUTING: the destination becomes 172.17.0.2 again, and the host routes it to docker0. No rule in the nat table is consulted.",
    },
  },
  explanation: [
    "NAT happens once per connection: the rule decides on the first packet, conntrack remembers, and applies the same rewrite to the rest and the reverse to the replies. That is why MASQUERADE's counter counts connections, not packets, and why a rule added later does not change connections already open.",
    "Show me: conntrack un-NATing the reply at the host.",
  ],
};
