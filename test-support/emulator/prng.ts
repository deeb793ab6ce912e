/**
 * A small seeded pseudo-random generator, so that fault injection "by rate" is reproducible: the same
 * seed and the same sequence of calls inject the same faults on every run.
 */

/** Returns numbers in `[0, 1)`. */
export type Random = () => number;

const MODULUS = 2147483647; // 2^31 - 1, a prime
const MULTIPLIER = 48271;

/**
 * Creates a seeded generator: the Park–Miller "minimal standard" Lehmer generator. Plenty for drawing
 * fault rates, exact in double arithmetic (48271 × 2^31 < 2^53), and needs no bit operators, which
 * the project's lint rules forbid.
 *
 * @param seed any integer; the same seed yields the same sequence.
 */
export function seededRandom(seed: number): Random {
  // The state must lie in [1, MODULUS - 1]; zero would stay zero forever.
  let state = Math.abs(Math.trunc(seed)) % (MODULUS - 1) + 1;
  return () => {
    state = (state * MULTIPLIER) % MODULUS;
    return (state - 1) / (MODULUS - 1);
  };
}
