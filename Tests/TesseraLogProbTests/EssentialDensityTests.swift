import Foundation
import Testing
import TesseraLogProb
import TesseraTestSupport

/// The essential densities against SciPy (Scripts/fixtures/essential_densities.py), with gradients.
@Suite struct EssentialDensityTests {
    static func rv(_ name: String, _ p: [Double]) -> Variable {
        let v = p.map { Variable(floatLiteral: $0) }
        switch name {
        case "halfnormal": return Random.halfNormal(v[0], size: [5])
        case "halfcauchy": return Random.halfCauchy(v[0], size: [5])
        case "cauchy": return Random.cauchy(v[0], v[1], size: [5])
        case "exponential": return Random.exponential(v[0], size: [5])
        case "lognormal": return Random.logNormal(v[0], v[1], size: [5])
        case "gamma": return Random.gamma(v[0], v[1], size: [5])
        case "invgamma": return Random.inverseGamma(v[0], v[1], size: [5])
        case "beta": return Random.beta(v[0], v[1], size: [6])
        case "studentt": return Random.studentT(v[0], v[1], v[2], size: [5])
        case "halfstudentt": return Random.halfStudentT(v[0], v[1], size: [5])
        case "uniform": return Random.uniform(v[0], v[1], size: [5])
        case "bernoulli": return Random.bernoulli(v[0], size: [5])
        case "binomial": return Random.binomial(Variable(integerLiteral: Int(p[0])), v[1], size: [5])
        case "poisson": return Random.poisson(v[0], size: [5])
        default:
            let probs = constant(try! NDArray(p))
            return Random.categorical(probs, size: [3])
        }
    }

    @Test func againstSciPy() throws {
        let cases = try Fixture.load("essential_densities") as! [[String: Any]]
        for c in cases {
            let name = c["name"] as! String
            let params = (c["params"] as! [Any]).map(Fixture.double)
            let values = (c["values"] as! [Any]).map(Fixture.double)
            let x = Self.rv(name, params)
            let xv = tensor("x_vv", dtype: x.dtype, shape: [values.count])
            let input = try NDArray(values).astype(x.dtype)
            expectClose(try logp(x, xv).eval([xv: input]), try NDArray((c["logp"] as! [Any]).map(Fixture.double)),
                        rtol: 1e-12, checkDType: false, name)
            if let cdf = c["logcdf"] as? [Any] {
                expectClose(try logcdf(x, xv).eval([xv: input]), try NDArray(cdf.map(Fixture.double)), rtol: 1e-10,
                            checkDType: false, "\(name) logcdf")
            }
        }
    }

    @Test func gradientsWithRespectToParametersAndValue() throws {
        let a = scalar("a"), b = scalar("b"), x = scalar("x")
        let cases: [(String, (Variable, Variable) -> Variable, [Double], Double)] = [
            ("gamma", { Random.gamma($0, $1) }, [2.5, 1.5], 0.7),
            ("beta", { Random.beta($0, $1) }, [2.0, 3.5], 0.3),
            ("studentt", { Random.studentT(4.0, $0, $1) }, [0.5, 1.5], 1.2),
            ("lognormal", { Random.logNormal($0, $1) }, [0.2, 0.8], 1.4),
            ("halfcauchy", { s, _ in Random.halfCauchy(s) }, [2.5, 0], 0.9),
            ("invgamma", { Random.inverseGamma($0, $1) }, [3.0, 2.0], 0.8),
        ]
        for (name, make, p, at) in cases {
            try checkGradient([a, b, x], at: [NDArray(p[0]), NDArray(p[1]), NDArray(at)], rtol: 1e-6) { v in
                (try? logp(make(v[0], v[1]), v[2])) ?? .carrying(.invalidArgument(name))
            }
        }
    }

    @Test func invalidParametersGiveMinusInfinity() throws {
        #expect(try logp(Random.gamma(-1.0, 1.0), 1.0).eval().doubles == [-.infinity])
        #expect(try logp(Random.halfNormal(-1.0), 1.0).eval().doubles == [-.infinity])
        #expect(try logp(Random.bernoulli(1.5), 1).eval().doubles == [-.infinity])
    }
}
