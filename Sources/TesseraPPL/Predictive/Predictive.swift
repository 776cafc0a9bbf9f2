import Foundation
import Tessera

/// Draws from the prior (PyMC's `pm.sample_prior_predictive`): the free variables and deterministics
/// in `prior`, the observed variables in `prior_predictive`, the data in `observed_data`; one chain
/// of `draws`, compiled once with RNG updates.
public func samplePriorPredictive(_ model: Model, draws: Int = 500, varNames: [String]? = nil, seed: UInt64? = nil) throws
    -> InferenceData
{
    let (prior, predictive) = try ForwardSampling.prior(model, draws: draws, varNames: varNames, seed: seed)
    let coords = model.coords.mapValues { CoordinateLabels.strings($0) }
    return InferenceData(
        prior: try Dataset(samples: prior, order: model.order.filter { prior[$0] != nil }, dims: model.dims, coords: coords),
        priorPredictive: try Dataset(samples: predictive, dims: model.dims, coords: coords),
        observedData: try observedDataset(model))
}

/// Draws the observed variables (or `varNames`) at each posterior draw of `trace` (PyMC's
/// `pm.sample_posterior_predictive`), in `posterior_predictive` with the trace's chains and draws.
public func samplePosteriorPredictive(_ model: Model, _ trace: InferenceData, varNames: [String]? = nil,
                                      seed: UInt64? = nil) throws -> InferenceData {
    var posterior: [String: NDArray] = [:]
    for name in trace.posterior.names { posterior[name] = trace.posterior[name] }
    let draws = try ForwardSampling.posteriorPredictive(model, posterior: posterior, varNames: varNames, seed: seed)
    let coords = model.coords.mapValues { CoordinateLabels.strings($0) }
    var out = trace
    out.posteriorPredictive = try Dataset(samples: draws, dims: model.dims, coords: coords)
    if out.observedData.isEmpty { out.observedData = try observedDataset(model) }
    return out
}

/// The observed data of a model's observed variables.
func observedDataset(_ model: Model) throws -> Dataset {
    var observed: [String: NDArray] = [:]
    for rv in model.observedRVs {
        if let v = model.rvsToValues[rv]?.value { observed[model.nameOf(rv)] = v }
    }
    return try Dataset(data: observed, dims: model.dims.filter { observed[$0.key] != nil },
                       coords: model.coords.mapValues { CoordinateLabels.strings($0) })
}
