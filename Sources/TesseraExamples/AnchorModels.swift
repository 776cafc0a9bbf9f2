import Foundation
import TesseraPPL

/// The six anchor models of `../shared/anchors/` (the same data, fixed point and reference logp+gradient
/// that PyMC, nutpie, NumPyro and Stan were measured on), written with Tessera.
public enum AnchorModels {
    /// The anchors' model names, in the order of their README.
    public static let names = ["talk", "eight_schools_noncentered", "hier_linreg", "logistic_large", "grw", "censored"]

    /// One anchor model with its data and reference values.
    public struct Case {
        public let name: String
        public let model: Model
        /// The unconstrained fixed point, in the anchors' canonical order (the model's value-variable order).
        public let fixedPoint: [Double]
        /// NumPyro's logp and gradient there (exact to SciPy's precision, per the anchors' README).
        public let referenceLogp: Double
        public let referenceGradient: [Double]
    }

    /// Where the anchors' data lie: `$TESSERA_ANCHORS`, else `../shared/anchors/data` from the
    /// current directory or from this source file's package.
    public static func dataDirectory() -> URL? {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["TESSERA_ANCHORS"] { candidates.append(URL(fileURLWithPath: env)) }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        candidates.append(cwd.appendingPathComponent("../shared/anchors/data"))
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent("../shared/anchors/data"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("talk.json").path) }
    }

    /// Loads one anchor case.
    public static func load(_ name: String, from directory: URL) throws -> Case {
        let data = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("\(name).json"))) as! [String: Any]
        let reference = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("reference_logp_grad.json"))) as! [String: Any]
        let ref = (reference["models"] as! [String: Any])[name] as! [String: Any]
        let inputs = data["data"] as! [String: Any]
        func doubles(_ key: String) -> [Double] { (inputs[key] as! [Any]).map { ($0 as! NSNumber).doubleValue } }
        func number(_ key: String) -> Double { (inputs[key] as! NSNumber).doubleValue }
        let model: Model
        switch name {
        case "talk":
            model = try Model {
                let mu = Normal("mu", mu: 0, sigma: 1)
                let logSigma = Normal("log_sigma", mu: 0, sigma: 1)
                Normal("y", mu: mu, sigma: exp(logSigma), observed: doubles("y"))
            }
        case "eight_schools_noncentered":
            model = try Model {
                let mu = Normal("mu", mu: 0, sigma: 5)
                let tau = HalfCauchy("tau", beta: 5)
                let thetaTilde = Normal("theta_tilde", mu: 0, sigma: 1, shape: [8])
                Normal("y", mu: mu + tau * thetaTilde, sigma: doubles("sigma"), observed: doubles("y"))
            }
        case "hier_linreg":
            let g = (inputs["g"] as! [Any]).map { ($0 as! NSNumber).intValue }
            let j = (inputs["J"] as! NSNumber).intValue
            model = try Model {
                let muA = Normal("mu_a", mu: 0, sigma: 5)
                let sigmaA = HalfNormal("sigma_a", sigma: 1)
                let a = Normal("a", mu: muA, sigma: sigmaA, shape: [j])
                let b = Normal("b", mu: 0, sigma: 5)
                let sigma = HalfNormal("sigma", sigma: 1)
                let group = constant(NDArray(uncheckedShapeInts: g))
                let x = constant(try NDArray(doubles("x")))
                Normal("y", mu: a[group] + b * x, sigma: sigma, observed: doubles("y"))
            }
        case "logistic_large":
            let rows = inputs["X"] as! [[Any]]
            let p = rows.first?.count ?? 0
            let flat = rows.flatMap { $0.map { ($0 as! NSNumber).doubleValue } }
            let x = constant(try NDArray(shape: [rows.count, p], elements: flat))
            let y = (inputs["y"] as! [Any]).map { ($0 as! NSNumber).intValue }
            model = try Model {
                let beta = Normal("beta", mu: 0, sigma: 1, shape: [p])
                Bernoulli("y", logitP: matmul(x, beta), observed: y)
            }
        case "grw":
            let t = (inputs["T"] as! NSNumber).intValue
            model = try Model {
                let sigma = HalfNormal("sigma", sigma: 1)
                let z = Normal("z", mu: 0, sigma: 1, shape: [t])
                Normal("y", mu: cumsum(sigma * z), sigma: number("obs_sigma"), observed: doubles("y"))
            }
        case "censored":
            model = try Model {
                let mu = Normal("mu", mu: 0, sigma: 2)
                Censored("y", dist: Normal.dist(mu: mu, sigma: 1), lower: number("lower"), upper: number("upper"),
                         observed: doubles("y"))
            }
        default:
            throw ModelError.unknownVariable("no anchor model named '\(name)' (known: \(names))")
        }
        return Case(name: name, model: model, fixedPoint: (data["fixed_point_flat"] as! [Any]).map { ($0 as! NSNumber).doubleValue },
                    referenceLogp: (ref["numpyro_logp"] as! NSNumber).doubleValue,
                    referenceGradient: (ref["numpyro_grad"] as! [Any]).map { ($0 as! NSNumber).doubleValue })
    }
}
