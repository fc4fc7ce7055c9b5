/** The IAM role that alone may delete recovery points or change a backup vault's policy (created by the security layer). */
export const BREAK_GLASS_ROLE_NAME = 'halo-break-glass';
