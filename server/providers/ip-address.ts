/**
 * Decides whether an IP address is a public unicast address, so safe-fetch never connects to
 * loopback, private, link-local or otherwise special ranges — in any spelling (IPv4-mapped IPv6,
 * NAT64, 6to4, decimal/hex/octal IPv4 as normalised by the URL parser). Pure, no DNS.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** [first octets as a 32-bit number, prefix length] of IPv4 ranges that are never public. */
const BLOCKED_V4: [string, number][] = [
	['0.0.0.0', 8],
	['10.0.0.0', 8],
	['100.64.0.0', 10],
	['127.0.0.0', 8],
	['169.254.0.0', 16],
	['172.16.0.0', 12],
	['192.0.0.0', 24],
	['192.0.2.0', 24],
	['192.88.99.0', 24],
	['192.168.0.0', 16],
	['198.18.0.0', 15],
	['198.51.100.0', 24],
	['203.0.113.0', 24],
	['224.0.0.0', 4],
	['240.0.0.0', 4]
];

function v4ToNumber(ip: string): number {
	return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

const BLOCKED_V4_NUMERIC = BLOCKED_V4.map(([base, bits]) => ({ base: v4ToNumber(base), bits }));

function isPublicV4Number(n: number): boolean {
	return !BLOCKED_V4_NUMERIC.some(
		({ base, bits }) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits))
	);
}

/** Expands an IPv6 address (any valid spelling, with optional zone id) to eight 16-bit groups. */
export function parseIPv6(ip: string): number[] | null {
	let text = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
	if (!isIPv6(text)) return null;
	// An embedded dotted IPv4 tail becomes two hex groups.
	const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
	if (tail) {
		const n = v4ToNumber(tail[1]);
		text = `${text.slice(0, -tail[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
	}
	const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
	const left = head ? head.split(':') : [];
	const right = rest ? rest.split(':') : [];
	const zeros = rest === undefined ? 0 : 8 - left.length - right.length;
	const groups = [...left, ...Array<string>(zeros).fill('0'), ...right].map((g) => parseInt(g, 16));
	return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

function isPublicV6(g: number[]): boolean {
	const v4At = (hi: number, lo: number) => hi * 65536 + lo;
	const allZero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
	// ::/96 (unspecified, loopback, IPv4-compatible) and ::ffff:0:0/96 (IPv4-mapped) embed IPv4.
	if (allZero(0, 5) && (g[5] === 0 || g[5] === 0xffff)) {
		if (g[5] === 0 && g[6] === 0) return false; // :: and ::1 and the rest of ::/112
		return isPublicV4Number(v4At(g[6], g[7]));
	}
	if (g[0] === 0x64 && g[1] === 0xff9b && allZero(2, 6)) return isPublicV4Number(v4At(g[6], g[7])); // NAT64
	if (g[0] === 0x2002) return isPublicV4Number(v4At(g[1], g[2])); // 6to4
	if (g[0] === 0x2001 && g[1] === 0) return false; // Teredo
	if (g[0] === 0x2001 && g[1] === 0xdb8) return false; // documentation
	if (g[0] === 0x100 && allZero(1, 4)) return false; // discard-only
	if ((g[0] & 0xfe00) === 0xfc00) return false; // unique local fc00::/7
	if ((g[0] & 0xffc0) === 0xfe80 || (g[0] & 0xffc0) === 0xfec0) return false; // link/site-local
	if ((g[0] & 0xff00) === 0xff00) return false; // multicast
	return true;
}

/**
 * True only for a syntactically valid, public unicast IPv4 or IPv6 address.
 * Anything unparseable is treated as not public.
 */
export function isPublicAddress(ip: string): boolean {
	const bare = ip.replace(/^\[|\]$/g, '');
	if (isIPv4(bare)) return isPublicV4Number(v4ToNumber(bare));
	const groups = parseIPv6(bare);
	return groups !== null && isPublicV6(groups);
}

/** True when `host` (a URL hostname, brackets allowed) is an IP literal rather than a name. */
export function isIpLiteral(host: string): boolean {
	const bare = host.replace(/^\[|\]$/g, '');
	return isIPv4(bare) || isIPv6(bare);
}
