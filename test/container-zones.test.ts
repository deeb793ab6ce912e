import { CONTAINER_SERVICE_HOSTED_ZONE_IDS } from '../src/private/container-zones';

/**
 * The table as the Lightsail guide "Routing traffic for a domain in Route 53 to an Amazon Lightsail
 * container service" lists it (step 2, "Get the hosted zone IDs for Lightsail container services"):
 * https://docs.aws.amazon.com/lightsail/latest/userguide/amazon-lightsail-route-53-alias-record-for-container-service.html
 * A change here is a change of the published fact, to be checked against that page.
 */
test('the container-service hosted zone ids are the guide\'s, region by region', () => {
  expect(CONTAINER_SERVICE_HOSTED_ZONE_IDS).toEqual({
    'eu-west-2': 'Z0624918ZXDYQZLOXA66',
    'us-east-1': 'Z06246771KYU0IRHI74W4',
    'ap-southeast-1': 'Z0625921354DRJH4EY9V0',
    'eu-west-1': 'Z0624732FELAMMKW3Y21',
    'ap-northeast-1': 'Z0626125UAU4JWQ9JSKN',
    'ap-northeast-2': 'Z06260262XZM84B2WPLHH',
    'ap-east-1': 'Z08783602ZZF1Q7DYQZ4Q',
    'ap-southeast-3': 'Z03072883T5HFTY4T7CDL',
    'ap-southeast-5': 'Z09430204C5DXNNO314Y',
    'ap-south-1': 'Z10460781IQMISS0I0VVY',
    'ap-southeast-2': 'Z09597943PQQZATPFE96E',
    'ca-central-1': 'Z10450993RIRIJJUUMA5W',
    'eu-central-1': 'Z06137433FV04OY4EC6L0',
    'eu-north-1': 'Z016970523TDG2TZMUXKK',
    'eu-west-3': 'Z09594631DSW2QUR7CFGO',
    'eu-south-2': 'Z09429752610EUUODCNMZ',
    'us-east-2': 'Z10362273VJ548563IY84',
    'us-west-2': 'Z0959753D43BBB908BAV',
    'sa-east-1': 'Z06385701RRVJGO1IDVWQ',
  });
});
