import Foundation
import Testing
@testable import TesseraPPL
import TesseraTestSupport

@Suite struct CompoundStepTests {
    /// The talk's mixture with latent component indexes: Gibbs steps on the indexes, NUTS on the means.
    @Test func categoricalGibbsRecoversTheComponents() throws {
        let truth = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0]
        let y = truth.enumerated().map { i, k in (k == 0 ? -3.0 : 3.0) + 0.3 * sin(Double(i)) }
        let model = try Model {
            let mus = Normal("mus", mu: 0, sigma: 5, shape: [2], transform: .custom(OrderedTransform()), initval: [-1.0, 1.0])
            let idx = Categorical("idx", p: [0.5, 0.5], shape: [10])
            Normal("y", mu: mus[idx], sigma: 1, observed: y)
        }
        let idata = try sample(model, draws: 300, tune: 300, chains: 2, seed: 3, progressBar: false)
        let idx = idata.posterior["idx"]!
        #expect(idx.shape == [2, 300, 10])
        for i in 0..<10 {
            let draws = stride(from: i, to: idx.count, by: 10).map { idx.doubles[$0] }
            let share = draws.filter { $0 == Double(truth[i]) }.count
            #expect(share > draws.count * 9 / 10, "point \(i): \(share)/\(draws.count) draws on the true component")
        }
        let mus = idata.posterior["mus"]!.doubles
        let m0 = stride(from: 0, to: mus.count, by: 2).map { mus[$0] }
        #expect(abs(m0.reduce(0.0) { $0 + $1 } / Double(m0.count) - (-3)) < 0.5)
    }

    @Test func poissonCountByMetropolis() throws {
        // A count with a Poisson(4) prior and no data: Metropolis ±1 steps must give its prior mean.
        let model = try Model { Poisson("k", mu: 4) }
        let idata = try sample(model, draws: 3000, tune: 200, chains: 2, seed: 5, progressBar: false)
        let k = idata.posterior["k"]!.doubles
        let m = k.reduce(0.0) { $0 + $1 } / Double(k.count)
        #expect(abs(m - 4) < 0.4, "mean \(m)")
    }
}
