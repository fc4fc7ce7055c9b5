export { default as KmsKeyRotationEnabled } from './KmsKeyRotationEnabled';
export { default as OpenIngressOnlyToLoadBalancers } from './OpenIngressOnlyToLoadBalancers';
export { default as StatefulResourceRetained } from './StatefulResourceRetained';
