/**
 * Lightsail errors as the emulator raises and serialises them.
 *
 * On the wire (awsJson1_1) an error is an HTTP 4xx/5xx answer whose JSON body names the exception in
 * `__type`; the `x-amzn-ErrorType` header says the same. The SDK v3 reads `__type` first (then `code`,
 * then the header), so both carry the bare exception name to make every SDK generation agree.
 */

/**
 * The exceptions the Lightsail model declares for the five certificate operations, plus the two the
 * emulator needs that are not modelled: `ThrottlingException` (the SDK retries it by name) and
 * `UnknownOperationException` / `SerializationException` (what AWS JSON services answer for an unknown
 * `X-Amz-Target` or an unreadable body).
 */
export type LightsailErrorName =
  | 'AccessDeniedException'
  | 'AccountSetupInProgressException'
  | 'InvalidInputException'
  | 'NotFoundException'
  | 'OperationFailureException'
  | 'RegionSetupInProgressException'
  | 'ServiceException'
  | 'UnauthenticatedException'
  | 'ThrottlingException'
  | 'UnknownOperationException'
  | 'SerializationException';

/** The JSON body of an error answer. Every Lightsail exception shape has `code`, `docs`, `message` and `tip`. */
export interface WireError {
  /** The exception name; the SDK picks the exception class by it. */
  readonly __type: LightsailErrorName;
  /** A human-readable explanation. */
  readonly message: string;
  /** A short machine-readable code. */
  readonly code: string;
  /** A documentation link. */
  readonly docs: string;
  /** A hint on what to do. */
  readonly tip: string;
}

const DOCS_URL = 'https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/';

/** An error the emulator answers with instead of a result. */
export class LightsailError extends Error {
  /** The exception name sent as `__type`. */
  public readonly errorName: LightsailErrorName;
  /** The HTTP status: 500 for `ServiceException` (the only fault in the model), 400 otherwise. */
  public readonly httpStatus: number;
  /** The `code` member. */
  public readonly code: string;
  /** The `tip` member. */
  public readonly tip: string;

  /**
   * @param errorName the exception name.
   * @param message the `message` member.
   * @param options `code` (default: a short code derived from the name) and `tip` (default: empty).
   */
  constructor(errorName: LightsailErrorName, message: string, options: { code?: string; tip?: string } = {}) {
    super(message);
    this.name = errorName;
    this.errorName = errorName;
    this.httpStatus = errorName === 'ServiceException' ? 500 : 400;
    // unverified: the values Lightsail puts into `code`, `docs` and `tip` are not documented; the
    // emulator fills them with plausible strings so that clients never see them missing.
    this.code = options.code ?? errorName.replace(/Exception$/, '');
    this.tip = options.tip ?? '';
  }

  /** The JSON body to send. */
  public toWire(): WireError {
    return { __type: this.errorName, message: this.message, code: this.code, docs: DOCS_URL, tip: this.tip };
  }
}

/** An `InvalidInputException`, the model's answer to a request that breaks its constraints. */
export function invalidInput(message: string, code = 'InvalidInput'): LightsailError {
  return new LightsailError('InvalidInputException', message, { code });
}

/**
 * A `NotFoundException` for a certificate.
 *
 * unverified: the exact message. Terraform's provider treats a message containing `DoesNotExist` as
 * "not found", which suggests the real service uses that word, so the message and code carry it.
 */
export function certificateNotFound(name: string, region: string): LightsailError {
  return new LightsailError('NotFoundException', `DoesNotExist: the certificate "${name}" does not exist in ${region}.`, {
    code: 'DoesNotExist',
  });
}
