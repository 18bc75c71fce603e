/**
 * What `iptables -m NAME -h` and `-j NAME -h` print after the general help: each loaded
 * extension's own help function, as iptables 1.8.9's extensions word them (recorded on the
 * oracle, down to their stray blanks and the TOS target's "vlibxtables.so.12" slip).
 * ip6tables prints the same text for the extensions both families share, and its own for REJECT.
 */

/** The match extensions' help, by match name. */
const MATCH_HELP: Readonly<Record<string, string>> = {
  addrtype:
    "Address type match options:\n [!] --src-type type[,...]      Match source address type\n [!] --dst-type type[,...]      Match destination address type\n     --limit-iface-in           Match only on the packet's incoming device\n     --limit-iface-out          Match only on the packet's outgoing device\n\nValid types:           \n                                UNSPEC\n                                UNICAST\n                                LOCAL\n                                BROADCAST\n                                ANYCAST\n                                MULTICAST\n                                BLACKHOLE\n                                UNREACHABLE\n                                PROHIBIT\n                                THROW\n                                NAT\n                                XRESOLVE\n",
  comment: "comment match options:\n--comment COMMENT             Attach a comment to a rule\n",
  connlimit:
    "connlimit match options:\n  --connlimit-upto n     match if the number of existing connections is 0..n\n  --connlimit-above n    match if the number of existing connections is >n\n  --connlimit-mask n     group hosts using prefix length (default: max len)\n  --connlimit-saddr      select source address for grouping\n  --connlimit-daddr      select destination addresses for grouping\n",
  connmark: "connmark match options:\n[!] --mark value[/mask]    Match ctmark value with optional mask\n",
  conntrack:
    'conntrack match options:\n[!] --ctstate {INVALID|ESTABLISHED|NEW|RELATED|UNTRACKED|SNAT|DNAT}[,...]\n                               State(s) to match\n[!] --ctproto proto            Protocol to match; by number or name, e.g. "tcp"\n[!] --ctorigsrc address[/mask]\n[!] --ctorigdst address[/mask]\n[!] --ctreplsrc address[/mask]\n[!] --ctrepldst address[/mask]\n                               Original/Reply source/destination address\n[!] --ctorigsrcport port\n[!] --ctorigdstport port\n[!] --ctreplsrcport port\n[!] --ctrepldstport port\n                               TCP/UDP/SCTP orig./reply source/destination port\n[!] --ctstatus {NONE|EXPECTED|SEEN_REPLY|ASSURED|CONFIRMED}[,...]\n                               Status(es) to match\n[!] --ctexpire time[:time]     Match remaining lifetime in seconds against\n                               value or range of values (inclusive)\n    --ctdir {ORIGINAL|REPLY}   Flow direction of packet\n',
  hashlimit:
    "hashlimit match options:\n  --hashlimit-upto <avg>           max average match rate\n                                   [Packets per second unless followed by \n                                   /sec /minute /hour /day postfixes]\n  --hashlimit-above <avg>          min average match rate\n  --hashlimit-mode <mode>          mode is a comma-separated list of\n                                   dstip,srcip,dstport,srcport (or none)\n  --hashlimit-srcmask <length>     source address grouping prefix length\n  --hashlimit-dstmask <length>     destination address grouping prefix length\n  --hashlimit-name <name>          name for /proc/net/ipt_hashlimit\n  --hashlimit-burst <num>\t    number to match in a burst, default 5\n  --hashlimit-htable-size <num>    number of hashtable buckets\n  --hashlimit-htable-max <num>     number of hashtable entries\n  --hashlimit-htable-gcinterval    interval between garbage collection runs\n  --hashlimit-htable-expire        after which time are idle entries expired?\n  --hashlimit-rate-match           rate match the flow without rate-limiting it\n  --hashlimit-rate-interval        interval in seconds for hashlimit-rate-match\n\n",
  icmp: "icmp match options:\n[!] --icmp-type typename\tmatch icmp type\n[!] --icmp-type type[/code]\t(or numeric type or type/code)\nValid ICMP Types:\nany\necho-reply (pong)\ndestination-unreachable\n   network-unreachable\n   host-unreachable\n   protocol-unreachable\n   port-unreachable\n   fragmentation-needed\n   source-route-failed\n   network-unknown\n   host-unknown\n   network-prohibited\n   host-prohibited\n   TOS-network-unreachable\n   TOS-host-unreachable\n   communication-prohibited\n   host-precedence-violation\n   precedence-cutoff\nsource-quench\nredirect\n   network-redirect\n   host-redirect\n   TOS-network-redirect\n   TOS-host-redirect\necho-request (ping)\nrouter-advertisement\nrouter-solicitation\ntime-exceeded (ttl-exceeded)\n   ttl-zero-during-transit\n   ttl-zero-during-reassembly\nparameter-problem\n   ip-header-bad\n   required-option-missing\ntimestamp-request\ntimestamp-reply\naddress-mask-request\naddress-mask-reply\n",
  icmp6:
    "icmpv6 match options:\n[!] --icmpv6-type typename\tmatch icmpv6 type\n\t\t\t\t(or numeric type or type/code)\nValid ICMPv6 Types:\ndestination-unreachable\n   no-route\n   communication-prohibited\n   beyond-scope\n   address-unreachable\n   port-unreachable\n   failed-policy\n   reject-route\npacket-too-big\ntime-exceeded (ttl-exceeded)\n   ttl-zero-during-transit\n   ttl-zero-during-reassembly\nparameter-problem\n   bad-header\n   unknown-header-type\n   unknown-option\necho-request (ping)\necho-reply (pong)\nrouter-solicitation\nrouter-advertisement\nneighbour-solicitation (neighbor-solicitation)\nneighbour-advertisement (neighbor-advertisement)\nredirect\n",
  iprange:
    "iprange match options:\n[!] --src-range ip[-ip]    Match source IP in the specified range\n[!] --dst-range ip[-ip]    Match destination IP in the specified range\n",
  length:
    "length match options:\n[!] --length length[:length]    Match packet length against value or range\n                                of values (inclusive)\n",
  limit:
    "limit match options:\n--limit avg\t\t\tmax average match rate: default 3/hour\n                                [Packets per second unless followed by \n                                /sec /minute /hour /day postfixes]\n--limit-burst number\t\tnumber to match in a burst, default 5\n",
  mac: "mac match options:\n[!] --mac-source XX:XX:XX:XX:XX:XX\n\t\t\t\tMatch source MAC address\n",
  mark: "mark match options:\n[!] --mark value[/mask]    Match nfmark value with optional mask\n",
  multiport:
    "multiport match options:\n[!] --source-ports port[,port:port,port...]\n --sports ...\n\t\t\t\tmatch source port(s)\n[!] --destination-ports port[,port:port,port...]\n --dports ...\n\t\t\t\tmatch destination port(s)\n[!] --ports port[,port:port,port]\n\t\t\t\tmatch both source and destination port(s)\n",
  owner:
    "owner match options:\n[!] --uid-owner userid[-userid]      Match local UID\n[!] --gid-owner groupid[-groupid]    Match local GID\n[!] --socket-exists                  Match if socket exists\n    --suppl-groups                   Also match supplementary groups set with --gid-owner\n",
  recent:
    "recent match options:\n[!] --set                       Add source address to list, always matches.\n[!] --rcheck                    Match if source address in list.\n[!] --update                    Match if source address in list, also update last-seen time.\n[!] --remove                    Match if source address in list, also removes that address from list.\n    --seconds seconds           For check and update commands above.\n                                Specifies that the match will only occur if source address last seen within\n                                the last 'seconds' seconds.\n    --reap                      Purge entries older then 'seconds'.\n                                Can only be used in conjunction with the seconds option.\n    --hitcount hits             For check and update commands above.\n                                Specifies that the match will only occur if source address seen hits times.\n                                May be used in conjunction with the seconds option.\n    --rttl                      For check and update commands above.\n                                Specifies that the match will only occur if the source address and the TTL\n                                match between this packet and the one which was set.\n                                Useful if you have problems with people spoofing their source address in order\n                                to DoS you via this module.\n    --name name                 Name of the recent list to be used.  DEFAULT used if none given.\n    --rsource                   Match/Save the source address of each packet in the recent list table (default).\n    --rdest                     Match/Save the destination address of each packet in the recent list table.\n    --mask netmask              Netmask that will be applied to this recent list.\nxt_recent by: Stephen Frost <sfrost@snowman.net>.\n",
  set: "set match options:\n [!] --match-set name flags [--return-nomatch]\n   [! --update-counters] [! --update-subcounters]\n   [[!] --packets-eq value | --packets-lt value | --packets-gt value\n   [[!] --bytes-eq value | --bytes-lt value | --bytes-gt value\n\t\t 'name' is the set name from to match,\n\t\t 'flags' are the comma separated list of\n\t\t 'src' and 'dst' specifications.\n",
  state:
    "state match options:\n [!] --state [INVALID|ESTABLISHED|NEW|RELATED|UNTRACKED][,...]\n\t\t\t\tState(s) to match\n",
  statistic:
    "statistic match options:\n --mode mode                    Match mode (random, nth)\n random mode:\n[!] --probability p\t\t Probability\n nth mode:\n[!] --every n\t\t\t Match every nth packet\n --packet p\t\t\t Initial counter value (0 <= p <= n-1, default 0)\n",
  string:
    "string match options:\n--from                       Offset to start searching from\n--to                         Offset to stop searching\n--algo                       Algorithm\n--icase                      Ignore case (default: 0)\n[!] --string string          Match a string in a packet\n[!] --hex-string string      Match a hex string in a packet\n",
  tcp: "tcp match options:\n[!] --tcp-flags mask comp\tmatch when TCP flags & mask == comp\n\t\t\t\t(Flags: SYN ACK FIN RST URG PSH ALL NONE)\n[!] --syn\t\t\tmatch when only SYN flag set\n\t\t\t\t(equivalent to --tcp-flags SYN,RST,ACK,FIN SYN)\n[!] --source-port port[:port]\n --sport ...\n\t\t\t\tmatch source port(s)\n[!] --destination-port port[:port]\n --dport ...\n\t\t\t\tmatch destination port(s)\n[!] --tcp-option number        match if TCP option set\n",
  time: "time match options:\n    --datestart time     Start and stop time, to be given in ISO 8601\n    --datestop time      (YYYY[-MM[-DD[Thh[:mm[:ss]]]]])\n    --timestart time     Start and stop daytime (hh:mm[:ss])\n    --timestop time      (between 00:00:00 and 23:59:59)\n[!] --monthdays value    List of days on which to match, separated by comma\n                         (Possible days: 1 to 31; defaults to all)\n[!] --weekdays value     List of weekdays on which to match, sep. by comma\n                         (Possible days: Mon,Tue,Wed,Thu,Fri,Sat,Sun or 1 to 7\n                         Defaults to all weekdays.)\n    --kerneltz           Work with the kernel timezone instead of UTC\n",
  ttl: "ttl match options:\n[!] --ttl-eq value\tMatch time to live value\n  --ttl-lt value\tMatch TTL < value\n  --ttl-gt value\tMatch TTL > value\n",
  udp: "udp match options:\n[!] --source-port port[:port]\n --sport ...\n\t\t\t\tmatch source port(s)\n[!] --destination-port port[:port]\n --dport ...\n\t\t\t\tmatch destination port(s)\n",
};

/** The target extensions' help, by target name (NOTRACK and TRACE have none). */
const TARGET_HELP: Readonly<Record<string, string>> = {
  CONNMARK:
    "CONNMARK target options:\n  --set-xmark value[/ctmask]    Zero mask bits and XOR ctmark with value\n  --save-mark [--ctmask mask] [--nfmask mask]\n                                Copy ctmark to nfmark using masks\n  --restore-mark [--ctmask mask] [--nfmask mask]\n                                Copy nfmark to ctmark using masks\n  --set-mark value[/mask]       Set conntrack mark value\n  --save-mark [--mask mask]     Save the packet nfmark in the connection\n  --restore-mark [--mask mask]  Restore saved nfmark value\n  --and-mark value              Binary AND the ctmark with bits\n  --or-mark value               Binary OR  the ctmark with bits\n  --xor-mark value              Binary XOR the ctmark with bits\n  --left-shift-mark value       Left shift the ctmark with bits\n  --right-shift-mark value      Right shift the ctmark with bits\n",
  CT: "CT target options:\n --notrack\t\t\tDon't track connection\n --helper name\t\t\tUse conntrack helper 'name' for connection\n --timeout name \t\tUse timeout policy 'name' for connection\n --ctevents event[,event...]\tGenerate specified conntrack events for connection\n --expevents event[,event...]\tGenerate specified expectation events for connection\n --zone {ID|mark}\t\tAssign/Lookup connection in zone ID/packet nfmark\n --zone-orig {ID|mark}\t\tSame as 'zone' option, but only applies to ORIGINAL direction\n --zone-reply {ID|mark} \tSame as 'zone' option, but only applies to REPLY direction\n",
  DNAT: "DNAT target options:\n --to-destination [<ipaddr>[-<ipaddr>]][:port[-port[/port]]]\n\t\t\t\tAddress to map destination to.\n[--random] [--persistent]\n",
  DSCP: "DSCP target options\n  --set-dscp value\t\tSet DSCP field in packet header to value\n  \t\t                This value can be in decimal (ex: 32)\n               \t\tor in hex (ex: 0x20)\n  --set-dscp-class class\tSet the DSCP field in packet header to the\n\t\t\t\tvalue represented by the DiffServ class value.\n\t\t\t\tThis class may be EF,BE or any of the CSxx\n\t\t\t\tor AFxx classes.\n\n\t\t\t\tThese two options are mutually exclusive !\n",
  LOG: "LOG target options:\n --log-level level\t\tLevel of logging (numeric or see syslog.conf)\n --log-prefix prefix\t\tPrefix log messages with this prefix.\n --log-tcp-sequence\t\tLog TCP sequence numbers.\n --log-tcp-options\t\tLog TCP options.\n --log-ip-options\t\tLog IP options.\n --log-uid\t\t\tLog UID owning the local socket.\n --log-macdecode\t\tDecode MAC addresses and protocol.\n",
  MARK: "MARK target options:\n  --set-xmark value[/mask]  Clear bits in mask and XOR value into nfmark\n  --set-mark value[/mask]   Clear bits in mask and OR value into nfmark\n  --and-mark bits           Binary AND the nfmark with bits\n  --or-mark bits            Binary OR the nfmark with bits\n  --xor-mark bits           Binary XOR the nfmark with bits\n",
  MASQUERADE:
    "MASQUERADE target options:\n --to-ports <port>[-<port>]\n\t\t\t\tPort (range) to map to.\n --random\n\t\t\t\tRandomize source port.\n --random-fully\n\t\t\t\tFully randomize source port.\n",
  NETMAP: "NETMAP target options:\n  --to address[/mask]\n\t\t\t\tNetwork address to map to.\n\n",
  REDIRECT: "REDIRECT target options:\n --to-ports <port>[-<port>]\n\t\t\t\tPort (range) to map to.\n [--random]\n",
  REJECT:
    "REJECT target options:\n--reject-with type              drop input packet and send back\n                                a reply packet according to type:\nValid reject types:\n    icmp-net-unreachable     \tICMP network unreachable\n    net-unreach              \talias\n    icmp-host-unreachable    \tICMP host unreachable\n    host-unreach             \talias\n    icmp-proto-unreachable   \tICMP protocol unreachable\n    proto-unreach            \talias\n    icmp-port-unreachable    \tICMP port unreachable (default)\n    port-unreach             \talias\n    icmp-net-prohibited      \tICMP network prohibited\n    net-prohib               \talias\n    icmp-host-prohibited     \tICMP host prohibited\n    host-prohib              \talias\n    tcp-reset                \tTCP RST packet\n    tcp-rst                  \talias\n    icmp-admin-prohibited    \tICMP administratively prohibited (*)\n    admin-prohib             \talias\n\n(*) See man page or read the INCOMPATIBILITES file for compatibility issues.\n",
  SNAT: "SNAT target options:\n --to-source [<ipaddr>[-<ipaddr>]][:port[-port]]\n\t\t\t\tAddress to map source to.\n[--random] [--random-fully] [--persistent]\n",
  TCPMSS:
    "TCPMSS target mutually-exclusive options:\n  --set-mss value               explicitly set MSS option to specified value\n  --clamp-mss-to-pmtu           automatically clamp MSS value to (path_MTU - 20)\n",
  TOS: "TOS target vlibxtables.so.12 options:\n  --set-tos value[/mask]  Set Type of Service/Priority field to value\n                          (Zero out bits in mask and XOR value into TOS)\n  --set-tos symbol        Set TOS field (IPv4 only) by symbol\n                          (this zeroes the 4-bit Precedence part!)\n                          Accepted symbolic names for value are:\n                            (0x10) 16 Minimize-Delay\n                            (0x08)  8 Maximize-Throughput\n                            (0x04)  4 Maximize-Reliability\n                            (0x02)  2 Minimize-Cost\n                            (0x00)  0 Normal-Service\n\n  --and-tos bits          Binary AND the TOS value with bits\n  --or-tos  bits          Binary OR the TOS value with bits\n  --xor-tos bits          Binary XOR the TOS value with bits\n",
  TTL: "TTL target options\n  --ttl-set value\t\tSet TTL to <value 0-255>\n  --ttl-dec value\t\tDecrement TTL by <value 1-255>\n  --ttl-inc value\t\tIncrement TTL by <value 1-255>\n",
};

/** libip6t_REJECT's help: ip6tables' own reject types (its other targets word theirs as iptables'). */
const REJECT6_HELP =
  "REJECT target options:\n--reject-with type              drop input packet and send back\n                                a reply packet according to type:\nValid reject types:\n    icmp6-no-route           \tICMPv6 no route\n    no-route                 \talias\n    icmp6-adm-prohibited     \tICMPv6 administratively prohibited\n    adm-prohibited           \talias\n    icmp6-addr-unreachable   \tICMPv6 address unreachable\n    addr-unreach             \talias\n    icmp6-port-unreachable   \tICMPv6 port unreachable\n    port-unreach             \talias\n    tcp-reset                \tTCP RST packet\n    tcp-reset                \talias\n    icmp6-policy-fail        \tICMPv6 policy fail\n    policy-fail              \talias\n    icmp6-reject-route       \tICMPv6 reject route\n    reject-route             \talias\n\n";

/** libxt_standard's help: what `-j ACCEPT`, DROP or RETURN loads. */
const STANDARD_HELP = "standard match options:\n(If target is DROP, ACCEPT, RETURN or nothing)\n";

const STANDARD_TARGETS: ReadonlySet<string> = new Set(["ACCEPT", "DROP", "RETURN"]);

/** What `-h` describes: the loaded target's name (a verdict, an extension), each match instance's. */
export interface HelpExtensions {
  readonly target?: string;
  readonly matches: readonly string[];
  readonly six: boolean;
}

/**
 * The help a loaded target prints: a standard verdict loads libxt_standard; a jump to a
 * chain or -g loads nothing (the caller passes undefined).
 */
export function helpTarget(loaded: string | undefined): string | undefined {
  return loaded !== undefined && STANDARD_TARGETS.has(loaded) ? "standard" : loaded;
}

/** print_extension_helps: the target's help, then each match's, each after a blank line. */
export function extensionHelp(exts: HelpExtensions): string {
  const one = (name: string, text: string | undefined) => `\n${text ?? `${name} does not take any options\n`}`;
  const targetText = (name: string) =>
    name === "standard" ? STANDARD_HELP : name === "REJECT" && exts.six ? REJECT6_HELP : TARGET_HELP[name];
  const target = exts.target === undefined ? "" : one(exts.target, targetText(exts.target));
  return target + exts.matches.map((m) => one(m, MATCH_HELP[m])).join("");
}
