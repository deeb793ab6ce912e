/**
 * A local deploy driver: plays CloudFormation for a synthesized CDK cloud assembly, running custom
 * resources' real function code in-process (their own timers on virtual time) and native resources
 * through pluggable handlers. See {@link LocalCloudFormation}.
 */
export * from './local-cloud-formation';
export * from './options';
export * from './stack-types';
export * from './resource-handler';
export { StackOperationError } from './errors';
export type { AssemblySource } from './cloud-assembly';
export type { AccessRequest } from './iam';
export type { CustomResourceRequest, CustomResourceResponse } from './custom-resource-request';
export { stringifyScalars } from './custom-resource-request';
export { MAX_RESPONSE_BYTES, DEFAULT_SERVICE_TIMEOUT_SECONDS } from './custom-resource-runner';
export { genericResourceHandler } from './resource-types/generic';
export { normalizeDnsName } from './resource-types/route53-zones';
export type { TickableClock } from './virtual-clock';
export type { Template, TemplateResource } from './template';
