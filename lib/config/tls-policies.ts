/**
 * Load-balancer SSL policies that accept TLS 1.2 or 1.3 only: the 2021 TLS 1.3 families and their
 * FIPS and post-quantum variants. Anything that still accepts TLS 1.0 or 1.1 is absent on purpose.
 */
export const ALLOWED_TLS_POLICIES = [
  'ELBSecurityPolicy-TLS13-1-2-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06',
  'ELBSecurityPolicy-TLS13-1-3-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09',
] as const;

export type TlsPolicy = (typeof ALLOWED_TLS_POLICIES)[number];

/** The policy cells use unless they name another. */
export const DEFAULT_TLS_POLICY: TlsPolicy = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/** Listener attribute that makes the load balancer add Strict-Transport-Security to every response. */
export const HSTS_ATTRIBUTE = 'routing.http.response.strict_transport_security.header_value';

/** Shortest Strict-Transport-Security max-age the platform accepts: one year. */
export const MIN_HSTS_MAX_AGE_SECONDS = 31_536_000;
