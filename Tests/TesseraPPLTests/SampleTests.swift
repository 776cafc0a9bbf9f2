import Foundation
import Testing
@testable import TesseraPPL
import TesseraTestSupport

@Suite struct SampleTests {
    @Test func talkModelPosteriorMatchesQuadrature() throws {
        let idata = try sample(try talkModel(), draws: 1000, tune: 1000, chains: 4, seed: 1, progressBar: false)
        #expect(idata.posterior["mu"]!.shape == [4, 1000])
        let reference = try Fixture.load("talk_posterior") as! [String: [String: Double]]
        let table = try summary(idata)
        let ess = try TesseraPPL.ess(idata)
        for name in ["mu", "log_sigma"] {
            let draws = idata.posterior[name]!.doubles
            let m = draws.reduce(0, +) / Double(draws.count)
            let sd = (draws.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(draws.count - 1)).squareRoot()
            let e = ess[name]!.doubles[0]
            let z = (m - reference[name]!["mean"]!) / (sd / e.squareRoot())
            #expect(abs(z) < 4, "\(name): mean \(m) vs \(reference[name]!["mean"]!), z = \(z)")
            #expect(abs(sd / reference[name]!["sd"]! - 1) < 0.1, "\(name): sd \(sd) vs \(reference[name]!["sd"]!)")
        }
        #expect(table.description.contains("r_hat"))
        let stats = idata.sampleStats
        for key in ["lp", "acceptance_rate", "step_size", "step_size_bar", "tree_depth", "n_steps", "diverging",
                    "energy", "energy_error", "max_energy_error"] {
            #expect(stats[key]?.shape == [4, 1000], "\(key)")
        }
        #expect(idata.observedData["y"]?.doubles == [3, 4, 5])
    }

    @Test func predictiveGroups() throws {
        let model = try talkModel()
        let prior = try samplePriorPredictive(model, draws: 50, seed: 2)
        #expect(prior.prior["mu"]?.shape == [1, 50])
        #expect(prior.priorPredictive["y"]?.shape == [1, 50, 3])
        let trace = try sample(model, draws: 30, tune: 30, chains: 2, seed: 3, progressBar: false)
        let ppc = try samplePosteriorPredictive(model, trace, seed: 4)
        #expect(ppc.posteriorPredictive["y"]?.shape == [2, 30, 3])
    }

    @Test func deterministicsAndDims() throws {
        let model = try Model(coords: ["obs": ["a", "b", "c"]]) {
            let mu = Normal("mu", mu: 0, sigma: 1)
            Deterministic("twice", 2.0 * mu)
            Normal("y", mu: mu, sigma: 1, observed: [0.1, -0.3, 0.5], dims: ["obs"])
        }
        let idata = try sample(model, draws: 100, tune: 100, chains: 2, seed: 5, progressBar: false)
        let mu = idata.posterior["mu"]!.doubles, twice = idata.posterior["twice"]!.doubles
        #expect(zip(mu, twice).allSatisfy { abs(2 * $0 - $1) < 1e-12 })
        #expect(idata.observedData.dims(of: "y") == ["obs"])
    }

    @Test func keepsWarmupWhenAsked() throws {
        let idata = try sample(try talkModel(), draws: 20, tune: 30, chains: 1, seed: 6, progressBar: false,
                               discardTunedSamples: false)
        #expect(idata.warmupPosterior["mu"]?.shape == [1, 30])
    }

    @Test func badStartIsAClearError() throws {
        let model = try Model {
            let s = HalfNormal("s", sigma: 1)
            Normal("y", mu: 0, sigma: s - 10.0, observed: [1.0])
        }
        do {
            _ = try sample(model, draws: 10, tune: 10, chains: 1, seed: 1, progressBar: false)
            Issue.record("expected an error")
        } catch let e as ModelError {
            #expect("\(e)".contains("'y'"))
        }
    }
}
