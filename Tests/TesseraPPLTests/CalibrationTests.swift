import Foundation
import Testing
@testable import TesseraPPL
import TesseraTestSupport

/// Simulation-based calibration (Talts et al. 2018) on a small hierarchical model: parameters drawn from
/// the prior, data simulated from them, the posterior sampled; the rank of each true value among thinned
/// posterior draws must be uniform (chi-square over equal bins).
@Suite struct CalibrationTests {
    @Test func ranksAreUniform() throws {
        let replications = 120, kept = 19  // ranks 0…19 → 20 values, 5 bins of 4
        var ranks: [String: [Int]] = ["mu": [], "tau": []]
        var rng = RandomState(seed: 2026)
        for r in 0..<replications {
            // Prior draw and simulated data: mu ~ N(0, 1), tau ~ HalfNormal(1), theta_j ~ N(mu, tau), y_j ~ N(theta_j, 1).
            let mu = NormalDistribution.standard(&rng)
            let tau = abs(NormalDistribution.standard(&rng))
            let y = (0..<4).map { _ in mu + tau * NormalDistribution.standard(&rng) + NormalDistribution.standard(&rng) }
            let model = try Model {
                let m = Normal("mu", mu: 0, sigma: 1)
                let t = HalfNormal("tau", sigma: 1)
                let z = Normal("z", mu: 0, sigma: 1, shape: [4])
                Normal("y", mu: m + t * z, sigma: 1, observed: y)
            }
            let idata = try sample(model, draws: 400, tune: 300, chains: 1, targetAccept: 0.9, seed: UInt64(r + 1),
                                   progressBar: false)
            for (name, truth) in [("mu", mu), ("tau", tau)] {
                let draws = idata.posterior[name]!.doubles
                let thinned = stride(from: 0, to: draws.count, by: draws.count / kept).prefix(kept).map { draws[$0] }
                ranks[name]!.append(thinned.filter { $0 < truth }.count)
            }
        }
        for (name, rs) in ranks {
            let bins = 5
            var counts = [Int](repeating: 0, count: bins)
            for r in rs { counts[min(bins - 1, r * bins / (kept + 1))] += 1 }
            let expected = Double(rs.count) / Double(bins)
            let chi2 = counts.reduce(0.0) { $0 + pow(Double($1) - expected, 2) / expected }
            // Chi-square with 4 degrees of freedom: P(χ² > 18.47) = 0.001.
            #expect(chi2 < 18.47, "\(name): rank counts \(counts), chi-square \(chi2)")
        }
    }
}
