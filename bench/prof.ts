import { timeSynth, median } from './synth';
for (const n of [1, 50]) {
  timeSynth('LightsailCertificate', n); timeSynth('CfnCertificate', n);
  const t: number[] = [], c: number[] = [];
  for (let i = 0; i < 7; i++) { t.push(timeSynth('LightsailCertificate', n)); c.push(timeSynth('CfnCertificate', n)); }
  console.log(n, 'L2', median(t).toFixed(1), 'L1', median(c).toFixed(1));
}
