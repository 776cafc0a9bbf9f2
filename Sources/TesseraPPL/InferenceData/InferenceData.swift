import Foundation
import Tessera

/// The results of inference, grouped as ArviZ's `InferenceData`: draws of the posterior and
/// prior, predictive draws, sampler statistics, the data, and pointwise log-likelihoods, each
/// group a ``Dataset`` with named dims (`chain`, `draw`, and the model's own).
///
/// ```swift
/// let idata = try sample(model, draws: 1000, chains: 4)
/// idata.posterior["mu"]                  // NDArray [chain, draw]
/// print(summary(idata))
/// try idata.write(to: "fit.zarr")        // xarray.open_datatree / arviz.from_zarr read it
/// let back = try InferenceData(contentsOf: URL(fileURLWithPath: "fit.zarr"))
/// ```
///
/// An empty group is absent: ``groups`` lists the others, and only they are written.
public struct InferenceData: Sendable, Hashable, CustomStringConvertible {
    /// Draws from the posterior.
    public var posterior: Dataset
    /// Draws of the observed variables given posterior draws.
    public var posteriorPredictive: Dataset
    /// Pointwise log-likelihood of the observations at each posterior draw.
    public var logLikelihood: Dataset
    /// Sampler statistics per draw (`diverging`, `energy`, `tree_depth`, …).
    public var sampleStats: Dataset
    /// Draws from the prior.
    public var prior: Dataset
    /// Draws of the observed variables from the prior.
    public var priorPredictive: Dataset
    /// The observed data (no sample dims).
    public var observedData: Dataset
    /// Other data the model was given (no sample dims).
    public var constantData: Dataset
    /// Draws kept from tuning.
    public var warmupPosterior: Dataset
    /// Sampler statistics of the tuning draws.
    public var warmupSampleStats: Dataset
    /// Attributes of the whole: `created_at`, `inference_library`, `inference_library_version`, ….
    public var attrs: [String: AttributeValue]

    /// The version written as `inference_library_version`.
    public static let libraryVersion = "0.1.0"

    /// The groups, by their ArviZ names, in ArviZ's order.
    public enum Group: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        case posterior
        case posteriorPredictive = "posterior_predictive"
        case logLikelihood = "log_likelihood"
        case sampleStats = "sample_stats"
        case prior
        case priorPredictive = "prior_predictive"
        case observedData = "observed_data"
        case constantData = "constant_data"
        case warmupPosterior = "warmup_posterior"
        case warmupSampleStats = "warmup_sample_stats"

        public var description: String { rawValue }
    }

    /// Creates inference data from its groups.
    ///
    /// Each non-empty group without attributes gets ``defaultAttributes(createdAt:)``, as ArviZ
    /// stamps its groups; `attrs` defaults to the same.
    public init(posterior: Dataset = Dataset(), posteriorPredictive: Dataset = Dataset(),
                logLikelihood: Dataset = Dataset(), sampleStats: Dataset = Dataset(),
                prior: Dataset = Dataset(), priorPredictive: Dataset = Dataset(),
                observedData: Dataset = Dataset(), constantData: Dataset = Dataset(),
                warmupPosterior: Dataset = Dataset(), warmupSampleStats: Dataset = Dataset(),
                attrs: [String: AttributeValue]? = nil) {
        self.posterior = posterior
        self.posteriorPredictive = posteriorPredictive
        self.logLikelihood = logLikelihood
        self.sampleStats = sampleStats
        self.prior = prior
        self.priorPredictive = priorPredictive
        self.observedData = observedData
        self.constantData = constantData
        self.warmupPosterior = warmupPosterior
        self.warmupSampleStats = warmupSampleStats
        let stamp = Self.defaultAttributes()
        self.attrs = attrs ?? stamp
        for g in Group.allCases where !self[g].isEmpty && self[g].attrs.isEmpty { self[g].attrs = stamp }
    }

    /// Inference data of posterior draws given per chain: `chains[c][name]` has the shape `[draw, …]`.
    ///
    /// - Parameters:
    ///   - chains: each chain's draws.
    ///   - sampleStats: each chain's sampler statistics, the same way (optional).
    ///   - order: the variable order; sorted by default.
    ///   - dims: each variable's dims after `chain` and `draw`.
    ///   - coords: labels of dims.
    /// - Throws: ``InferenceDataError/invalidArgument(_:)`` when chains disagree.
    public init(chains: [[String: NDArray]], sampleStats: [[String: NDArray]] = [],
                order: [String]? = nil, dims: [String: [String]] = [:],
                coords: [String: CoordinateLabels] = [:]) throws {
        let posterior = try Dataset(chains: chains, order: order, dims: dims, coords: coords)
        let stats = sampleStats.isEmpty ? Dataset() : try Dataset(chains: sampleStats)
        self.init(posterior: posterior, sampleStats: stats)
    }

    /// The attributes ArviZ gives a group: `created_at` (ISO 8601, UTC), `inference_library`
    /// `"tessera"` and `inference_library_version`.
    public static func defaultAttributes(createdAt: Date = Date()) -> [String: AttributeValue] {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return ["created_at": .string(f.string(from: createdAt)),
                "inference_library": "tessera",
                "inference_library_version": .string(libraryVersion)]
    }

    /// A group by name.
    public subscript(group: Group) -> Dataset {
        get {
            switch group {
            case .posterior: posterior
            case .posteriorPredictive: posteriorPredictive
            case .logLikelihood: logLikelihood
            case .sampleStats: sampleStats
            case .prior: prior
            case .priorPredictive: priorPredictive
            case .observedData: observedData
            case .constantData: constantData
            case .warmupPosterior: warmupPosterior
            case .warmupSampleStats: warmupSampleStats
            }
        }
        set {
            switch group {
            case .posterior: posterior = newValue
            case .posteriorPredictive: posteriorPredictive = newValue
            case .logLikelihood: logLikelihood = newValue
            case .sampleStats: sampleStats = newValue
            case .prior: prior = newValue
            case .priorPredictive: priorPredictive = newValue
            case .observedData: observedData = newValue
            case .constantData: constantData = newValue
            case .warmupPosterior: warmupPosterior = newValue
            case .warmupSampleStats: warmupSampleStats = newValue
            }
        }
    }

    /// The non-empty groups, in ArviZ's order.
    public var groups: [Group] { Group.allCases.filter { !self[$0].isEmpty } }

    /// Each group's variables, in the manner of ArviZ's `InferenceData` repr.
    public var description: String {
        var lines = ["Inference data with groups:"]
        for g in groups {
            let ds = self[g]
            let dims = ds.dimNames.map { "\($0): \(ds.coords[$0]!.count)" }.joined(separator: ", ")
            lines.append("\t> \(g.rawValue) (\(dims)): \(ds.names.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }
}
