import type { DeclaredRegion } from '../lib/release/declared-regions';
import { bahrain } from './bahrain';
import { canadaCentral } from './canada-central';
import { capeTown } from './cape-town';
import { frankfurt } from './frankfurt';
import { london } from './london';
import { nVirginia } from './n-virginia';
import { sydney } from './sydney';

export { BREAK_GLASS_ROLE_NAME } from './access';
export { SECURITY } from './security';
export { BACKUP_POLICIES } from './backup-policies';
export { RESIDENCY_ZONES, residencyZonesOf } from './zones';

/** The catalogue: every region Halo runs in, in rollout order. */
export const REGIONS: readonly DeclaredRegion[] = [london, frankfurt, nVirginia, canadaCentral, capeTown, sydney, bahrain];
