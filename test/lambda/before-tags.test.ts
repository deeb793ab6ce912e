import { beforeKeyStem, beforeTags, readBefore } from '../../lambda/before-tags';

describe('beforeKeyStem', () => {
  test('names the kind and the target', () => {
    expect(beforeKeyStem('distribution', 'shop')).toBe('cdk-lightsail-certificate:before:distribution:shop');
    expect(beforeKeyStem('container-service', 'app')).toBe('cdk-lightsail-certificate:before:container-service:app');
  });

  test('a name too long for a 128-character key is hashed, and each key of its record fits', () => {
    const stem = beforeKeyStem('distribution', 'd'.repeat(120));
    expect(stem).toMatch(/^cdk-lightsail-certificate:before:distribution:sha256-[0-9a-f]{32}$/);
    expect(beforeKeyStem('distribution', 'e'.repeat(120))).not.toBe(stem);
    expect(Object.keys(beforeTags(stem, ['a', 'b', 'c', 'd'], 'lightsail-container-service-certificate:eu-west-1:app:site:a,b,c,d')).every((key) => key.length <= 128)).toBe(true);
  });

  test('the longest container service name (63 characters) is kept as it is', () => {
    expect(beforeKeyStem('container-service', 'c'.repeat(63))).toBe(`cdk-lightsail-certificate:before:container-service:${'c'.repeat(63)}`);
  });
});

describe('readBefore', () => {
  const stem = 'cdk-lightsail-certificate:before:container-service:app';

  test('reads what beforeTags wrote, in order', () => {
    const values = ['a.example.com', 'b.example.com', 'c.example.com', 'd.example.com', 'e', 'f', 'g', 'h', 'i', 'j', 'k'];
    expect(readBefore({ ...beforeTags(stem, values), other: 'x' }, stem)).toEqual(values);
  });

  test('a record of nothing is an empty list; no record is undefined', () => {
    expect(readBefore(beforeTags(stem, []), stem)).toEqual([]);
    expect(readBefore({}, stem)).toBeUndefined();
  });

  test('keys of another target that starts with the same name are not read', () => {
    expect(readBefore({ [stem]: '0', ...beforeTags(`${stem}2`, ['x.example.com']) }, stem)).toEqual([]);
  });
});
