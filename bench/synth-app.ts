import { buildStack, synthTemplate, Subject } from './synth';

// One `cdk synth` as a user runs it: a fresh process that loads aws-cdk-lib, builds the app and
// writes the cloud assembly. Usage: synth-app <LightsailCertificate|CfnCertificate> <count>
const [subject, count] = process.argv.slice(2);
synthTemplate(buildStack(subject as Subject, Number(count)));
