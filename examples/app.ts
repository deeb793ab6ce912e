import { App } from 'aws-cdk-lib';
import { TargetsStack } from './targets-stack';
import { EXAMPLE_ENVIRONMENT, WebsiteStack } from './website-stack';

// `cdk synth` (with examples/cdk.json) and the demo both build the app from here.
const app = new App();
new WebsiteStack(app, 'LightsailCertificateDemo', { env: EXAMPLE_ENVIRONMENT });
new TargetsStack(app, 'LightsailCertificateTargets', { env: EXAMPLE_ENVIRONMENT });
app.synth();
