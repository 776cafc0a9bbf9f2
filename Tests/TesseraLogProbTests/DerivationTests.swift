import Foundation
import Testing
import TesseraLogProb
import TesseraTestSupport

/// The talk's AePPL derivations against SciPy (Scripts/fixtures/logprob.py).
@Suite struct DerivationTests {
    let fixture: [String: Any]
    init() throws { fixture = try Fixture.load("logprob") as! [String: Any] }

    func pair(_ key: String, _ field: String = "logp") throws -> (NDArray, NDArray) {
        let c = fixture[key] as! [String: Any]
        return (try NDArray((c["value"] as! [Any]).map(Fixture.double)), try NDArray((c[field] as! [Any]).map(Fixture.double)))
    }

    @Test func normalAtZero() throws {
        let x = Random.normal(0.0, 1.0)
        expectClose(try logp(x, 0.0).eval(), NDArray(Fixture.double(fixture["normal_at_0"]!)), rtol: 1e-15)
    }

    @Test func talkModelJoint() throws {
        let mu = Random.normal(0.0, 1.0, name: "mu")
        let logSigma = Random.normal(0.0, 1.0, name: "log_sigma")
        let y = Random.normal(mu, exp(logSigma), size: [3], name: "y")
        let (mv, lv) = (scalar("mu_vv"), scalar("log_sigma_vv"))
        let yv: Variable = [3.0, 4.0, 5.0]
        let lp = try jointLogProb([mu: mv, logSigma: lv, y: yv])
        expectClose(try lp.eval([mv: 0.5, lv: 0.3]), NDArray(Fixture.double(fixture["talk_model"]!)), rtol: 1e-14)
        // The terms, one per value variable, elementwise.
        let terms = try factorizedJointLogProb([mu: mv, logSigma: lv, y: yv])
        #expect(terms.count == 3)
        #expect(try terms[yv]!.eval([mv: 0.5, lv: 0.3]).shape == [3])
    }

    @Test func expOfNormalIsLogNormal() throws {
        let (v, expected) = try pair("lognormal")
        let x = exp(Random.normal(0.0, 1.0, size: [5]))
        let xv = vector("x_vv")
        expectClose(try logp(x, xv).eval([xv: v]), expected, rtol: 1e-13)
    }

    @Test func affineChains() throws {
        let (v, expected) = try pair("affine")
        let xv = vector("x_vv")
        expectClose(try logp(2.0 * Random.normal(0.0, 1.0, size: [5]) + 1.0, xv).eval([xv: v]), expected, rtol: 1e-13)
        let (v2, e2) = try pair("scaled_div")
        expectClose(try logp(Random.normal(0.0, 1.0, size: [5]) / 4.0, xv).eval([xv: v2]), e2, rtol: 1e-13)
        expectClose(try logp(-(-Random.normal(0.0, 1.0, size: [5]) / 4.0), xv).eval([xv: v2]), e2, rtol: 1e-13)
    }

    @Test func cumsumIsARandomWalk() throws {
        let (v, expected) = try pair("cumsum")
        let walk = cumsum(Random.normal(0.0, 1.0, size: [10]))
        let wv = vector("w_vv")
        expectClose(try logp(walk, wv).eval([wv: v]), expected, rtol: 1e-14)
    }

    @Test func concatenationIsPiecewise() throws {
        let (v, expected) = try pair("concatenate")
        let x = concatenate([Random.normal(0.0, 1.0, size: [3]), Random.normal(0.0, 2.0, size: [4])])
        let xv = vector("x_vv")
        expectClose(try logp(x, xv).eval([xv: v]), expected, rtol: 1e-14)
    }

    @Test func randomWalkWithLogNormalStart() throws {
        let (v, expected) = try pair("random_walk_lognormal_init")
        let start = exp(Random.normal(0.0, 1.0))
        let walk = cumsum(concatenate([expandDims(start, axis: 0), Random.normal(0.0, 1.0, size: [4])]))
        let wv = vector("w_vv")
        expectClose(try logp(walk, wv).eval([wv: v]), expected, rtol: 1e-13)
    }

    @Test func normalLogCDFInTheTail() throws {
        let (v, expected) = try pair("normal_logcdf", "logcdf")
        let xv = vector("x_vv")
        expectClose(try logcdf(Random.normal(0.0, 1.0, size: [5]), xv).eval([xv: v]), expected, rtol: 1e-10)
        // The gradient stays finite in both tails and matches finite differences.
        let x = scalar("x")
        for at in [-30.0, -3.0, -0.5, 0.5, 6.0] {
            try checkGradient([x], at: [NDArray(at)], rtol: 1e-5) { v in try! logcdf(Random.normal(0.0, 1.0), v[0]) }
        }
    }

    @Test func errorsNameTheVariable() throws {
        let mu = Random.normal(0.0, 1.0, name: "mu")
        let y = Random.normal(mu, 1.0, name: "y")
        let yv = scalar("y_vv")
        do {
            _ = try factorizedJointLogProb([y: yv])
            Issue.record("expected an error for the unvalued mu")
        } catch let e as LogProbError {
            #expect("\(e)".contains("'mu'"))
        }
        let a = Random.normal(0.0, 1.0), b = Random.normal(0.0, 1.0)
        #expect(throws: LogProbError.self) { _ = try logp(a + b, 0.0) }
        #expect(throws: LogProbError.self) { _ = try logp(scalar("z"), 0.0) }
    }

    @Test func invalidParametersGiveMinusInfinityOrAnError() throws {
        let s = scalar("s")
        let x = Random.normal(0.0, s)
        #expect(try logp(x, 0.5).eval([s: -1.0]).doubles == [-.infinity])
        // Scoped to this task: a process-wide switch would race with suites running in parallel.
        let strict = try LogProbConfig.$scopedParameterChecks.withValue(.raise) { try logp(Random.normal(0.0, s), 0.5) }
        do {
            _ = try strict.eval([s: -1.0])
            Issue.record("expected a parameter error")
        } catch let e as TesseraError {
            #expect(e.message.contains("sigma > 0"))
        }
    }
}

@Suite struct CensoringAndRoundingTests {
    let fixture: [String: Any]
    init() throws { fixture = try Fixture.load("logprob") as! [String: Any] }

    func pair(_ key: String) throws -> (NDArray, NDArray) {
        let c = fixture[key] as! [String: Any]
        return (try NDArray((c["value"] as! [Any]).map(Fixture.double)), try NDArray((c["logp"] as! [Any]).map(Fixture.double)))
    }

    @Test func clipIsCensoring() throws {
        let (v, expected) = try pair("censored")
        let y = clip(Random.normal(0.3, 1.2, size: [7]), -1.0, 1.5)
        let yv = vector("y_vv")
        expectClose(try logp(y, yv).eval([yv: v]), expected, rtol: 1e-12)
    }

    @Test func roundingIsDiscretisation() throws {
        let kv = vector("k_vv")
        for (name, op) in [("round", { (x: Variable) in round(x) }), ("floor", { floor($0) }), ("ceil", { ceil($0) })] {
            let (v, expected) = try pair(name)
            expectClose(try logp(op(Random.normal(0.3, 1.2, size: [4])), kv).eval([kv: v]), expected, rtol: 1e-11, name)
        }
    }
}

@Suite struct MoreDerivationTests {
    let fixture: [String: Any]
    init() throws { fixture = try Fixture.load("logprob") as! [String: Any] }
    func numbers(_ key: String, _ field: String) -> [Double] {
        ((fixture[key] as! [String: Any])[field] as! [Any]).map(Fixture.double)
    }

    @Test func expOfBetaAndSigmoidOfNormal() throws {
        let v = vector("v")
        expectClose(try logp(exp(Random.beta(2.0, 3.0, size: [4])), v).eval([v: numbers("exp_beta", "value")]),
                    try NDArray(numbers("exp_beta", "logp")), rtol: 1e-12)
        expectClose(try logp(sigmoid(Random.normal(0.0, 1.0, size: [3])), v).eval([v: numbers("sigmoid_normal", "value")]),
                    try NDArray(numbers("sigmoid_normal", "logp")), rtol: 1e-12)
    }

    @Test func factorizedWalkWithARandomDrift() throws {
        let drift = -Random.exponential(1.0)
        let walk = cumsum(Random.normal(drift, 1.0, size: [5]))
        let dv = scalar("drift_vv"), wv = vector("walk_vv")
        let terms = try factorizedJointLogProb([drift: dv, walk: wv])
        let c = fixture["drift_walk"] as! [String: Any]
        let at: [Variable: any NDArrayConvertible] = [dv: Fixture.double(c["drift"]!), wv: numbers("drift_walk", "value")]
        expectClose(try terms[dv]!.eval(at), NDArray(Fixture.double(c["drift_logp"]!)), rtol: 1e-14)
        expectClose(try terms[wv]!.eval(at), try NDArray(numbers("drift_walk", "logp")), rtol: 1e-13)
    }
}

@Suite struct MixtureDerivationTests {
    @Test func threeComponentsByACategoricalIndex() throws {
        let fixture = try Fixture.load("logprob") as! [String: Any]
        let c = fixture["mixture3"] as! [String: Any]
        let values = (c["value"] as! [Any]).map(Fixture.double)
        let w: Variable = [0.2, 0.5, 0.3]
        let index = Random.categorical(w, size: [4], name: "k")
        let stacked = stack([Random.normal(-2.0, 1.0, size: [4]), Random.normal(0.0, 0.5, size: [4]),
                             Random.normal(3.0, 2.0, size: [4])])
        let x = subtensor(stacked, [.tensor(index), .tensor(constant(NDArray(uncheckedShapeInts: [0, 1, 2, 3])))])
        let xv = vector("x_vv")
        // Marginalised over the index.
        expectClose(try logp(x, xv).eval([xv: values]), try NDArray((c["logp"] as! [Any]).map(Fixture.double)), rtol: 1e-12)
        // Conditioned on a valued index.
        let kv = vector("k_vv", dtype: .int64)
        let terms = try factorizedJointLogProb([x: xv, index: kv])
        let given = (c["given_index"] as! [Any]).map { ($0 as! NSNumber).intValue }
        expectClose(try terms[xv]!.eval([xv: values, kv: given]),
                    try NDArray((c["logp_given"] as! [Any]).map(Fixture.double)), rtol: 1e-12)
    }
}

@Suite struct SwitchMixtureTests {
    @Test func bernoulliSwitchIsAMixture() throws {
        let fixture = try Fixture.load("logprob") as! [String: Any]
        let c = fixture["switch_mixture"] as! [String: Any]
        let values = (c["value"] as! [Any]).map(Fixture.double)
        let flag = Random.bernoulli(0.3, size: [3])
        let x = `where`(flag, Random.normal(2.0, 1.0, size: [3]), Random.normal(-1.0, 0.5, size: [3]))
        let xv = vector("x_vv")
        expectClose(try logp(x, xv).eval([xv: values]), try NDArray((c["logp"] as! [Any]).map(Fixture.double)), rtol: 1e-12)
        // Valued condition: the chosen branch.
        let fv = vector("f_vv", dtype: .int64)
        let terms = try factorizedJointLogProb([x: xv, flag: fv])
        let chosen = try terms[xv]!.eval([xv: values, fv: [1, 0, 1]]).doubles
        let lnorm = { (v: Double, m: Double, s: Double) in -0.5 * pow((v - m) / s, 2) - Foundation.log(s) - 0.5 * Foundation.log(2 * Double.pi) }
        let expected = [lnorm(values[0], 2, 1), lnorm(values[1], -1, 0.5), lnorm(values[2], 2, 1)]
        for (a, b) in zip(chosen, expected) { #expect(abs(a - b) < 1e-12) }
    }
}

@Suite struct ScanDerivationTests {
    @Test func ar1ThroughTheLoopConstruct() throws {
        let rho = Random.uniform(-1.0, 1.0, name: "rho")
        let sigma: Variable = 0.5
        let x = scan(steps: 5, initial: 0.0) { prev in Random.normal(rho * prev, sigma) }
        let rv = scalar("rho_vv"), xv = vector("x_vv")
        let terms = try factorizedJointLogProb([rho: rv, x: xv])
        let values: [Double] = [0.3, 0.5, 0.1, -0.2, 0.4]
        let r = 0.6
        func lnorm(_ v: Double, _ m: Double, _ s: Double) -> Double {
            -0.5 * pow((v - m) / s, 2) - Foundation.log(s) - 0.5 * Foundation.log(2 * Double.pi)
        }
        var previous = 0.0
        var expected: [Double] = []
        for v in values { expected.append(lnorm(v, r * previous, 0.5)); previous = v }
        expectClose(try terms[xv]!.eval([rv: r, xv: values]), try NDArray(expected), rtol: 1e-13)
        expectClose(try terms[rv]!.eval([rv: r]), NDArray(-Foundation.log(2.0)), rtol: 1e-14)
    }

    @Test func forwardDrawsFollowTheRecursion() throws {
        let x = scan(steps: 2000, initial: 0.0) { prev in Random.normal(0.8 * prev, 1.0) }
        let d = try draw(x, draws: 1, seed: 5).doubles
        let m = d.reduce(0.0) { $0 + $1 } / Double(d.count)
        var num = 0.0, den = 0.0
        for i in 1..<d.count { num += (d[i] - m) * (d[i - 1] - m) }
        for v in d { den += (v - m) * (v - m) }
        #expect(abs(num / den - 0.8) < 0.06, "lag-1 autocorrelation \(num / den)")
    }
}

/// A Bernoulli given log-odds (`p = sigmoid(eta)`) uses `k·eta − softplus(eta)`: exact where the
/// probability itself rounds to 0 or 1 (SciPy's `log_expit`, Scripts/fixtures/logprob.py).
@Suite struct BernoulliLogitTests {
    @Test func logOddsFormAgainstSciPy() throws {
        let c = try Fixture.load("logprob") as! [String: Any]
        let case_ = c["bernoulli_logit"] as! [String: Any]
        let k = try NDArray((case_["value"] as! [Any]).map(Fixture.double))
        let eta = try NDArray((case_["eta"] as! [Any]).map(Fixture.double))
        let expected = try NDArray((case_["logp"] as! [Any]).map(Fixture.double))
        let e = vector("eta")
        let y = Random.bernoulli(sigmoid(e), size: [k.count])
        let kv = vector("k")
        expectClose(try logp(y, kv).eval([e: eta, kv: k]), expected, rtol: 1e-14)
        try checkGradient([e], at: [try NDArray([-3.0, 0.5, 2.0])]) { v in
            sum(try! logp(Random.bernoulli(sigmoid(v[0]), size: [3]), [1.0, 0.0, 1.0]))
        }
    }
}

/// A binomial given log-odds keeps its accuracy where `p = σ(η)` rounds to 0 or 1
/// (SciPy's `gammaln` and `log_expit`, Scripts/fixtures/logprob.py), and its gradient is finite there.
@Suite struct BinomialLogitTests {
    @Test func logOddsFormAgainstSciPy() throws {
        let c = (try Fixture.load("logprob") as! [String: Any])["binomial_logit"] as! [String: Any]
        func array(_ key: String) throws -> NDArray { try NDArray((c[key] as! [Any]).map(Fixture.double)) }
        let (n, k, eta, expected) = (try array("n"), try array("value"), try array("eta"), try array("logp"))
        let e = vector("eta"), nv = vector("n"), kv = vector("k")
        let y = Random.binomial(nv, sigmoid(e), size: [k.count])
        expectClose(try logp(y, kv).eval([e: eta, nv: n, kv: k]), expected, rtol: 1e-12)
        for at in [[-45.0, 2.0, 33.0], [0.4, -1.0, 29.5]] {
            try checkGradient([e], at: [try NDArray(at)]) { v in
                sum(try! logp(Random.binomial(constant(try! NDArray([6.0, 6.0, 6.0])), sigmoid(v[0]), size: [3]), [4.0, 0.0, 6.0]))
            }
        }
    }
}
