extension CPrelude {
    /// C twins of the kernels added for TesseraLogProb's densities: the modified Bessel functions
    /// (``Special/i0(_:)``, ``Special/i1(_:)``, ``Special/i0e(_:)``, ``Special/i1e(_:)``, in
    /// Ops/Special/Bessel.swift) and Loader's saddle-point log-probabilities of counts (`SaddlePoint`
    /// in Ops/Random/Discrete.swift; ``PoissonLogPMF``, ``BinomialLogPMF``, ``NegativeBinomialLogPMF``),
    /// step for step and constant for constant, so that Poisson, binomial, negative binomial and von
    /// Mises models run as native code. When you change a Swift kernel, change its twin here.
    static let densities = """
        /* ---- Bessel functions: twins of Sources/Tessera/Ops/Special/Bessel.swift ---- */
        /* Special.besselSeries: I_nu(x), nu in {0, 1}, 0 <= x <= 20 (A&S 9.6.10). */
        static inline double tess_bessel_series(double x, int nu) {
            double y = 0.25 * x * x;
            double term = nu == 0 ? 1.0 : 0.5 * x;
            double sum = term;
            double k = 0.0;
            while (k < 100.0) {
                k += 1.0;
                term *= y / (k * (k + (double)nu));
                sum += term;
                if (term <= 1e-17 * sum) break;
            }
            return sum;
        }
        /* Special.besselAsymptotic: Hankel's expansion (A&S 9.7.1), x > 20. */
        static inline double tess_bessel_asymptotic(double x, int nu) {
            double mu = (double)(4 * nu * nu);
            double term = 1.0, sum = 1.0, k = 1.0;
            while (k < 60.0) {
                double m = 2.0 * k - 1.0;
                term *= (m * m - mu) / (8.0 * k * x);
                sum += term;
                if (fabs(term) < 1e-17 * fabs(sum)) break;
                k += 1.0;
            }
            return sum;
        }
        /* Special.besselExpScaled: e^x / sqrt(2 pi x) without early overflow. */
        static inline double tess_bessel_exp_scaled(double x) {
            double half = exp(0.5 * x);
            return half / sqrt(2.0 * TESS_PI * x) * half;
        }
        static inline double tess_i0(double x) {
            if (isnan(x)) return NAN;
            double a = fabs(x);
            if (a <= 20.0) return tess_bessel_series(a, 0);
            if (a == INFINITY) return INFINITY;
            return tess_bessel_exp_scaled(a) * tess_bessel_asymptotic(a, 0);
        }
        static inline double tess_i1(double x) {
            if (isnan(x)) return NAN;
            double a = fabs(x);
            if (a == INFINITY) return x;
            double v = a <= 20.0 ? tess_bessel_series(a, 1) : tess_bessel_exp_scaled(a) * tess_bessel_asymptotic(a, 1);
            return x < 0.0 ? -v : v;
        }
        static inline double tess_i0e(double x) {
            if (isnan(x)) return NAN;
            double a = fabs(x);
            if (a <= 20.0) return tess_bessel_series(a, 0) * exp(-a);
            return tess_bessel_asymptotic(a, 0) / sqrt(2.0 * TESS_PI * a);
        }
        static inline double tess_i1e(double x) {
            if (isnan(x)) return NAN;
            double a = fabs(x);
            double v = a <= 20.0 ? tess_bessel_series(a, 1) * exp(-a) : tess_bessel_asymptotic(a, 1) / sqrt(2.0 * TESS_PI * a);
            return x < 0.0 ? -v : v;
        }

        /* ---- counts: twins of SaddlePoint (Ops/Random/Discrete.swift) and Ops/Scalar/DiscreteLogPMF.swift ---- */
        static const double tess_small_stirlerr[16] = {
            0, 0.08106146679532725822, 0.041340695955409294094, 0.027677925684998339149,
            0.020790672103765093112, 0.016644691189821192163, 0.013876128823070747999, 0.011896709945891770095,
            0.010411265261972096497, 0.0092554621827127329177, 0.0083305634333628712565, 0.007573675487951840795,
            0.0069428401072095298657, 0.0064089941880042070684, 0.0059513701127588477356, 0.005554733551962801371,
        };
        /* SaddlePoint.stirlingError: log n! - [(n + 1/2) log n - n + log sqrt(2 pi)]. */
        static inline double tess_stirlerr(double n) {
            if (n <= 15.0) {
                if (n >= 1.0 && n == round(n)) return tess_small_stirlerr[(int)n];
                return tess_lgamma(n + 1.0) - (n + 0.5) * log(n) + n - 0.5 * log(2.0 * TESS_PI);
            }
            const double s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680, s4 = 1.0 / 1188;
            double nn = n * n;
            if (n > 500.0) return (s0 - s1 / nn) / n;
            if (n > 80.0) return (s0 - (s1 - s2 / nn) / nn) / n;
            if (n > 35.0) return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
            return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
        }
        /* SaddlePoint.deviance: x log(x/m) + m - x without cancellation (Loader's bd0). */
        static inline double tess_bd0(double x, double m) {
            if (fabs(x - m) < 0.1 * (x + m)) {
                double v = (x - m) / (x + m);
                double s = (x - m) * v;
                double ej = 2.0 * x * v;
                double v2 = v * v;
                double j = 1.0;
                for (;;) {
                    ej *= v2;
                    double next = s + ej / (2.0 * j + 1.0);
                    if (next == s) return s;
                    s = next;
                    j += 1.0;
                }
            }
            return x * log(x / m) + m - x;
        }
        /* SaddlePoint.logBinomial. */
        static inline double tess_saddle_binomial(double k, double n, double p, double q) {
            if (k == 0.0) return n * log(q);
            if (k == n) return n * log(p);
            return tess_stirlerr(n) - tess_stirlerr(k) - tess_stirlerr(n - k) - tess_bd0(k, n * p) - tess_bd0(n - k, n * q)
                + 0.5 * log(n / (2.0 * TESS_PI * k * (n - k)));
        }
        /* PoissonLogPMF. */
        static inline double tess_poisson_logpmf(double k, double mu) {
            if (isnan(k) || isnan(mu) || mu < 0.0) return NAN;
            if (k < 0.0 || k == INFINITY || mu == INFINITY) return -INFINITY;
            if (mu == 0.0) return k == 0.0 ? 0.0 : -INFINITY;
            if (k == 0.0) return -mu;
            return -tess_stirlerr(k) - tess_bd0(k, mu) - 0.5 * log(2.0 * TESS_PI * k);
        }
        /* BinomialLogPMF. */
        static inline double tess_binomial_logpmf(double k, double n, double p) {
            if (isnan(k) || isnan(n) || isnan(p) || !(p >= 0.0 && p <= 1.0) || n < 0.0) return NAN;
            if (k < 0.0 || k > n) return -INFINITY;
            if (k == 0.0) return n == 0.0 ? 0.0 : n * log1p(-p);
            if (k == n) return n * log(p);
            if (p == 0.0 || p == 1.0) return -INFINITY;
            return tess_saddle_binomial(k, n, p, 1.0 - p);
        }
        /* NegativeBinomialLogPMF: n/(n + k) times the binomial probability of n in n + k (R's dnbinom). */
        static inline double tess_nbinom_logpmf(double k, double n, double p) {
            if (isnan(k) || isnan(n) || isnan(p) || !(p >= 0.0 && p <= 1.0) || !(n > 0.0)) return NAN;
            if (k < 0.0 || k == INFINITY) return -INFINITY;
            if (k == 0.0) return n * log(p);
            if (p == 1.0 || p == 0.0 || n == INFINITY) return -INFINITY;
            return log(n / (n + k)) + tess_saddle_binomial(n, n + k, p, 1.0 - p);
        }

        """
}
