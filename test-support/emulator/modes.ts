/**
 * Behaviour modes: every place where the real Lightsail service's behaviour is not documented and more
 * than one answer is plausible. Each mode offers the plausible answers, so that tests can run a client
 * against all of them instead of betting on one. The defaults are what the emulator did before modes
 * existed.
 */
import { normalizeDnsName } from './dns-store';

/** Answers of {@link EmulatorModes.missingName}. */
export type MissingNameMode = 'empty-list' | 'not-found';

/** Answers of {@link EmulatorModes.validationRecords}. */
export type ValidationRecordsMode = 'per-account-domain' | 'per-certificate';

/** Answers of {@link EmulatorModes.deleteInUse}. */
export type DeleteInUseMode = 'error' | 'deletes';

/**
 * How the emulator behaves where the real service is undocumented. Every member is **unverified**:
 * no public source says which answer Lightsail gives, so a client must work with each of them.
 */
export interface EmulatorModes {
  /**
   * unverified: what `GetCertificates` with a `certificateName` that does not exist answers.
   * - `'empty-list'` (default): a result with an empty `certificates` array.
   * - `'not-found'`: a `NotFoundException` error (HTTP 400, `__type` `NotFoundException`).
   */
  readonly missingName?: MissingNameMode;
  /**
   * unverified: whether a validation CNAME is shared between certificates.
   * - `'per-account-domain'` (default): the record's name and value depend only on the account and the
   *   domain, as ACM documents for itself: two certificates for one domain, in any regions, ask for the
   *   same record.
   * - `'per-certificate'`: each certificate gets its own record (name and value) for each domain.
   */
  readonly validationRecords?: ValidationRecordsMode;
  /**
   * unverified: how long (clock ms) after `CreateCertificate` the service produces a domain's
   * `resourceRecord`. Until then `domainValidationRecords` lists the domain without one (also in the
   * CreateCertificate result), and the domain cannot validate. Default 0: at once.
   */
  readonly recordDelayMs?: number;
  /**
   * unverified: domains for which the service never produces a `resourceRecord` (e.g. a name it
   * reserves). Compared without case or trailing dot, exact names only (not subdomains). Such a domain
   * never validates, so its certificate stays pending until it times out. Default: none.
   */
  readonly recordsNeverFor?: readonly string[];
  /**
   * unverified: how `DeleteCertificate` answers while the certificate is in use.
   * - `'error'` (default): `InvalidInputException` (HTTP 400, `code` `ResourceInUse`) whose message says
   *   the certificate is in use. The model documents that such a certificate "cannot be deleted" but not
   *   the error; of the errors it lists for DeleteCertificate, `InvalidInputException` is the only one
   *   that fits (`OperationFailureException` is not listed for this operation).
   * - `'deletes'`: the call succeeds and the certificate is deleted.
   */
  readonly deleteInUse?: DeleteInUseMode;
  /**
   * unverified: how long (clock ms) after a resource lets go of the certificate `DeleteCertificate`
   * still counts it as in use, while `inUseResourceCount` already reads without it: the race "a
   * distribution let go of it a moment later than inUseResourceCount said". Only matters with
   * `deleteInUse: 'error'`. Default 0: both agree.
   */
  readonly inUseLagMs?: number;
  /**
   * unverified: how long (clock ms) a certificate is still there after a successful
   * `DeleteCertificate`: `GetCertificates` still lists it, a `CreateCertificate` of the same name fails
   * as a name already taken, and a repeated `DeleteCertificate` succeeds again. Default 0: gone at once.
   */
  readonly deleteLagMs?: number;
}

/** Every value of each enumerated mode, default first: for tests that run a client against all of them. */
export const MODE_VALUES: {
  readonly missingName: readonly MissingNameMode[];
  readonly validationRecords: readonly ValidationRecordsMode[];
  readonly deleteInUse: readonly DeleteInUseMode[];
} = {
  missingName: ['empty-list', 'not-found'],
  validationRecords: ['per-account-domain', 'per-certificate'],
  deleteInUse: ['error', 'deletes'],
};

/** {@link EmulatorModes} with every default filled in and the domain list normalised. */
export interface ResolvedModes {
  /** See {@link EmulatorModes.missingName}. */
  readonly missingName: MissingNameMode;
  /** See {@link EmulatorModes.validationRecords}. */
  readonly validationRecords: ValidationRecordsMode;
  /** See {@link EmulatorModes.recordDelayMs}. */
  readonly recordDelayMs: number;
  /** See {@link EmulatorModes.recordsNeverFor}; normalised names. */
  readonly recordsNeverFor: ReadonlySet<string>;
  /** See {@link EmulatorModes.deleteInUse}. */
  readonly deleteInUse: DeleteInUseMode;
  /** See {@link EmulatorModes.inUseLagMs}. */
  readonly inUseLagMs: number;
  /** See {@link EmulatorModes.deleteLagMs}. */
  readonly deleteLagMs: number;
}

/**
 * Fills in the defaults.
 *
 * @param modes the modes as given; default all defaults.
 */
export function resolveModes(modes: EmulatorModes = {}): ResolvedModes {
  return {
    missingName: modes.missingName ?? 'empty-list',
    validationRecords: modes.validationRecords ?? 'per-account-domain',
    recordDelayMs: Math.max(0, modes.recordDelayMs ?? 0),
    recordsNeverFor: new Set((modes.recordsNeverFor ?? []).map(normalizeDnsName)),
    deleteInUse: modes.deleteInUse ?? 'error',
    inUseLagMs: Math.max(0, modes.inUseLagMs ?? 0),
    deleteLagMs: Math.max(0, modes.deleteLagMs ?? 0),
  };
}
