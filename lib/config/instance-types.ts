import { closest } from './did-you-mean';
import { EC2_INSTANCE_TYPES_SOURCE, EC2_INSTANCE_TYPE_SIZES } from './ec2-instance-types';
import { familiesOfferedIn, INSTANCE_OFFERINGS_SOURCE, REGION_INSTANCE_FAMILIES } from './instance-offerings';
import { splitInstanceType } from './instance-type-source';

let knownTypes: ReadonlySet<string> | undefined;

/** Every instance type name of the table (built on first use). */
export function knownInstanceTypes(): ReadonlySet<string> {
  knownTypes ??= new Set(Object.entries(EC2_INSTANCE_TYPE_SIZES).flatMap(([family, sizes]) => sizes.split(' ').map((size) => `${family}.${size}`)));
  return knownTypes;
}

/**
 * What is wrong with an instance type in a region, in the words of "allowed: ...", or undefined when it exists and the
 * region offers its family. Names the table each fact comes from.
 */
export function instanceTypeProblem(type: string, regionCode: string): string | undefined {
  if (!knownInstanceTypes().has(type)) {
    const guess = closest(type, knownInstanceTypes());
    return (
      `an EC2 instance type such as "r6i.2xlarge" (${EC2_INSTANCE_TYPES_SOURCE.source}, taken ${EC2_INSTANCE_TYPES_SOURCE.generatedOn})` +
      `${guess ? `; did you mean "${guess}"?` : ''}`
    );
  }
  const [family] = splitInstanceType(type);
  const offered = familiesOfferedIn(regionCode);
  if (!offered || offered.has(family)) return undefined;
  const kin = [...offered]
    .filter((f) => f[0] === family[0] && /^[a-z]\d+[a-z]*$/.test(f))
    .sort()
    .slice(-6);
  return (
    `a family ${regionCode} offers (${INSTANCE_OFFERINGS_SOURCE}, ${regionCode} recorded ${REGION_INSTANCE_FAMILIES[regionCode].recordedOn}): ` +
    `${family} is not offered there${kin.length > 0 ? `; offered alike: ${kin.join(', ')}` : ''}`
  );
}
