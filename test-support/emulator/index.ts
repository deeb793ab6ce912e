/**
 * An in-process Lightsail emulator for tests and demos: the certificate operations over the real
 * awsJson1_1 wire protocol, an emulated DNS, fault injection and introspection, and the Route 53
 * record-set operations (REST-XML) writing into that DNS.
 *
 * @packageDocumentation
 */
export { LightsailEmulator } from './lightsail-emulator';
export type {
  DetachOptions,
  EmulatedCertificate,
  LightsailDomainOptions,
  LightsailEmulatorOptions,
  SeedCertificateOptions,
} from './lightsail-emulator';
export { MODE_VALUES, resolveModes } from './modes';
export type { DeleteInUseMode, EmulatorModes, MissingNameMode, ResolvedModes, ValidationRecordsMode } from './modes';
export { EmulatorDns, normalizeDnsName } from './dns-store';
export type { DnsChangeListener, DnsRecord } from './dns-store';
export { Route53Emulator, Route53Error } from './route53';
export type {
  Route53Change,
  Route53ChangeAction,
  Route53ChangeInfo,
  Route53EmulatorOptions,
  Route53ErrorCode,
  Route53ListOptions,
  Route53RecordSet,
  Route53RecordSetPage,
  Route53Zone,
} from './route53';
export { ROUTE53_PATH_PREFIX, ROUTE53_SERVICE } from './route53-wire';
export { FaultInjector } from './faults';
export type { CallFaultDecision, CallFaultKind, CertificateFaults, FaultRates, ScriptedFault } from './faults';
export { CallLog } from './call-log';
export type { CallFilter, CallOutcome, CallRecord } from './call-log';
export { validationRecordFor } from './validation-records';
export { parseSignedScope } from './sigv4-region';
export type { AccessCheck, AccessRequest } from './request-handler';
export type { SignedScope } from './sigv4-region';
export { LightsailError } from './errors';
export type { LightsailErrorName, WireError } from './errors';
export type { RequestFailureReason } from './domain-registry';
export type { Clock } from './clock';
export { seededRandom } from './prng';
export type { Random } from './prng';
export { CERTIFICATE_STATUSES, OPERATION_NAMES } from './types';
export type {
  CertificateStatus,
  DnsRecordCreationStateCode,
  DomainValidationStatus,
  OperationName,
  WireCertificate,
  WireCertificateSummary,
  WireDnsRecordCreationState,
  WireDomainValidationRecord,
  WireOperation,
  WireResourceRecord,
  WireTag,
} from './types';
