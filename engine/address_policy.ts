/**
 * Which addresses an API may call (DESIGN §4): link-local and cloud
 * metadata addresses never; loopback and private ranges only while
 * `CHATWIRE_BLOCK_PRIVATE_NETWORKS` is off.
 */
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

export interface AddressOptions {
  /** Refuse loopback and private ranges too. */
  blockPrivate: boolean;
  /** Resolves a name to its addresses; defaults to the system resolver. */
  resolve?: (hostname: string) => Promise<string[]>;
}

type Rule = [list: BlockList, reason: string];

/** A BlockList (node:net, a maintained range matcher) per reason. */
function rules(table: [cidrs: string[], reason: string][]): Rule[] {
  return table.map(([cidrs, reason]) => {
    const list = new BlockList();
    for (const cidr of cidrs) {
      const [net, bits] = cidr.split("/");
      list.addSubnet(net, Number(bits), isIP(net) === 6 ? "ipv6" : "ipv4");
    }
    return [list, reason];
  });
}

// Never an API: nothing on them is a server of the team's (or it is the cloud's metadata).
const ALWAYS = rules([
  [["169.254.0.0/16", "fe80::/10"], "link-local"],
  [["fd00:ec2::254/128"], "cloud metadata"],
  [["0.0.0.0/8", "::/128"], "unspecified"],
  [["255.255.255.255/32"], "broadcast"],
  [["224.0.0.0/4", "ff00::/8"], "multicast"],
  [["240.0.0.0/4"], "reserved"],
]);
// The team's own network: allowed unless CHATWIRE_BLOCK_PRIVATE_NETWORKS.
const PRIVATE = rules([
  [["127.0.0.0/8", "::1/128"], "loopback"],
  [["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "fec0::/10"], "private"],
  [["100.64.0.0/10"], "shared (CGNAT)"],
  [["198.18.0.0/15"], "benchmarking"],
  [["64:ff9b:1::/48"], "local NAT64"],
]);

/**
 * Why `ip` may not be called ("link-local", "loopback" …), or null when it
 * may. IPv4-mapped, IPv4-compatible and NAT64 (64:ff9b::/96) IPv6 forms are
 * judged as the IPv4 inside.
 */
export function checkAddress(
  ip: string,
  options: { blockPrivate: boolean },
): string | null {
  const bytes = parseIp(ip);
  if (!bytes) return "not an IP address";
  const v4 = bytes.length === 4 ? bytes : embeddedV4(bytes);
  const [target, family]: [string, "ipv4" | "ipv6"] = v4 ? [v4.join("."), "ipv4"] : [ipv6Text(bytes), "ipv6"];
  for (const [list, reason] of ALWAYS) if (list.check(target, family)) return reason;
  if (!options.blockPrivate) return null;
  for (const [list, reason] of PRIVATE) if (list.check(target, family)) return reason;
  return null;
}

function ipv6Text(bytes: number[]): string {
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return words.join(":");
}

/**
 * Resolves `hostname` (A and AAAA, through the system resolver as fetch
 * does, so /etc/hosts counts) and checks every address: one refused
 * address refuses the name, since fetch may connect to any of them.
 */
export async function resolveAndCheck(
  hostname: string,
  options: AddressOptions,
): Promise<{ ip: string } | { error: string }> {
  const host = hostname.replace(/^\[(.*)\]$/, "$1");
  let ips: string[];
  if (isIP(host.replace(/%.*$/, ""))) ips = [host];
  else if (host === "localhost" || host.endsWith(".localhost")) {
    ips = ["127.0.0.1"];
  } else {
    try {
      ips = await (options.resolve ?? systemResolve)(host);
    } catch {
      ips = [];
    }
    if (ips.length === 0) return { error: `Cannot resolve host "${host}"` };
  }
  for (const ip of ips) {
    const reason = checkAddress(ip, options);
    if (reason) return { error: `Refused address ${ip}: ${reason}` };
  }
  return { ip: ips[0] };
}

async function systemResolve(hostname: string): Promise<string[]> {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => entry.address);
}

function matches(bytes: number[], prefix: number[], bits: number): boolean {
  for (let i = 0; i < bits; i += 8) {
    const mask = bits - i >= 8 ? 0xff : (0xff << (8 - (bits - i))) & 0xff;
    if (((bytes[i / 8] ?? 0) & mask) !== ((prefix[i / 8] ?? 0) & mask)) {
      return false;
    }
  }
  return true;
}

/** The IPv4 inside ::ffff:a.b.c.d, ::a.b.c.d and NAT64 64:ff9b::a.b.c.d. */
function embeddedV4(bytes: number[]): number[] | null {
  const head = bytes.slice(0, 12);
  const zeros = head.every((b) => b === 0);
  const mapped = head.slice(0, 10).every((b) => b === 0) && head[10] === 0xff &&
    head[11] === 0xff;
  const nat64 = matches(bytes, [0, 0x64, 0xff, 0x9b], 96);
  const tail = bytes.slice(12);
  // "::" and "::1" are IPv6's own unspecified and loopback addresses.
  if (zeros && tail.slice(0, 3).every((b) => b === 0) && tail[3] <= 1) {
    return null;
  }
  return zeros || mapped || nat64 ? tail : null;
}

/** 4 bytes for IPv4, 16 for IPv6 (zone ids ignored), null if neither. */
function parseIp(text: string): number[] | null {
  const ip = text.replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  const kind = isIP(ip);
  if (kind === 4) return ip.split(".").map(Number);
  if (kind !== 6) return null;
  const [head, tail] = ip.includes("::") ? ip.split("::") : [ip, undefined];
  const words = (part: string | undefined): number[] => {
    if (!part) return [];
    return part.split(":").flatMap((word) => {
      if (!word.includes(".")) return [parseInt(word, 16)];
      const [a, b, c, d] = word.split(".").map(Number);
      return [(a << 8) | b, (c << 8) | d];
    });
  };
  const left = words(head);
  const right = words(tail);
  const all = tail === undefined
    ? left
    : [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
  return all.flatMap((word) => [word >> 8, word & 0xff]);
}
