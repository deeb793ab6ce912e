/**
 * The policies the README's "Hosted zone in another account" gives the DNS account's role: the facts check
 * holds them to IAM's reference (test/facts/claims.ts), and the lifecycle tests deploy with them
 * (test/lifecycle/other-account-records.test.ts), so the README's policy is the one both check.
 */

/** The DNS account role's trust policy, as the README shows it, for the workload account. */
export function dnsAccountTrustPolicy(workloadAccount = '123456789012') {
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${workloadAccount}:root` },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'cdk-lightsail-certificate' } },
    }],
  };
}

/** The DNS account role's permissions, as the README shows them: validation records, the served names' aliases, reads. */
export function dnsAccountPermissions(zoneId: string, servedNames: string[]) {
  const zone = `arn:aws:route53:::hostedzone/${zoneId}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ValidationRecords',
        Effect: 'Allow',
        Action: 'route53:ChangeResourceRecordSets',
        Resource: zone,
        Condition: {
          'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME', 'TXT'] },
          'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['_*'] },
        },
      },
      {
        Sid: 'ServingRecords',
        Effect: 'Allow',
        Action: 'route53:ChangeResourceRecordSets',
        Resource: zone,
        Condition: {
          'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'AAAA'] },
          'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': servedNames },
        },
      },
      { Sid: 'ReadRecords', Effect: 'Allow', Action: 'route53:ListResourceRecordSets', Resource: zone },
      { Sid: 'WaitForChanges', Effect: 'Allow', Action: 'route53:GetChange', Resource: 'arn:aws:route53:::change/*' },
    ],
  };
}
