package io.ringcache.bench;

import java.util.SplittableRandom;

/**
 * Picks key indexes 0..n-1: uniformly, or Zipf-distributed (exponent 0.99, as YCSB uses) so
 * a few keys are hot. The Zipf sampler is the rejection-inversion method of Hörmann and
 * Derflinger: constant time and memory per sample for any n. The popular ranks are scattered
 * over the key space by a fixed permutation, so hot keys do not share one owner.
 */
abstract class KeyChooser {

    static KeyChooser of(Workload.Distribution distribution, int keys) {
        return distribution == Workload.Distribution.UNIFORM ? new Uniform(keys) : new Zipfian(keys, 0.99);
    }

    /** Not thread-safe: give each thread its own random source. */
    abstract int next(SplittableRandom random);

    private static final class Uniform extends KeyChooser {
        private final int keys;

        Uniform(int keys) {
            this.keys = keys;
        }

        @Override
        int next(SplittableRandom random) {
            return random.nextInt(keys);
        }
    }

    static final class Zipfian extends KeyChooser {
        private final int keys;
        private final double exponent;
        private final double hIntegralX1;
        private final double hIntegralN;
        private final double s;

        Zipfian(int keys, double exponent) {
            this.keys = keys;
            this.exponent = exponent;
            this.hIntegralX1 = hIntegral(1.5) - 1;
            this.hIntegralN = hIntegral(keys + 0.5);
            this.s = 2 - hIntegralInverse(hIntegral(2.5) - h(2));
        }

        @Override
        int next(SplittableRandom random) {
            return scatter(rank(random) - 1);
        }

        /** A rank 1..n, rank k with probability proportional to 1 / k^exponent. */
        int rank(SplittableRandom random) {
            while (true) {
                double u = hIntegralN + random.nextDouble() * (hIntegralX1 - hIntegralN);
                double x = hIntegralInverse(u);
                int k = (int) (x + 0.5);
                if (k < 1) {
                    k = 1;
                } else if (k > keys) {
                    k = keys;
                }
                if (k - x <= s || u >= hIntegral(k + 0.5) - h(k)) {
                    return k;
                }
            }
        }

        private int scatter(int rank) {
            // A multiplicative permutation of 0..n-1 (the multiplier is a large prime).
            return (int) ((rank * 2_654_435_761L) % keys);
        }

        private double h(double x) {
            return Math.exp(-exponent * Math.log(x));
        }

        private double hIntegral(double x) {
            double logX = Math.log(x);
            return helper2((1 - exponent) * logX) * logX;
        }

        private double hIntegralInverse(double x) {
            double t = x * (1 - exponent);
            if (t < -1) {
                t = -1;
            }
            return Math.exp(helper1(t) * x);
        }

        /** log(1 + x) / x, accurate near 0. */
        private static double helper1(double x) {
            return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x));
        }

        /** (exp(x) - 1) / x, accurate near 0. */
        private static double helper2(double x) {
            return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + x * (1.0 / 3) * (1 + 0.25 * x));
        }
    }
}
