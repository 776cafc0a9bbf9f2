import Foundation
import Testing
@testable import TesseraPPL
import TesseraTestSupport

@Suite struct PredictiveTests {
    @Test func priorPredictiveShapesAndMoments() throws {
        let model = try talkModel()
        let (prior, predictive) = try ForwardSampling.prior(model, draws: 20000, varNames: nil, seed: 1)
        #expect(prior["mu"]!.shape == [1, 20000])
        #expect(predictive["y"]!.shape == [1, 20000, 3])
        // Exact prior: mu, log_sigma ~ N(0, 1); y ~ N(mu, e^log_sigma): E y = 0, Var y = 1 + E e^(2 ls) = 1 + e².
        expectMoments(prior["mu"]!.doubles, mean: 0, variance: 1)
        // Jointly with the prior draws: (y - mu) / e^log_sigma is exactly standard normal.
        let mu = prior["mu"]!.doubles, ls = prior["log_sigma"]!.doubles, y = predictive["y"]!.doubles
        let z = (0..<20000).map { (y[3 * $0 + 1] - mu[$0]) / Foundation.exp(ls[$0]) }
        expectKolmogorovSmirnov(z, cdf: { 0.5 * erfc(-$0 / 2.0.squareRoot()) })
    }

    @Test func posteriorPredictiveAtGivenDraws() throws {
        let model = try talkModel()
        // The talk: mu = [5, 12], log_sigma = [-2, 1] (one chain of two draws), many repeats by tiling.
        let reps = 4000
        let mu = try NDArray(shape: [1, 2 * reps], elements: (0..<reps).flatMap { _ in [5.0, 12.0] })
        let ls = try NDArray(shape: [1, 2 * reps], elements: (0..<reps).flatMap { _ in [-2.0, 1.0] })
        let ppc = try ForwardSampling.posteriorPredictive(model, posterior: ["mu": mu, "log_sigma": ls], varNames: nil, seed: 2)
        let y = ppc["y"]!
        #expect(y.shape == [1, 2 * reps, 3])
        for (k, (m, s)) in [(5.0, Foundation.exp(-2.0)), (12.0, Foundation.exp(1.0))].enumerated() {
            var xs: [Double] = []
            for d in stride(from: k, to: 2 * reps, by: 2) { xs.append(contentsOf: y.doubles[(d * 3)..<(d * 3 + 3)]) }
            expectMoments(xs, mean: m, variance: s * s)
        }
    }

    @Test func errors() throws {
        let model = try talkModel()
        #expect(throws: ModelError.self) { _ = try ForwardSampling.prior(model, draws: 2, varNames: ["nope"], seed: 1) }
        #expect(throws: ModelError.self) {
            _ = try ForwardSampling.posteriorPredictive(model, posterior: ["mu": NDArray.zeros([1, 2])], varNames: nil, seed: 1)
        }
    }
}
