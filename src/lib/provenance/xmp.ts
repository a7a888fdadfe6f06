/**
 * The XMP packet carrying our record in JPEG and WebP files: the prompt as `dc:description`
 * (what photo tools show), the tool as `xmp:CreatorTool`, the date, and the full JSON record as
 * the `nbs:provenance` property. Reading looks for that property only (our own writer's shape).
 * @see https://developer.adobe.com/xmp/docs/XMPSpecifications/
 */
import type { ProvenanceRecord } from './record';

export const NBS_NAMESPACE = 'https://nano-banana.studio/xmp/1.0/';

const escapeXml = (text: string) =>
	text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/\r/g, '&#13;')
		.replace(/\n/g, '&#10;');

const unescapeXml = (text: string) =>
	text.replace(/&(#x?[0-9a-f]+|lt|gt|quot|apos|amp);/gi, (_, entity: string) => {
		const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
		if (entity[0] !== '#') return named[entity.toLowerCase()];
		return String.fromCodePoint(
			entity[1].toLowerCase() === 'x'
				? parseInt(entity.slice(2), 16)
				: parseInt(entity.slice(1), 10)
		);
	});

/** A complete XMP packet (with the `<?xpacket?>` wrapper) for a record. `withDescription: false` leaves out the prompt copy to save room. */
export function buildXmpPacket(record: ProvenanceRecord, withDescription = true): string {
	const description = withDescription
		? `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(record.prompt)}</rdf:li></rdf:Alt></dc:description>`
		: '';
	return (
		'<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>' +
		'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
		`<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:nbs="${NBS_NAMESPACE}"` +
		` xmp:CreatorTool="Nano Banana Studio ${escapeXml(record.appVersion)}" xmp:CreateDate="${escapeXml(record.createdAt)}"` +
		` nbs:provenance="${escapeXml(JSON.stringify(record))}">` +
		description +
		'</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
	);
}

/** Our record's JSON text from an XMP packet, or null when the packet has none. */
export function readXmpProvenance(packet: string): string | null {
	const match = /nbs:provenance="([^"]*)"/.exec(packet);
	return match ? unescapeXml(match[1]) : null;
}
