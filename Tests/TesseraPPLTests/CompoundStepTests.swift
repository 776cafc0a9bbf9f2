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

    /// The talk's user-defined mixture with `CategoricalGibbsMetropolis` named explicitly for the indexes
    /// (PyMC: `step=[pm.NUTS([mus]), pm.CategoricalGibbsMetropolis([idx], proposal="proportional")]`).
    @Test func explicitCategoricalGibbsMetropolisRecoversTheComponents() throws {
        let truth = [0, 1, 0, 1, 1, 0]
        let y = [-3.1, 2.8, -2.9, 3.2, 3.0, -3.3]
        let model = try Model {
            let mus = Normal("mus", mu: 0, sigma: 5, shape: [2], transform: .custom(OrderedTransform()), initval: [-1.0, 1.0])
            let idx = Categorical("idx", p: [0.5, 0.5], shape: [6])
            Normal("y", mu: mus[idx], sigma: 1, observed: y)
        }
        let idata = try sample(model, draws: 400, tune: 400, chains: 2,
                               step: [.nuts, .categoricalGibbsMetropolis(vars: ["idx"])], seed: 4, progressBar: false)
        let idx = idata.posterior["idx"]!
        for i in 0..<6 {
            let draws = stride(from: i, to: idx.count, by: 6).map { idx.doubles[$0] }
            let share = draws.filter { $0 == Double(truth[i]) }.count
            #expect(share > draws.count * 95 / 100, "point \(i): \(share)/\(draws.count) draws on the true component")
        }
    }

    /// Three Bernoulli latents and one observation of `z₀ + 2z₁ − z₂` with noise: `BinaryGibbsMetropolis`
    /// (named, and as the automatic choice) gives the posterior of the eight states computed by enumeration.
    @Test(arguments: [StepMethod.binaryGibbsMetropolis(vars: ["z"]), .nuts])
    func binaryGibbsMetropolisMatchesEnumeration(_ step: StepMethod) throws {
        let prior = [0.3, 0.6, 0.5]
        let (yObserved, sigma) = (1.3, 0.8)
        let model = try Model {
            let z = Bernoulli("z", p: prior)
            Normal("y", mu: z[0] + 2.0 * z[1] - z[2], sigma: sigma, observed: yObserved)
        }
        // Exact posterior over the 8 states.
        var weights = [Double](repeating: 0, count: 8)
        for state in 0..<8 {
            let z = (0..<3).map { Double((state >> $0) & 1) }
            var w = 1.0
            for k in 0..<3 { w *= z[k] == 1 ? prior[k] : 1 - prior[k] }
            let r = (yObserved - (z[0] + 2 * z[1] - z[2])) / sigma
            weights[state] = w * Foundation.exp(-0.5 * r * r)
        }
        let total = weights.reduce(0.0) { $0 + $1 }
        let exact = weights.map { $0 / total }
        let idata = try sample(model, draws: 4000, tune: 200, chains: 2, step: step, seed: 12, progressBar: false)
        let z = idata.posterior["z"]!.doubles
        var counts = [Double](repeating: 0, count: 8)
        for d in 0..<(z.count / 3) {
            counts[Int(z[3 * d]) + 2 * Int(z[3 * d + 1]) + 4 * Int(z[3 * d + 2])] += 1
        }
        let n = Double(z.count / 3)
        for state in 0..<8 {
            // Binomial standard error, inflated ×2 for autocorrelation.
            let se = 2 * (exact[state] * (1 - exact[state]) / n).squareRoot()
            #expect(abs(counts[state] / n - exact[state]) < 4 * se + 1e-3,
                    "\(step.name) state \(state): \(counts[state] / n) vs exact \(exact[state])")
        }
    }

    @Test func stepForAVariableOfTheWrongKindThrows() throws {
        let model = try Model {
            let mus = Normal("mus", mu: 0, sigma: 5, shape: [3])
            let idx = Categorical("idx", p: [0.2, 0.3, 0.5], shape: [4])
            Normal("y", mu: mus[idx], sigma: 1, observed: [0.1, 0.2, 0.3, 0.4])
            Poisson("k", mu: 3)
        }
        func message(_ step: StepMethod) -> String {
            do {
                _ = try sample(model, draws: 5, tune: 5, chains: 1, step: step, seed: 1, progressBar: false)
                return "nothing thrown"
            } catch {
                return "\(error)"
            }
        }
        let continuous = message(.categoricalGibbsMetropolis(vars: ["mus"]))
        #expect(continuous.contains("'mus'") && continuous.contains("continuous"), "\(continuous)")
        let notBinary = message(.binaryGibbsMetropolis(vars: ["idx"]))
        #expect(notBinary.contains("BinaryGibbsMetropolis cannot sample 'idx'") && notBinary.contains("3 categories"), "\(notBinary)")
        let count = message([.nuts, .categoricalGibbsMetropolis(vars: ["k"])])
        #expect(count.contains("cannot sample 'k'") && count.contains("poisson"), "\(count)")
        let unknown = message(.categoricalGibbsMetropolis(vars: ["nope"]))
        #expect(unknown.contains("'nope'") && unknown.contains("not a free variable"), "\(unknown)")
        let twice = message([.nuts, .slice])
        #expect(twice.contains("two methods for the continuous variables"), "\(twice)")
        // A valid explicit assignment samples.
        let idata = try sample(model, draws: 20, tune: 20, chains: 1, step: [.slice, .categoricalGibbsMetropolis(vars: ["idx"])],
                               seed: 1, progressBar: false)
        #expect(idata.posterior["idx"]!.shape == [1, 20, 4])
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

/// `sample`'s arguments are checked, each a thrown error naming what was given.
@Suite struct SampleArgumentTests {
    @Test func badCountsAreErrors() throws {
        let m = try Model { Normal("x", mu: 0, sigma: 1) }
        for (draws, tune, chains) in [(0, 10, 1), (10, -1, 1), (10, 10, 0)] {
            expectThrows("draws and chains must be ≥ 1 and tune ≥ 0 (got draws \(draws), tune \(tune), chains \(chains))") {
                _ = try sample(m, draws: draws, tune: tune, chains: chains, seed: 1, progressBar: false)
            }
        }
    }
}
