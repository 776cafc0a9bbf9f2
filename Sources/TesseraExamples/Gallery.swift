import Foundation
import TesseraPPL

/// The example gallery: complete models with their data embedded or generated (seeded), as PyMC's
/// example notebooks have them. `tessera example NAME` samples one and prints its summary.
public enum Gallery {
    /// The gallery's models by name.
    public static let names = [
        "eight_schools_centered", "eight_schools_noncentered", "radon", "logistic_regression", "censored_regression",
        "gaussian_mixture", "stochastic_volatility", "ar1", "poisson_offset", "change_point",
    ]

    static let schoolsY: [Double] = [28, 8, -3, 7, -1, 1, 18, 12]
    static let schoolsSigma: [Double] = [15, 10, 16, 11, 9, 11, 10, 18]
    static let schools = ["Choate", "Deerfield", "Phillips Andover", "Phillips Exeter", "Hotchkiss", "Lawrenceville",
                          "St. Paul's", "Mt. Hermon"]

    /// Seeded normal draws (the data of the simulated examples).
    static func normals(_ n: Int, seed: UInt64) -> [Double] {
        (try? draw(Random.normal(0.0, 1.0, size: [n]), seed: seed).doubles) ?? []
    }

    /// Builds an example model.
    public static func model(_ name: String) throws -> Model {
        switch name {
        case "eight_schools_centered":
            return try Model(coords: ["school": schools]) {
                let mu = Normal("mu", mu: 0, sigma: 5)
                let tau = HalfCauchy("tau", beta: 5)
                let theta = Normal("theta", mu: mu, sigma: tau, dims: ["school"])
                Normal("y", mu: theta, sigma: schoolsSigma, observed: schoolsY, dims: ["school"])
            }
        case "eight_schools_noncentered":
            return try Model(coords: ["school": schools]) {
                let mu = Normal("mu", mu: 0, sigma: 5)
                let tau = HalfCauchy("tau", beta: 5)
                let z = Normal("theta_tilde", mu: 0, sigma: 1, dims: ["school"])
                let theta = Deterministic("theta", mu + tau * z, dims: ["school"])
                Normal("y", mu: theta, sigma: schoolsSigma, observed: schoolsY, dims: ["school"])
            }
        case "radon":
            // A simulated radon-style varying-intercept regression: 10 counties, 200 houses, a floor effect.
            let counties = 10, houses = 200
            let county = (0..<houses).map { $0 % counties }
            let floor = (0..<houses).map { Double(($0 / counties) % 2) }
            let z = normals(counties + houses, seed: 11)
            let a = (0..<counties).map { 1.5 + 0.4 * z[$0] }
            let y = (0..<houses).map { a[county[$0]] - 0.6 * floor[$0] + 0.7 * z[counties + $0] }
            return try Model(coords: ["county": (0..<counties).map { "c\($0)" }]) {
                let muA = Normal("mu_a", mu: 0, sigma: 10)
                let sigmaA = HalfNormal("sigma_a", sigma: 5)
                let alpha = Normal("alpha", mu: muA, sigma: sigmaA, dims: ["county"])
                let beta = Normal("beta", mu: 0, sigma: 10)
                let sigma = HalfNormal("sigma", sigma: 5)
                let idx = constant(NDArray(uncheckedShapeInts: county))
                Normal("log_radon", mu: alpha[idx] + beta * constant(try NDArray(floor)), sigma: sigma, observed: y)
            }
        case "logistic_regression":
            let n = 300
            let x = normals(2 * n, seed: 12)
            let u = (try? draw(Random.uniform(0.0, 1.0, size: [n]), seed: 13).doubles) ?? []
            let y = (0..<n).map { i -> Int in
                let eta = -0.5 + 1.2 * x[2 * i] - 0.8 * x[2 * i + 1]
                return u[i] < 1 / (1 + Foundation.exp(-eta)) ? 1 : 0
            }
            let design = constant(try NDArray(shape: [n, 2], elements: x))
            return try Model {
                let intercept = Normal("intercept", mu: 0, sigma: 2)
                let beta = Normal("beta", mu: 0, sigma: 2, shape: [2])
                Bernoulli("y", logitP: intercept + matmul(design, beta), observed: y)
            }
        case "censored_regression":
            let n = 200
            let z = normals(2 * n, seed: 14)
            let x = (0..<n).map { z[$0] }
            let y = (0..<n).map { min(2.0, max(-2.0, 0.5 + 1.5 * x[$0] + 0.5 * z[n + $0])) }
            return try Model {
                let a = Normal("a", mu: 0, sigma: 5)
                let b = Normal("b", mu: 0, sigma: 5)
                let sigma = HalfNormal("sigma", sigma: 2)
                Censored("y", dist: Normal.dist(mu: a + b * constant(try NDArray(x)), sigma: sigma), lower: -2.0, upper: 2.0,
                         observed: y)
            }
        case "gaussian_mixture":
            let z = normals(300, seed: 15)
            let y = z.enumerated().map { i, v in i % 3 == 0 ? -2 + 0.5 * v : 2 + 0.7 * v }
            return try Model {
                let w = Dirichlet("w", a: [1.0, 1.0])
                let mu = Normal("mu", mu: 0, sigma: 5, shape: [2], transform: .custom(OrderedTransform()), initval: [-1.0, 1.0])
                let sigma = HalfNormal("sigma", sigma: 2, shape: [2])
                Mixture("y", w: w, compDists: [Normal.dist(mu: mu[0], sigma: sigma[0]), Normal.dist(mu: mu[1], sigma: sigma[1])],
                        observed: y)
            }
        case "stochastic_volatility":
            let t = 100
            let z = normals(2 * t, seed: 16)
            var h = 0.0
            let returns = (0..<t).map { i -> Double in
                h += 0.2 * z[i]
                return Foundation.exp(h / 2) * z[t + i] * 0.1
            }
            return try Model {
                let sigma = Exponential("sigma", lam: 10)
                let s = GaussianRandomWalk("s", sigma: sigma, initDist: Normal.dist(mu: 0, sigma: 1), steps: t - 1)
                Normal("returns", mu: 0, sigma: exp(-2.0 * s), observed: returns)
            }
        case "ar1":
            let t = 150
            let z = normals(t, seed: 17)
            var x = [Double](repeating: 0, count: t)
            for i in 1..<t { x[i] = 0.7 * x[i - 1] + 0.5 * z[i] }
            let series = constant(try NDArray(x))
            return try Model {
                let rho = Uniform("rho", lower: -1, upper: 1)
                let sigma = HalfNormal("sigma", sigma: 1)
                // AR(1) given the first value: x_t ~ N(rho x_{t−1}, sigma).
                Normal("x", mu: rho * series[0..<(t - 1)], sigma: sigma, observed: Array(x[1...]))
            }
        case "poisson_offset":
            let n = 100
            let z = normals(n, seed: 18)
            let exposure = (0..<n).map { 1 + Double($0 % 5) }
            let lam = (0..<n).map { exposure[$0] * Foundation.exp(0.3 + 0.5 * z[$0]) }
            let counts = (try? zip(lam, 0..<n).map { l, i in Int(try draw(Random.poisson(Variable(floatLiteral: l)), seed: UInt64(100 + i)).doubles[0]) }) ?? []
            return try Model {
                let a = Normal("a", mu: 0, sigma: 2)
                let b = Normal("b", mu: 0, sigma: 2)
                let offset = constant(try NDArray(exposure.map { Foundation.log($0) }))
                Poisson("y", mu: exp(offset + a + b * constant(try NDArray(z))), observed: counts)
            }
        case "change_point":
            // Coal-mining-style counts with a switch point: a discrete uniform switch, Gibbs-sampled.
            let n = 60
            let counts = (0..<n).map { i in i < 35 ? [3, 4, 2, 5, 3][i % 5] : [1, 0, 1, 2, 0][i % 5] }
            return try Model {
                let switchpoint = DiscreteUniform("switchpoint", lower: 0, upper: n - 1)
                let early = Exponential("early_rate", lam: 1)
                let late = Exponential("late_rate", lam: 1)
                let years = constant(try NDArray((0..<n).map(Double.init)))
                let rate = `where`(years .< cast(switchpoint, to: .float64), early, late)
                Poisson("disasters", mu: rate, observed: counts)
            }
        default:
            throw ModelError.unknownVariable("no example named '\(name)' (the gallery: \(names.joined(separator: ", ")))")
        }
    }
}
