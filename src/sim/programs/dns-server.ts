/**
 * The lab's DNS server on 203.0.113.53 (the oracle's wan-dns.py): it knows
 * baidu.com and answers NXDOMAIN for every other name.
 */

/** The DNS server's zone. */
export const DNS_RECORDS: Readonly<Record<string, string>> = {
  "baidu.com": "203.0.113.10",
  "www.baidu.com": "203.0.113.10",
  "example.com": "203.0.113.10",
};

export type DnsAnswer = { readonly rcode: "NOERROR"; readonly address?: string } | { readonly rcode: "NXDOMAIN" };

export function dnsAnswer(qtype: "A" | "AAAA", name: string): DnsAnswer {
  const addr = Object.hasOwn(DNS_RECORDS, name.toLowerCase()) ? DNS_RECORDS[name.toLowerCase()] : undefined;
  if (addr === undefined) return { rcode: "NXDOMAIN" };
  return qtype === "A" ? { rcode: "NOERROR", address: addr } : { rcode: "NOERROR" };
}
