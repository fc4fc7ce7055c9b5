export { default as CrossRegionDestinationsInZone } from './CrossRegionDestinationsInZone';
export { default as EbsEncryptedWithCmk } from './EbsEncryptedWithCmk';
export { default as Imdsv2Required } from './Imdsv2Required';
export { default as InstanceNoPublicIp } from './InstanceNoPublicIp';
export { default as KmsKeyRotationEnabled } from './KmsKeyRotationEnabled';
export { default as OpenIngressOnlyToLoadBalancers } from './OpenIngressOnlyToLoadBalancers';
export { default as SqlNodesSpanTwoAzs, SQL_CLUSTER_TAG, SQL_NODE_TAG } from './SqlNodesSpanTwoAzs';
export { default as StatefulResourceRetained } from './StatefulResourceRetained';
export { default as WitnessInNodeFreeAz, WITNESS_TAG } from './WitnessInNodeFreeAz';
