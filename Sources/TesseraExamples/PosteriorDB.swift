import Foundation
import TesseraPPL

/// Cases of `../shared/posteriordb/`: posteriors with Stan-computed reference summaries, written
/// as Tessera models (PyMC terms as the case descriptions give them).
public enum PosteriorDB {
    /// One case: the model, and the reference summary per scalar element (`theta[3]`, 1-based as Stan).
    public struct Case {
        public let name: String
        public let model: Model
        /// `element → (mean, sd, mcse_mean, mcse_sd)`
        public let reference: [String: (mean: Double, sd: Double, mcseMean: Double, mcseSD: Double)]
        /// How to read an element from the draws: variable name and flat index.
        public let elements: [String: (variable: String, index: Int)]
        public let targetAccept: Double
        /// The init (metric adaptation) the case samples with.
        public var initMethod: InitMethod = .jitterAdaptDiag
    }

    /// The cases tested on every run: all ten (diamonds, 26 strongly correlated dimensions over 5000 rows,
    /// samples with a dense metric).
    public static let tested = [
        "eight_schools-eight_schools_noncentered", "kidiq-kidscore_interaction", "earnings-logearn_interaction_z",
        "sblrc-blr", "arK-arK", "low_dim_gauss_mix-low_dim_gauss_mix", "gp_pois_regr-gp_pois_regr",
        "kilpisjarvi_mod-kilpisjarvi", "garch-garch11", "diamonds-diamonds",
    ]

    /// The cases written so far.
    public static let names = [
        "eight_schools-eight_schools_noncentered", "kidiq-kidscore_interaction", "earnings-logearn_interaction_z",
        "sblrc-blr", "arK-arK", "low_dim_gauss_mix-low_dim_gauss_mix", "gp_pois_regr-gp_pois_regr",
        "kilpisjarvi_mod-kilpisjarvi", "diamonds-diamonds", "garch-garch11",
    ]

    /// `../shared/posteriordb` from the current directory or this package.
    public static func directory() -> URL? {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return [cwd.appendingPathComponent("../shared/posteriordb"), root.appendingPathComponent("../shared/posteriordb")]
            .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("README.md").path) }
    }

    public static func load(_ name: String, from dir: URL) throws -> Case {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("\(name).json"))) as! [String: Any]
        let data = json["data"] as! [String: Any]
        func vec(_ k: String) -> [Double] { (data[k] as! [Any]).map { ($0 as! NSNumber).doubleValue } }
        func num(_ k: String) -> Double { (data[k] as! NSNumber).doubleValue }
        func mat(_ k: String) throws -> NDArray {
            let rows = (data[k] as! [[Any]]).map { $0.map { ($0 as! NSNumber).doubleValue } }
            return try NDArray(shape: [rows.count, rows.first?.count ?? 0], elements: rows.flatMap { $0 })
        }
        var targetAccept = 0.8
        var initMethod = InitMethod.jitterAdaptDiag
        let model: Model
        switch name {
        case "eight_schools-eight_schools_noncentered":
            targetAccept = 0.95
            model = try Model {
                let thetaTrans = Normal("theta_trans", mu: 0, sigma: 1, shape: [8])
                let mu = Normal("mu", mu: 0, sigma: 5)
                let tau = HalfCauchy("tau", beta: 5)
                let theta = Deterministic("theta", thetaTrans * tau + mu)
                Normal("y", mu: theta, sigma: vec("sigma"), observed: vec("y"))
            }
        case "kidiq-kidscore_interaction":
            let hs = constant(try NDArray(vec("mom_hs"))), iq = constant(try NDArray(vec("mom_iq")))
            model = try Model {
                let beta = Flat("beta", shape: [4])
                let sigma = HalfCauchy("sigma", beta: 2.5)
                let mu = beta[0] + beta[1] * hs + beta[2] * iq + beta[3] * (hs * iq)
                Normal("kid_score", mu: mu, sigma: sigma, observed: vec("kid_score"))
            }
        case "earnings-logearn_interaction_z":
            let h = vec("height")
            let m = h.reduce(0, +) / Double(h.count)
            let sd = (h.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(h.count - 1)).squareRoot()
            let z = constant(try NDArray(h.map { ($0 - m) / sd })), male = constant(try NDArray(vec("male")))
            model = try Model {
                let beta = Flat("beta", shape: [4])
                let sigma = HalfFlat("sigma")
                Normal("log_earn", mu: beta[0] + beta[1] * z + beta[2] * male + beta[3] * (z * male), sigma: sigma,
                       observed: vec("earn").map { Foundation.log($0) })
            }
        case "sblrc-blr":
            let x = constant(try mat("X"))
            let d = x.staticShape[1]!
            model = try Model {
                let beta = Normal("beta", mu: 0, sigma: 10, shape: [d])
                let sigma = HalfNormal("sigma", sigma: 10)
                Normal("y", mu: matmul(x, beta), sigma: sigma, observed: vec("y"))
            }
        case "arK-arK":
            let k = Int(num("K")), y = vec("y"), t = y.count
            let yv = constant(try NDArray(y))
            model = try Model {
                let alpha = Normal("alpha", mu: 0, sigma: 10)
                let beta = Normal("beta", mu: 0, sigma: 10, shape: [k])
                let sigma = HalfCauchy("sigma", beta: 2.5)
                var mu = alpha + 0.0 * yv[k..<t]
                for j in 1...k { mu = mu + beta[j - 1] * yv[(k - j)..<(t - j)] }
                Normal("y", mu: mu, sigma: sigma, observed: Array(y[k...]))
            }
        case "low_dim_gauss_mix-low_dim_gauss_mix":
            let y = vec("y")
            model = try Model {
                let mu = Normal("mu", mu: 0, sigma: 2, shape: [2], transform: .custom(OrderedTransform()),
                                initval: [-1.0, 1.0])
                let sigma = HalfNormal("sigma", sigma: 2, shape: [2])
                let theta = Beta("theta", alpha: 5, beta: 5)
                let yv = constant(try NDArray(y))
                let a = log(theta) + (-0.5 * square((yv - mu[0]) / sigma[0]) - log(sigma[0]))
                let b = log1p(-theta) + (-0.5 * square((yv - mu[1]) / sigma[1]) - log(sigma[1]))
                Potential("mix", sum(logaddexp(a, b)) - Double(y.count) * 0.5 * Foundation.log(2 * .pi))
            }
        case "gp_pois_regr-gp_pois_regr":
            targetAccept = 0.95
            let x = vec("x"), n = x.count
            let k = (data["k"] as! [Any]).map { ($0 as! NSNumber).intValue }
            let xv = constant(try NDArray(x))
            model = try Model {
                let rho = Gamma("rho", alpha: 25, beta: 4)
                let alpha = HalfNormal("alpha", sigma: 2)
                let fTilde = Normal("f_tilde", mu: 0, sigma: 1, shape: [n])
                let d = expandDims(xv, axis: 1) - expandDims(xv, axis: 0)
                let eye = constant(try NDArray(shape: [n, n], elements: (0..<(n * n)).map { $0 % (n + 1) == 0 ? 1e-10 : 0 }))
                let cov = square(alpha) * exp(-0.5 * square(d) / square(rho)) + eye
                let f = Deterministic("f", matmul(linalg.cholesky(cov), fTilde))
                Poisson("k", mu: exp(f), observed: k)
            }
        case "kilpisjarvi_mod-kilpisjarvi":
            targetAccept = 0.95
            model = try Model {
                let alpha = Normal("alpha", mu: num("pmualpha"), sigma: num("psalpha"))
                let beta = Normal("beta", mu: num("pmubeta"), sigma: num("psbeta"))
                let sigma = HalfFlat("sigma")
                Normal("y", mu: alpha + beta * constant(try NDArray(vec("x"))), sigma: sigma, observed: vec("y"))
            }
        case "garch-garch11":
            // The variance recursion is a loop over the observations y[0 … T−2] (a sequence):
            // σ²[t] = α0 + α1 (y[t−1] − μ)² + β1 σ²[t−1] for t = 1 … T−1, σ²[0] = sigma1².
            let y = vec("y"), sigma1 = num("sigma1")
            let lagged = constant(try NDArray(Array(y.dropLast())))
            let first = constant(NDArray(sigma1 * sigma1))
            model = try Model {
                let mu = Flat("mu")
                let alpha0 = HalfFlat("alpha0")
                let alpha1 = Uniform("alpha1", lower: 0.0, upper: 1.0)
                // Stan's beta1 in (0, 1 − alpha1) with no prior statement: flat on that interval (the
                // uniform's 1/(1 − alpha1) cancelled by the potential), only the transform's Jacobian remains.
                let beta1 = Uniform("beta1", lower: 0.0, upper: 1.0 - alpha1)
                Potential("beta1_flat", log(1.0 - alpha1))
                let recursion = scan(steps: y.count - 1, sequences: [lagged], initial: [first]) { e, s in
                    ScanStep(states: [alpha0 + alpha1 * square(e[0] - mu) + beta1 * s[0]])
                }
                let sigma = sqrt(concatenate([expandDims(first, axis: 0), recursion.states[0]]))
                Normal("y", mu: mu, sigma: sigma, observed: y)
            }
        case "diamonds-diamonds":
            targetAccept = 0.95
            initMethod = .jitterAdaptFull  // 24 collinear predictors: a dense metric
            let x = try mat("X")
            let (rows, kk) = (x.shape[0], x.shape[1])
            var xc = [Double](repeating: 0, count: rows * (kk - 1))
            for j in 1..<kk {
                let col = (0..<rows).map { x.doubles[$0 * kk + j] }
                let m = col.reduce(0, +) / Double(rows)
                for i in 0..<rows { xc[i * (kk - 1) + j - 1] = col[i] - m }
            }
            let xcv = constant(try NDArray(shape: [rows, kk - 1], elements: xc))
            model = try Model {
                let b = Normal("b", mu: 0, sigma: 1, shape: [kk - 1])
                let intercept = StudentT("Intercept", nu: 3, mu: 8, sigma: 10)
                let sigma = HalfStudentT("sigma", nu: 3, sigma: 10)
                Normal("Y", mu: intercept + matmul(xcv, b), sigma: sigma, observed: vec("Y"))
            }
        default:
            throw ModelError.unknownVariable("posteriordb case '\(name)' is not written yet")
        }
        // Reference elements.
        let ref = (json["reference"] as! [String: Any])["summary"] as! [String: Any]
        var reference: [String: (Double, Double, Double, Double)] = [:]
        var elements: [String: (String, Int)] = [:]
        for (element, row) in ref {
            let r = row as! [String: Any]
            func f(_ k: String) -> Double { (r[k] as! NSNumber).doubleValue }
            reference[element] = (f("mean"), f("sd"), f("mcse_mean"), f("mcse_sd"))
            if let open = element.firstIndex(of: "[") {
                let v = String(element[..<open])
                let idx = Int(element[element.index(after: open)..<element.index(before: element.endIndex)])! - 1
                elements[element] = (v, idx)
            } else {
                elements[element] = (element, 0)
            }
        }
        return Case(name: name, model: model, reference: reference.mapValues { (mean: $0.0, sd: $0.1, mcseMean: $0.2, mcseSD: $0.3) },
                    elements: elements.mapValues { (variable: $0.0, index: $0.1) }, targetAccept: targetAccept,
                    initMethod: initMethod)
    }
}
