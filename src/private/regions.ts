/** The only region whose certificates Lightsail distributions accept. */
export const DISTRIBUTION_REGION = 'us-east-1';

/**
 * The regions that have a Lightsail endpoint, for the construct's synth warning about a region Lightsail
 * may not serve. Source: botocore 1.44.18 (PyPI), `botocore/data/endpoints.json`, partition `aws`, service
 * `lightsail`. The API model's `RegionName` enum also lists `us-west-1`, which has no endpoint, so the
 * model is not the source. `npm run facts` checks this list against the pinned botocore (`facts/`).
 *
 * A warning, not an error: a region Lightsail opens later works before this list learns of it.
 */
export const LIGHTSAIL_REGIONS: readonly string[] = [
  'ap-east-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3',
  'ap-southeast-5', 'ca-central-1', 'eu-central-1', 'eu-north-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-2',
];
