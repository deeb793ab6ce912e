import { App } from 'aws-cdk-lib';
import { WebsiteStack } from './website-stack';

// `cdk synth` (with examples/cdk.json) and the demo both build the app from here.
const app = new App();
new WebsiteStack(app, 'LightsailCertificateDemo', { env: { account: '123456789012', region: 'eu-west-1' } });
app.synth();
