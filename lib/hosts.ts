// Every host the extension talks to or runs on, in one place: the manifest, the content-script
// matches and the config schema all read from here, so a new data centre is a one-line change.

/** JumpCloud consoles; the REST API lives under /api on the same host. */
export const JUMPCLOUD_REGIONS = {
  us: 'console.jumpcloud.com',
  eu: 'console.eu.jumpcloud.com',
} as const;
export type JumpCloudRegion = keyof typeof JUMPCLOUD_REGIONS;

/** Zoho data centres and their domain suffix (Canada is zohocloud.ca, not zoho.ca). */
export const ZOHO_DATA_CENTRES = {
  us: 'zoho.com',
  eu: 'zoho.eu',
  in: 'zoho.in',
  au: 'zoho.com.au',
  jp: 'zoho.jp',
  ca: 'zohocloud.ca',
  sa: 'zoho.sa',
  uk: 'zoho.uk',
  cn: 'zoho.com.cn',
} as const;
export type ZohoDataCentre = keyof typeof ZOHO_DATA_CENTRES;

const zohoProducts = ['directory', 'one'] as const;

export const jumpcloudApiBase = (region: JumpCloudRegion): string =>
  `https://${JUMPCLOUD_REGIONS[region]}/api`;

/** True for a page of a JumpCloud console (https, a known region's host). */
export function isJumpCloudConsoleUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.port === '' && (Object.values(JUMPCLOUD_REGIONS) as string[]).includes(u.hostname);
  } catch {
    return false;
  }
}

/** The Zoho data centre of a Zoho Directory or Zoho One host, e.g. directory.zoho.eu → eu. */
export function zohoDataCentreOf(hostname: string): ZohoDataCentre | null {
  for (const [dc, domain] of Object.entries(ZOHO_DATA_CENTRES) as [ZohoDataCentre, string][]) {
    if (zohoProducts.some((p) => hostname === `${p}.${domain}`)) return dc;
  }
  return null;
}

/** True for a page of Zoho Directory or Zoho One (https, a known data centre's host). */
export function isZohoConsoleUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.port === '' && zohoDataCentreOf(u.hostname) !== null;
  } catch {
    return false;
  }
}

/** Match patterns for the JumpCloud console pages. */
export const jumpcloudConsoleMatches = Object.values(JUMPCLOUD_REGIONS).map((h) => `https://${h}/*`);

/** Match patterns for Zoho Directory and Zoho One in every data centre. */
export const zohoConsoleMatches = Object.values(ZOHO_DATA_CENTRES).flatMap((domain) =>
  zohoProducts.map((product) => `https://${product}.${domain}/*`),
);

/** True when a Sync endpoint's host is one the manifest already grants. */
export function isGrantedHost(url: URL): boolean {
  return (
    url.protocol === 'https:' &&
    (Object.values(JUMPCLOUD_REGIONS) as string[])
      .concat(Object.values(ZOHO_DATA_CENTRES).flatMap((d) => zohoProducts.map((p) => `${p}.${d}`)))
      .includes(url.hostname)
  );
}
