import Foundation
import Testing
@testable import TesseraPPL
import TesseraTestSupport

@Suite struct ModelComparisonTests {
    @Test func looAndWAICMatchArviZ() throws {
        let f = try Fixture.load("loo") as! [String: Any]
        let shape = (f["shape"] as! [Any]).map { ($0 as! NSNumber).intValue }
        let mu = try NDArray(shape: [shape[0], shape[1]], elements: (f["mu"] as! [Any]).map(Fixture.double))
        let ll = try NDArray(shape: shape, elements: (f["ll"] as! [Any]).map(Fixture.double))
        let idata = InferenceData(posterior: try Dataset(samples: ["mu": mu]), logLikelihood: try Dataset(samples: ["y": ll]))
        let l = try loo(idata), w = try waic(idata)
        let rl = f["loo"] as! [String: Any], rw = f["waic"] as! [String: Any]
        #expect(abs(l.elpd - Fixture.double(rl["elpd"]!)) < 1e-9 * abs(l.elpd), "\(l.elpd)")
        #expect(abs(l.se - Fixture.double(rl["se"]!)) < 1e-9 * l.se)
        #expect(abs(l.p - Fixture.double(rl["p"]!)) < 1e-8)
        let ks = (rl["pareto_k"] as! [Any]).map(Fixture.double)
        for (a, b) in zip(l.paretoK, ks) { #expect(abs(a - b) < 1e-9, "k \(a) vs \(b)") }
        #expect(abs(w.elpd - Fixture.double(rw["elpd"]!)) < 1e-10 * abs(w.elpd))
        #expect(abs(w.se - Fixture.double(rw["se"]!)) < 1e-9 * w.se)
        #expect(abs(w.p - Fixture.double(rw["p"]!)) < 1e-10)
    }

    @Test func logLikelihoodGroupFromAModel() throws {
        let model = try talkModel()
        let idata = try computeLogLikelihood(model, try sample(model, draws: 50, tune: 50, chains: 2, seed: 4, progressBar: false))
        let ll = idata.logLikelihood["y"]!
        #expect(ll.shape == [2, 50, 3])
        // Check one entry by hand: norm(mu, exp(log_sigma)).logpdf(3).
        let mu = idata.posterior["mu"]!.doubles[0], ls = idata.posterior["log_sigma"]!.doubles[0]
        let s = Foundation.exp(ls)
        let expected = -0.5 * pow((3 - mu) / s, 2) - Foundation.log(s) - 0.5 * Foundation.log(2 * Double.pi)
        #expect(abs(ll.doubles[0] - expected) < 1e-12)
        #expect(try loo(idata).nDataPoints == 3)
    }
}
