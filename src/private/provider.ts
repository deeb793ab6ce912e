import { Aws, Duration, Lazy, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { IsCompleteFunction } from './is-complete-function';
import { OnEventFunction } from './on-event-function';

/** The id of the provider in its stack. Public contract: changing it replaces every function of a deployed stack. */
const PROVIDER_ID = 'LightsailCertificateProvider';

/**
 * How often the wait for ISSUED reads the certificate: one `GetCertificates` call per interval,
 * so an ISSUED status is seen within this time plus one call.
 */
export const QUERY_INTERVAL = Duration.seconds(10);

/** The longest any single resource may wait, which is CloudFormation's limit for a custom resource. */
export const TOTAL_TIMEOUT = Duration.hours(1);

/**
 * The functions, role and state machine that serve every `LightsailCertificate` of a stack.
 *
 * One per stack, whatever the number of certificates: the IAM policy is scoped by region, not by
 * certificate, so it does not grow with the certificates (IAM's inline limit is 10,240 characters).
 */
export class CertificateProvider extends Construct {
  /** The provider of `stack`, made on first use. */
  public static of(scope: Construct): CertificateProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID) as CertificateProvider | undefined;
    return existing ?? new CertificateProvider(stack, PROVIDER_ID);
  }

  /** What custom resources name as their `ServiceToken`. */
  public readonly serviceToken: string;

  private readonly regions = new Set<string>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Creates, tags, waits for and deletes Lightsail certificates',
    });
    logGroup.grantWrite(role);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'CreateAndReadCertificates',
        // The service has no resource type for these two actions: they take only "*".
        actions: ['lightsail:CreateCertificate', 'lightsail:GetCertificates'],
        resources: ['*'],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'TagAndDeleteCertificates',
        // CreateCertificate with tags needs TagResource too. Certificate ARNs end in a generated id,
        // not the name, so nothing narrower than Certificate/* can be known before creation.
        actions: ['lightsail:DeleteCertificate', 'lightsail:TagResource', 'lightsail:UntagResource'],
        resources: Lazy.list({ produce: () => [...this.regions].map(certificateArnPattern) }),
      }),
    );

    const functionProps = { role, logGroup, timeout: Duration.minutes(1), memorySize: 256 };
    const onEvent = new OnEventFunction(this, 'OnEvent', {
      ...functionProps,
      description: 'Lightsail certificate: create, tag, delete',
    });
    const isComplete = new IsCompleteFunction(this, 'IsComplete', {
      ...functionProps,
      description: 'Lightsail certificate: wait for records, ISSUED, detach',
    });

    const provider = new Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: QUERY_INTERVAL,
      totalTimeout: TOTAL_TIMEOUT,
      logGroup,
      waiterStateMachineLogOptions: { destination: logGroup, level: sfn.LogLevel.ERROR },
    });
    this.serviceToken = provider.serviceToken;

    this.acknowledgeFindings();
  }

  /** Lets the role delete and tag certificates in `region`. */
  public allowRegion(region: string): void {
    if (this.regions.has(region)) {
      return;
    }
    this.regions.add(region);
    if (!Token.isUnresolved(region)) {
      this.acknowledge(
        `AwsSolutions-IAM5[Resource::${certificateArnPattern(region).replace(Aws.PARTITION, '<AWS::Partition>').replace(Aws.ACCOUNT_ID, '<AWS::AccountId>')}]`,
        'Certificate ARNs end in an id that Lightsail generates at creation, so deleting and tagging are scoped to the account\'s certificates in the region, the narrowest resource known before creation.',
      );
    }
  }

  /**
   * Acknowledges the cdk-nag AwsSolutions findings that stand on what this construct and
   * aws-cdk-lib's Provider create, through aws-cdk-lib's own `Validations` (so the library does not
   * depend on cdk-nag). Each names the exact finding and says why.
   */
  private acknowledgeFindings(): void {
    this.acknowledge(
      'AwsSolutions-IAM5[Resource::*]',
      'lightsail:CreateCertificate and lightsail:GetCertificates support no resource type, so "*" is the only resource they accept.',
    );
    this.acknowledge(
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'aws-cdk-lib\'s Provider framework functions are given AWSLambdaBasicExecutionRole, which allows writing CloudWatch Logs only.',
    );
    const stack = Stack.of(this);
    for (const fn of this.node.findAll().filter((c): c is lambda.CfnFunction => c instanceof lambda.CfnFunction)) {
      this.acknowledge(
        `AwsSolutions-IAM5[Resource::<${stack.resolve(stack.getLogicalId(fn))}.Arn>:*]`,
        'aws-cdk-lib\'s Provider framework may invoke each of its functions in any version (":*"), and only those functions.',
      );
    }
    this.acknowledge(
      'AwsSolutions-L1',
      'aws-cdk-lib\'s Provider framework chooses the runtime of its own functions; the certificate handlers run on the latest Node.js.',
    );
    this.acknowledge(
      'AwsSolutions-SF1',
      'The Provider\'s waiter state machine only repeats one Lambda call; it logs errors, and logging every polling step would cost more than it tells.',
    );
    this.acknowledge(
      'AwsSolutions-SF2',
      'The Provider\'s waiter state machine only repeats one Lambda call; X-Ray tracing would add cost and no insight.',
    );
  }

  /**
   * Records an acknowledgment under aws-cdk-lib's documented metadata key, which cdk-nag reads.
   * `Validations.acknowledge()` itself refuses finding ids with more than one "::", and cdk-nag's
   * ids contain `<AWS::Partition>` or `<AWS::AccountId>` wherever a policy names an ARN.
   */
  private acknowledge(id: string, reason: string): void {
    this.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
  }
}

/** The ARNs of an account's Lightsail certificates in one region. */
function certificateArnPattern(region: string): string {
  return `arn:${Aws.PARTITION}:lightsail:${region}:${Aws.ACCOUNT_ID}:Certificate/*`;
}
